/* nqpf — the classes of a [map] style: the class limits of a figure's
 * values, and its legend's texts and colours. */
#include <stdio.h>
#include <string.h>

#include "nqpf/map.h"

int nqpf_map_style_breaks(const nqpf_map_style *st, const double *v, size_t n, double *brk)
{
    int rc = nqpf_map_breaks(v, n, st->classes == NQPF_MAP_BREAKS_USER ? NQPF_MAP_EQUAL : st->classes, st->k, brk);
    if (!rc && st->classes == NQPF_MAP_BREAKS_USER)
        memcpy(brk + 1, st->breaks, st->n_breaks * sizeof *brk);
    return rc;
}

void nqpf_map_legend(const nqpf_map_style *st, const double *brk, char (*txt)[NQPF_MAP_LEGTXT], const char **lt,
                     const char **col)
{
    size_t k = st->k;
    int user = st->classes == NQPF_MAP_BREAKS_USER;
    for (size_t j = 0; j < k; j++) {
        if (user && j == 0)
            snprintf(txt[j], sizeof txt[j], "≤ %.4g", brk[1]);
        else if (user && j + 1 == k)
            snprintf(txt[j], sizeof txt[j], "> %.4g", brk[k - 1]);
        else if (user)
            snprintf(txt[j], sizeof txt[j], "%.4g – %.4g", brk[j], brk[j + 1]);
        else
            snprintf(txt[j], sizeof txt[j], "%.3f – %.3f", brk[j], brk[j + 1]);
        lt[j] = txt[j], col[j] = nqpf_map_colour(k, j);
    }
}
