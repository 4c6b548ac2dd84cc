/* nqpf spreg — Brent's (1973) minimiser without derivatives on [a, b]
 * (the algorithm of R's optimize), used on the concentrated log-likelihood. */
#include <float.h>
#include <math.h>

#include "brent.h"

double spreg_brent_min(double ax, double bx, double (*f)(double, void *), void *ctx, double tol)
{
    const double c = (3. - sqrt(5.)) * .5;
    double eps = sqrt(DBL_EPSILON);
    double a = ax, b = bx;
    double v = a + c * (b - a), w = v, x = v;
    double d = 0., e = 0.;
    double fx = f(x, ctx), fv = fx, fw = fx;
    double tol3 = tol / 3.;
    for (int it = 0; it < 1000; it++) {
        double xm = (a + b) * .5, tol1 = eps * fabs(x) + tol3, t2 = tol1 * 2.;
        if (fabs(x - xm) <= t2 - (b - a) * .5)
            break;
        double p = 0., q = 0., r = 0.;
        if (fabs(e) > tol1) {
            r = (x - w) * (fx - fv);
            q = (x - v) * (fx - fw);
            p = (x - v) * q - (x - w) * r;
            q = (q - r) * 2.;
            if (q > 0.)
                p = -p;
            else
                q = -q;
            r = e;
            e = d;
        }
        double u;
        if (fabs(p) >= fabs(q * .5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
            e = x < xm ? b - x : a - x;
            d = c * e;
        } else {
            d = p / q;
            u = x + d;
            if (u - a < t2 || b - u < t2) {
                d = tol1;
                if (x >= xm)
                    d = -d;
            }
        }
        if (fabs(d) >= tol1)
            u = x + d;
        else if (d > 0.)
            u = x + tol1;
        else
            u = x - tol1;
        double fu = f(u, ctx);
        if (fu <= fx) {
            if (u < x)
                b = x;
            else
                a = x;
            v = w, w = x, x = u;
            fv = fw, fw = fx, fx = fu;
        } else {
            if (u < x)
                a = u;
            else
                b = u;
            if (fu <= fw || w == x) {
                v = w, fv = fw;
                w = u, fw = fu;
            } else if (fu <= fv || v == x || v == w) {
                v = u, fv = fu;
            }
        }
    }
    return x;
}
