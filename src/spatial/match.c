/* nqpf — matching a user's unit column to the features of a map.
 *
 * Panels of Chinese cities name their units in many ways: the GB/T 2260
 * code as text or as a number ("370100", 370100.0, "3701" for the
 * prefecture, the 12-digit statistical code 370100000000), or the name with
 * or without its administrative suffix (济南 / 济南市, 兴安盟, 延边朝鲜族自治州
 * for the map's 延边).  Divisions also change over the years (莱芜 merged
 * into 济南 in 2019, 地区 became 市 with new codes): a crosswalk maps those
 * codes and names onto the map's.  Nothing is dropped silently: a unit that
 * matches nothing is an error naming it, and a unit that a crosswalk row
 * declares to have no polygon (三沙, a split 巢湖) is reported to the caller. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nqpf/spatial.h"
#include "nqpf/util.h"

const char *nqpf_match_how_name(nqpf_match_how h)
{
    switch (h) {
    case NQPF_MATCH_ID: return "id";
    case NQPF_MATCH_CODE: return "code";
    case NQPF_MATCH_NAME: return "name";
    case NQPF_MATCH_CROSSWALK: return "crosswalk";
    case NQPF_MATCH_NONE: return "no polygon";
    }
    return "?";
}

void nqpf_match_notes_free(nqpf_match_note *notes, size_t n)
{
    for (size_t i = 0; notes && i < n; i++)
        free(notes[i].unit), free(notes[i].feature), free(notes[i].why);
    free(notes);
}

/* The 6-digit GB code written in s, if s is one: digits with an optional
 * ".000" tail (a spreadsheet's number), 2/4 digits for a province or
 * prefecture (padded with zeros), 12 digits of a statistical code whose
 * last six are zero, or an integer in exponent form. */
static int canon_code(const char *s, char out[7])
{
    size_t nd = 0;
    while (isdigit((unsigned char)s[nd]))
        nd++;
    const char *tail = s + nd;
    if (*tail == '.') {
        tail++;
        while (*tail == '0')
            tail++;
    }
    if (nd > 0 && *tail == '\0') {
        if (nd == 12 && !strncmp(s + 6, "000000", 6))
            nd = 6;
        if (nd != 2 && nd != 4 && nd != 6)
            return 0;
        memcpy(out, s, nd);
        memset(out + nd, '0', 6 - nd);
        out[6] = '\0';
        return 1;
    }
    char *end;
    double v = strtod(s, &end); /* 3.701e+05 from a spreadsheet */
    if (end == s || *end != '\0' || !strpbrk(s, "eE") || !(v >= 100000 && v < 1000000) || v != floor(v))
        return 0;
    snprintf(out, 7, "%06.0f", v);
    return 1;
}

/* Suffixes of Chinese administrative names, longest first.  The 自治 forms
 * follow the ethnic names (延边朝鲜族自治州), which the map leaves out. */
static const char *const SUFFIX[] = {"特别行政区", "自治州", "自治县", "自治旗", "地区", "林区", "市", "盟", "县"};

/* Length of the name without its suffix; *autonomous when the suffix was a
 * 自治 one.  A suffix stays when it would leave fewer than two characters
 * (six bytes of UTF-8 CJK): 沙县 is not 沙. */
static size_t name_core(const char *s, int *autonomous)
{
    size_t len = strlen(s);
    *autonomous = 0;
    for (size_t k = 0; k < sizeof SUFFIX / sizeof SUFFIX[0]; k++) {
        size_t sl = strlen(SUFFIX[k]);
        if (len >= sl + 6 && !memcmp(s + len - sl, SUFFIX[k], sl)) {
            *autonomous = k >= 1 && k <= 3;
            return len - sl;
        }
    }
    return len;
}

static int same_core(const char *a, const char *b)
{
    int au;
    size_t la = name_core(a, &au), lb = name_core(b, &au);
    return la == lb && la > 0 && !memcmp(a, b, la);
}

typedef struct mctx {
    char *const *fid, *const *fname;
    size_t nf;
    nqpf_strmap ids;
    const nqpf_crosswalk *xw;
} mctx;

static long feature_of_code(const mctx *c, const char *code)
{
    return *code ? nqpf_strmap_find(&c->ids, code, strlen(code)) : -1;
}

/* Feature by name; -2 when two features fit equally well. */
static long feature_of_name(const mctx *c, const char *u)
{
    int aut, fa;
    size_t lu = name_core(u, &aut);
    long hit = -1;
    for (size_t f = 0; c->fname && f < c->nf; f++)
        if (c->fname[f] && same_core(u, c->fname[f])) {
            if (hit >= 0)
                return -2;
            hit = (long)f;
        }
    if (hit >= 0 || !aut)
        return hit;
    /* 黔西南布依族苗族自治州: the map's name is the part before the ethnic
     * names; take the longest feature name (two characters or more) that
     * starts it. */
    size_t best = 0;
    for (size_t f = 0; c->fname && f < c->nf; f++) {
        if (!c->fname[f])
            continue;
        size_t lf = name_core(c->fname[f], &fa);
        if (lf < 6 || lf >= lu || memcmp(u, c->fname[f], lf))
            continue;
        if (lf > best)
            best = lf, hit = (long)f;
        else if (lf == best)
            hit = -2;
    }
    return hit;
}

static char *fmt(const char *f, const char *a, const char *b, const char *d)
{
    size_t n = strlen(f) + strlen(a) + strlen(b) + strlen(d) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, f, a, b, d);
    return s;
}

