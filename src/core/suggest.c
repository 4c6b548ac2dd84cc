/* nqpf — "did you mean" suggestions for misspelt names (see util.h).
 *
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions) over UTF-8 code points, so a Chinese column name with one
 * character wrong is one edit away, not three.  Names are short (column
 * names, options, commands): O(|a| |b|) per candidate with three rows of
 * at most SUGGEST_MAX code points on the stack. */
#include <stdint.h>
#include <string.h>

#include "nqpf/util.h"

#define SUGGEST_MAX 64

/* Decode up to max code points of s into cp; returns the count, or
 * max + 1 when s is longer (too long to compare). */
static size_t code_points(const char *s, uint32_t *cp, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        if (n == max)
            return max + 1;
        uint32_t c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (more)
            c &= 0x3Fu >> more;
        while (more-- && (*p & 0xC0) == 0x80)
            c = (c << 6) | (*p++ & 0x3F);
        /* ASCII letters compare case-insensitively: --Period ~ --period */
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        cp[n++] = c;
    }
    return n;
}

size_t nqpf_edit_distance(const char *a, const char *b)
{
    uint32_t x[SUGGEST_MAX], y[SUGGEST_MAX];
    size_t n = code_points(a, x, SUGGEST_MAX), m = code_points(b, y, SUGGEST_MAX);
    if (n > SUGGEST_MAX || m > SUGGEST_MAX)
        return (size_t)-1;
    size_t rows[3][SUGGEST_MAX + 1];
    size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = x[i - 1] != y[j - 1];
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

const char *nqpf_suggest(const char *word, const char *const *cands, size_t n)
{
    uint32_t tmp[SUGGEST_MAX];
    size_t len = code_points(word, tmp, SUGGEST_MAX);
    /* a hint is for people: past 50,000 candidates (a hostile header of a
     * million columns) none is computed, so an error stays cheap */
    if (len > SUGGEST_MAX || n > 50000)
        return NULL;
    /* at most one edit in three characters, and at least one */
    size_t limit = len / 3 > 1 ? len / 3 : 1, best = (size_t)-1;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], word) == 0)
            continue;
        size_t clen = code_points(cands[i], tmp, SUGGEST_MAX);
        if (clen > len + limit || len > clen + limit)
            continue; /* the lengths alone differ by more than the limit */
        size_t d = nqpf_edit_distance(word, cands[i]);
        if (d <= limit && d < best) {
            best = d;
            pick = cands[i];
        }
    }
    return pick;
}
