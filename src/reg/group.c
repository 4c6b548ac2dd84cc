/* Group codes for nqpf reg: compaction and interactions, singletons,
 * connected components of two fixed effects, nesting in a cluster. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/hugemem.h"
#include "nqpf/util.h"
#include "reg_internal.h"

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* Renumber keys[n] (UINT64_MAX = missing) in order of first appearance. */
static int compact(const uint64_t *key, size_t n, size_t *code, size_t *levels, nqpf_error *err)
{
    /* small keys (codes already below 2n, the usual case): a direct table */
    uint64_t kmax = 0;
    for (size_t i = 0; i < n; i++)
        if (key[i] != UINT64_MAX && key[i] > kmax)
            kmax = key[i];
    if (kmax < 2 * (uint64_t)n + 16) {
        size_t *id = nqpf_alloc((size_t)kmax + 1, sizeof *id), next = 0;
        if (!id)
            return nqpf_fail_nomem(err);
        for (size_t k = 0; k <= kmax; k++)
            id[k] = NQPF_REG_NA;
        for (size_t i = 0; i < n; i++) {
            if (key[i] == UINT64_MAX) {
                code[i] = NQPF_REG_NA;
                continue;
            }
            if (id[key[i]] == NQPF_REG_NA)
                id[key[i]] = next++;
            code[i] = id[key[i]];
        }
        *levels = next;
        free(id);
        return NQPF_OK;
    }
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap <<= 1;
    uint64_t *slot_key = nqpf_alloc(cap, sizeof *slot_key);
    size_t *slot_id = nqpf_alloc(cap, sizeof *slot_id);
    if (!slot_key || !slot_id) {
        free(slot_key), free(slot_id);
        return nqpf_fail_nomem(err);
    }
    for (size_t s = 0; s < cap; s++)
        slot_id[s] = NQPF_REG_NA;
    size_t next = 0;
    for (size_t i = 0; i < n; i++) {
        if (key[i] == UINT64_MAX) {
            code[i] = NQPF_REG_NA;
            continue;
        }
        size_t s = (size_t)(mix64(key[i]) & (cap - 1));
        while (slot_id[s] != NQPF_REG_NA && slot_key[s] != key[i])
            s = (s + 1) & (cap - 1);
        if (slot_id[s] == NQPF_REG_NA) {
            slot_key[s] = key[i];
            slot_id[s] = next++;
        }
        code[i] = slot_id[s];
    }
    *levels = next;
    free(slot_key), free(slot_id);
    return NQPF_OK;
}

int nqpf_reg_group(const size_t *const *parts, size_t n_parts, size_t n, size_t *code, size_t *levels,
                   nqpf_error *err)
{
    if (n_parts == 0)
        return nqpf_fail(err, NQPF_EINTERNAL, NULL, 0, 0, "nqpf_reg_group: no parts");
    uint64_t *key = nqpf_alloc_huge(n + 1, sizeof *key, NULL);
    if (!key)
        return nqpf_fail_nomem(err);
    for (size_t i = 0; i < n; i++)
        key[i] = parts[0][i] == NQPF_REG_NA ? UINT64_MAX : (uint64_t)parts[0][i];
    int rc = compact(key, n, code, levels, err);
    /* a#b#c: combine the compact code so far with the next part, itself
     * made compact first, as code * lp + pc (both < n < 2^32, so the pair
     * fits in 64 bits): any one-to-one key numbers the pairs alike, in order
     * of first appearance, and this one stays below levels * lp, small
     * enough for compact's direct table when the interaction is (a hash
     * table of 2n slots would be the largest allocation of a big fit) */
    size_t *pc = n_parts > 1 ? nqpf_alloc_huge(n + 1, sizeof *pc, NULL) : NULL, lp = 0;
    if (n_parts > 1 && !pc)
        rc = nqpf_fail_nomem(err);
    if (n > 0xFFFFFFFFULL)
        rc = nqpf_fail(err, NQPF_EINPUT, NULL, 0, 0, "more than 2^32 rows");
    for (size_t j = 1; rc == NQPF_OK && j < n_parts; j++) {
        uint64_t *k2 = (uint64_t *)key;
        for (size_t i = 0; i < n; i++)
            k2[i] = parts[j][i] == NQPF_REG_NA ? UINT64_MAX : (uint64_t)parts[j][i];
        if ((rc = compact(k2, n, pc, &lp, err)))
            break;
        for (size_t i = 0; i < n; i++)
            key[i] = code[i] == NQPF_REG_NA || pc[i] == NQPF_REG_NA
                         ? UINT64_MAX
                         : (uint64_t)code[i] * (uint64_t)lp + (uint64_t)pc[i];
        rc = compact(key, n, code, levels, err);
    }
    free(pc);
    free(key);
    return rc;
}