/* A crosswalk row for code (or name) u whose target is a feature (*feat),
 * or one that says there is no polygon (*feat = -1).  Returns the row or
 * NULL. */
static const nqpf_crosswalk_row *via_crosswalk(const mctx *c, const char *code, const char *name, long *feat)
{
    for (size_t pass = 0; c->xw && pass < 2; pass++)
        for (size_t i = 0; i < c->xw->n; i++) {
            const nqpf_crosswalk_row *r = &c->xw->row[i];
            int none = !*r->to_code;
            /* pass 0: forward (from -> to); pass 1: a recode read backwards,
             * for a map newer than the user's codes */
            const char *fc = pass ? r->to_code : r->from_code, *fn = pass ? r->to_name : r->from_name;
            const char *tc = pass ? r->from_code : r->to_code;
            if (pass && strcmp(r->kind, "recode") && strcmp(r->kind, "rename"))
                continue;
            int hit = code ? (*fc && !strcmp(code, fc)) : (*fn && same_core(name, fn));
            if (!hit)
                continue;
            if (none) {
                *feat = -1;
                return r;
            }
            long f = feature_of_code(c, tc);
            if (f >= 0) {
                *feat = f;
                return r;
            }
        }
    return NULL;
}

/* Append ", 'u'" to list unless it does not fit whole (a UTF-8 name is
 * never cut inside a character). */
static void list_add(char *list, size_t size, const char *u, int comma)
{
    size_t used = strlen(list), need = strlen(u) + 2 + (comma ? 2 : 0);
    if (used + need < size)
        snprintf(list + used, size - used, "%s'%s'", comma ? ", " : "", u);
}

int nqpf_units_match(char *const *units, size_t n, char *const *fid, char *const *fname, size_t nf,
                     const nqpf_crosswalk *xw, const char *data_path, const long *lines, long *feature,
                     nqpf_match_how *how, char **why, nqpf_error *err)
{
    mctx c = {fid, fname, nf, {0}, xw};
    long *owner = malloc((nf ? nf : 1) * sizeof *owner);
    int rc = NQPF_OK;
    size_t n_bad = 0, first_bad = 0;
    char bad[400] = "";
    for (size_t i = 0; i < n; i++)
        why[i] = NULL;
    if (!owner)
        return nqpf_fail_nomem(err);
    for (size_t f = 0; f < nf; f++) {
        owner[f] = -1;
        if (nqpf_strmap_intern(&c.ids, fid[f], strlen(fid[f]), NULL) < 0) {
            rc = nqpf_fail_nomem(err);
            goto done;
        }
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const char *u = units[i];
        char code[7];
        long f = feature_of_code(&c, u);
        const nqpf_crosswalk_row *r = NULL;
        how[i] = NQPF_MATCH_ID;
        if (f < 0 && canon_code(u, code)) {
            if ((f = feature_of_code(&c, code)) >= 0) {
                how[i] = NQPF_MATCH_CODE;
                why[i] = fmt("GB code %s written as '%s'%s", code, u, "");
            } else {
                r = via_crosswalk(&c, code, NULL, &f);
            }
        } else if (f < 0) {
            f = feature_of_name(&c, u);
            if (f == -2) {
                rc = nqpf_fail(err, NQPF_EINPUT, data_path, lines ? lines[i] : 0, 0,
                               "unit '%s' fits the names of two or more map features: give its GB code", u);
                break;
            }
            if (f >= 0) {
                how[i] = NQPF_MATCH_NAME;
                why[i] = fmt("name '%s' is the map's '%s'%s", u, fname[f], "");
            } else {
                r = via_crosswalk(&c, NULL, u, &f);
            }
        }
        if (r) {
            char at[600];
            snprintf(at, sizeof at, " (%s:%ld)", xw->path, r->line);
            how[i] = f >= 0 ? NQPF_MATCH_CROSSWALK : NQPF_MATCH_NONE;
            why[i] = fmt("%s: %s%s", r->kind, r->source, at);
        } else if (f < 0) {
            if (n_bad++ == 0)
                first_bad = i;
            if (n_bad <= 10)
                list_add(bad, sizeof bad, u, n_bad > 1);
            continue;
        }
        if (how[i] != NQPF_MATCH_ID && !why[i]) {
            rc = nqpf_fail_nomem(err);
            break;
        }
        feature[i] = f;
        if (f >= 0) {
            if (owner[f] >= 0) {
                rc = nqpf_fail(err, NQPF_EINPUT, data_path, lines ? lines[i] : 0, 0,
                               "units '%s' and '%s' both match map feature '%s'%s%s: merge them or use the map's divisions",
                               units[owner[f]], u, fid[f], fname && fname[f] ? " " : "",
                               fname && fname[f] ? fname[f] : "");
                break;
            }
            owner[f] = (long)i;
        }
    }
    if (!rc && n_bad)
        rc = nqpf_fail(err, NQPF_EINPUT, data_path, lines ? lines[first_bad] : 0, 0,
                       "%zu unit%s no feature of the map (by id, GB code, name%s): %s%s", n_bad,
                       n_bad == 1 ? " matches" : "s match", xw ? " or crosswalk" : "", bad,
                       n_bad > 10 ? ", ..." : "");
done:
    if (rc)
        for (size_t i = 0; i < n; i++) {
            free(why[i]);
            why[i] = NULL;
        }
    nqpf_strmap_free(&c.ids);
    free(owner);
    return rc;
}
