/* nqpf — a tiny test harness.
 *
 * A test program defines `static void test_xxx(void)` functions and calls
 * them with RUN(test_xxx) from main(), which ends with `return test_done();`.
 * Each test prints a TAP-like line ("ok - file: name" or "not ok - …") that
 * tests/run.sh counts.  CHECK_* macros record failures with file:line and
 * keep going, so one run shows every broken assertion. */
#ifndef NQPF_TEST_H
#define NQPF_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures_in_current = 0;
static int test_total_failed = 0;
static int test_total_passed = 0;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            test_failures_in_current++;                                             \
        }                                                                           \
    } while (0)

/* CHECK that also ends the current test (a void function) when the
 * condition fails: for results the rest of the test dereferences, so a
 * failed check is reported instead of crashing the test program. */
#define REQUIRE(cond)                                                               \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "  %s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
            test_failures_in_current++;                                             \
            return;                                                                 \
        }                                                                           \
    } while (0)

/* |a - b| <= rtol * max(|b|, 1e-300) or both NaN; use CHECK_ABS near zero. */
#define CHECK_REL(a, b, rtol)                                                       \
    do {                                                                            \
        double a_ = (a), b_ = (b);                                                  \
        double s_ = fabs(b_) > 1e-300 ? fabs(b_) : 1e-300;                          \
        if (!((isnan(a_) && isnan(b_)) || fabs(a_ - b_) <= (rtol) * s_)) {          \
            fprintf(stderr, "  %s:%d: %s = %.17g, expected %.17g (rel err %.3g > %.3g)\n", \
                    __FILE__, __LINE__, #a, a_, b_, fabs(a_ - b_) / s_, (double)(rtol)); \
            test_failures_in_current++;                                             \
        }                                                                           \
    } while (0)

#define CHECK_ABS(a, b, atol)                                                       \
    do {                                                                            \
        double a_ = (a), b_ = (b);                                                  \
        if (!((isnan(a_) && isnan(b_)) || fabs(a_ - b_) <= (atol))) {               \
            fprintf(stderr, "  %s:%d: %s = %.17g, expected %.17g (abs err %.3g > %.3g)\n", \
                    __FILE__, __LINE__, #a, a_, b_, fabs(a_ - b_), (double)(atol)); \
            test_failures_in_current++;                                             \
        }                                                                           \
    } while (0)

#define CHECK_STR(a, b)                                                             \
    do {                                                                            \
        const char *a_ = (a), *b_ = (b);                                            \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                    \
            fprintf(stderr, "  %s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
                    #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");                    \
            test_failures_in_current++;                                             \
        }                                                                           \
    } while (0)

#define RUN(fn)                                                                     \
    do {                                                                            \
        test_failures_in_current = 0;                                               \
        fn();                                                                       \
        if (test_failures_in_current) {                                             \
            printf("not ok - %s: %s\n", __FILE__, #fn);                             \
            test_total_failed++;                                                    \
        } else {                                                                    \
            printf("ok - %s: %s\n", __FILE__, #fn);                                 \
            test_total_passed++;                                                    \
        }                                                                           \
        fflush(stdout);                                                             \
    } while (0)

static inline int test_done(void) { return test_total_failed ? 1 : 0; }

/* The end of a main() that made a scratch folder with mkdtemp: remove it
 * and give test_done()'s status (1 when the folder could not be removed). */
static inline int test_done_rmdir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) != 0 ? 1 : test_done();
}

/* Where the reference cases live: $NQPF_REF (tests/run.sh sets it), else
 * tests/ref relative to the repository root, where the tests run.  Every
 * reference file a test reads is in the repository (tests/ref/README.md);
 * nothing is read from outside it. */
static inline const char *test_ref_dir(void)
{
    const char *s = getenv("NQPF_REF");
    return s && *s ? s : "tests/ref";
}

/* Build "<ref>/<rel>" into buf. */
static inline const char *test_ref(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", test_ref_dir(), rel);
    return buf;
}

#endif