/* Linear time: a level whose kept count falls to 1 is pushed once (counts
 * only fall, so each level is pushed at most once), and its last row is
 * found as the XOR of the kept rows' indices.  The rows left are the
 * largest set in which every level has two rows or none, whatever the
 * order of removal, so this drops the same rows as repeated passes. */
size_t nqpf_reg_drop_singletons(const size_t *const *codes, const size_t *levels, size_t n_fe, size_t n,
                                unsigned char *keep)
{
    size_t total = 0, dropped = 0, top = 0;
    for (size_t g = 0; g < n_fe; g++)
        total += levels[g];
    size_t *cnt = nqpf_calloc(total + 1, sizeof *cnt), *xr = nqpf_calloc(total + 1, sizeof *xr);
    size_t *base = nqpf_alloc(n_fe + 1, sizeof *base), *stack = nqpf_alloc(total + 1, sizeof *stack);
    if (!cnt || !xr || !base || !stack) {
        free(cnt), free(xr), free(base), free(stack);
        return (size_t)-1;
    }
    for (size_t g = 0, o = 0; g < n_fe; o += levels[g], g++)
        base[g] = o;
    for (size_t g = 0; g < n_fe; g++)
        for (size_t i = 0; i < n; i++)
            if (keep[i]) {
                size_t l = base[g] + codes[g][i];
                cnt[l]++;
                xr[l] ^= i;
            }
    for (size_t l = 0; l < total; l++)
        if (cnt[l] == 1)
            stack[top++] = l;
    while (top > 0) {
        size_t l = stack[--top];
        if (cnt[l] != 1)
            continue; /* its last row went with another level */
        size_t r = xr[l];
        keep[r] = 0;
        dropped++;
        for (size_t g = 0; g < n_fe; g++) {
            size_t m = base[g] + codes[g][r];
            xr[m] ^= r;
            if (--cnt[m] == 1)
                stack[top++] = m;
        }
    }
    free(cnt), free(xr), free(base), free(stack);
    return dropped;
}

static size_t find(size_t *parent, size_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

size_t nqpf_reg_components(const size_t *a, size_t la, const size_t *b, size_t lb, size_t n)
{
    size_t *parent = nqpf_alloc(la + lb, sizeof *parent);
    if (!parent)
        return (size_t)-1;
    for (size_t i = 0; i < la + lb; i++)
        parent[i] = i;
    size_t comps = la + lb;
    for (size_t i = 0; i < n; i++) {
        size_t x = find(parent, a[i]), y = find(parent, la + b[i]);
        if (x != y) {
            parent[x < y ? y : x] = x < y ? x : y;
            comps--;
        }
    }
    free(parent);
    return comps;
}

int nqpf_reg_nested(const size_t *fe, size_t lfe, const size_t *cl, size_t n)
{
    size_t *owner = nqpf_alloc(lfe, sizeof *owner);
    if (!owner)
        return -1;
    for (size_t l = 0; l < lfe; l++)
        owner[l] = NQPF_REG_NA;
    int nested = 1;
    for (size_t i = 0; i < n && nested; i++) {
        if (owner[fe[i]] == NQPF_REG_NA)
            owner[fe[i]] = cl[i];
        else if (owner[fe[i]] != cl[i])
            nested = 0;
    }
    free(owner);
    return nested;
}
