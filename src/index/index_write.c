/* Output files of `nqpf index`.  Column names are part of the interface
 * (docs/index.md lists them); numbers are written to round-trip. */
#include "nqpf/index_write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nqpf/sha256.h"
#include "nqpf/version.h"

static void put_row_key(FILE *fp, const nqpf_panel *p, size_t u, size_t t)
{
    nqpf_csv_put_field(fp, p->units[u]);
    fputc(',', fp);
    nqpf_csv_put_field(fp, p->periods[t]);
}

/* The CSV text of every unit and period key, formatted once: a row of
 * scores.csv starts with "unit,period", and quoting 5 million keys one row
 * at a time cost more than copying them. */
typedef struct keytext {
    nqpf_buf text;
    size_t *off; /* units' fields then periods': field q is text[off[q], off[q + 1]) */
    size_t n_units;
} keytext;

static void keytext_free(keytext *k)
{
    nqpf_buf_free(&k->text);
    free(k->off);
}

static int keytext_make(const nqpf_panel *p, keytext *k, nqpf_error *err)
{
    memset(k, 0, sizeof *k);
    size_t n = p->n_units + p->n_periods;
    k->n_units = p->n_units;
    if (!(k->off = malloc((n + 1) * sizeof(size_t))))
        return nqpf_fail_nomem(err);
    for (size_t q = 0; q < n; q++) {
        k->off[q] = k->text.len;
        if (nqpf_buf_csv_field(&k->text, q < p->n_units ? p->units[q] : p->periods[q - p->n_units])) {
            keytext_free(k);
            return nqpf_fail_nomem(err);
        }
    }
    k->off[n] = k->text.len;
    return NQPF_OK;
}

typedef struct rows_ctx {
    const nqpf_index_result *r;
    keytext keys;
} rows_ctx;

/* Room for one number's text: nqpf_format_double's longest is well under
 * 40 bytes, its NUL included. */
#define NUM_ROOM 40

/* Reserve a line of scores.csv / normalized.csv for panel row u * T + t
 * with nv numbers and write its key: the numbers then go straight into the
 * buffer (put_nums), not through a scratch array and one append each. */
static char *line_start(const rows_ctx *c, size_t row, size_t nv, nqpf_buf *b)
{
    size_t T = c->r->panel->n_periods;
    const keytext *k = &c->keys;
    size_t u = row / T, t = k->n_units + row % T;
    size_t lu = k->off[u + 1] - k->off[u], lt = k->off[t + 1] - k->off[t], need = lu + lt + 2 + nv * (NUM_ROOM + 1);
    if (b->len + need + 1 > b->cap && nqpf_buf_reserve(b, need) != 0)
        return NULL;
    char *o = b->data + b->len;
    memcpy(o, k->text.data + k->off[u], lu);
    o += lu;
    *o++ = ',';
    memcpy(o, k->text.data + k->off[t], lt);
    return o + lt;
}

/* ",x" for each of v[0..n), formatted as nqpf_buf_csv_num does. */
static char *put_nums(char *o, const double *v, size_t n)
{
    for (size_t q = 0; q < n; q++) {
        *o++ = ',';
        o += nqpf_format_double(v[q], o, NUM_ROOM);
    }
    return o;
}

static int line_end(nqpf_buf *b, char *o)
{
    *o++ = '\n';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return 0;
}

static int score_row(const void *ctx, size_t row, nqpf_buf *b)
{
    const rows_ctx *c = ctx;
    const nqpf_index_result *r = c->r;
    size_t nn = r->sys->n_nodes;
    char *o = line_start(c, row, 2 + nn + (r->vikor_srq ? 3 : 0), b);
    if (!o)
        return -1;
    o = put_nums(o, &r->score[row], 1);
    o = put_nums(o, &r->rank[row], 1);
    o = put_nums(o, &r->node_score[row * nn], nn);
    if (r->vikor_srq)
        o = put_nums(o, &r->vikor_srq[row * 3], 3);
    return line_end(b, o);
}

static int normalized_row(const void *ctx, size_t row, nqpf_buf *b)
{
    const rows_ctx *c = ctx;
    size_t n = c->r->sys->n_ind;
    char *o = line_start(c, row, n, b);
    return o ? line_end(b, put_nums(o, &c->r->panel->x[row * n], n)) : -1;
}

/* scores.csv (normalized = 0: key, score, rank, node scores) or
 * normalized.csv (key, Z): the header, then every panel row. */
static int write_panel_rows(const nqpf_outdir *d, const nqpf_index_result *r, int normalized, nqpf_error *err)
{
    const nqpf_panel *p = r->panel;
    const nqpf_system *s = r->sys;
    const char *name = normalized ? "normalized.csv" : "scores.csv";
    size_t ncols = normalized ? s->n_ind : s->n_nodes;
    rows_ctx c = {r, {{0}, 0, 0}};
    FILE *fp;
    int rc = keytext_make(p, &c.keys, err);
    if (rc || (rc = nqpf_outdir_fopen(d, name, &fp, err))) {
        keytext_free(&c.keys);
        return rc;
    }
    fputs(normalized ? "unit,period" : "unit,period,score,rank", fp);
    for (size_t k = 0; k < ncols; k++) {
        fputc(',', fp);
        nqpf_csv_put_field(fp, normalized ? s->ind[k].column : s->nodes[k].path);
    }
    /* VIKOR: the total's group utility S, regret R and Q (score = 1 - Q), last so that the
     * dimension columns keep their places */
    fputs(!normalized && r->vikor_srq ? ",vikor_s,vikor_r,vikor_q\n" : "\n", fp);
    rc = nqpf_write_rows(fp, p->n_units * p->n_periods, normalized ? normalized_row : score_row, &c, err);
    keytext_free(&c.keys);
    if (rc) {
        fclose(fp);
        if (rc == NQPF_EIO) /* name the file */
            rc = nqpf_fail(err, NQPF_EIO, d->final, 0, 0, "write error in %s/%s: %s", d->final, name, err->msg);
        return rc;
    }
    return nqpf_outdir_fclose(d, name, fp, err);
}

static int write_weights(const nqpf_outdir *d, const nqpf_index_result *r, nqpf_error *err)
{
    const nqpf_system *s = r->sys;
    int per_period = r->per_period;
    FILE *fp;
    int rc = nqpf_outdir_fopen(d, "weights.csv", &fp, err);
    if (rc)
        return rc;
    if (per_period)
        fputs("period,", fp);
    fputs("indicator,dimension,weight", fp);
    for (size_t l = 1; l < s->n_levels; l++)
        fprintf(fp, l == 1 ? ",subdimension" : ",subdimension%zu", l);
    fputs(",name,direction", fp);
    for (size_t q = 0; q < r->n_extra; q++)
        if (r->extra_names[q])
            fprintf(fp, ",%s", r->extra_names[q]);
    fputs(",status\n", fp);
    for (size_t b = 0; b < r->n_blocks; b++)
        for (size_t j = 0; j < s->n_ind; j++) {
            const nqpf_indicator *ind = &s->ind[j];
            if (per_period) {
                nqpf_csv_put_field(fp, r->panel->periods[b]);
                fputc(',', fp);
            }
            nqpf_csv_put_field(fp, ind->column);
            fputc(',', fp);
            nqpf_csv_put_field(fp, s->nodes[ind->dimension].name);
            fputc(',', fp);
            nqpf_csv_put_num(fp, r->w[b * s->n_ind + j]);
            /* the node chain from the dimension down */
            size_t chain[64], depth = 0;
            for (long n = (long)ind->node; n >= 0 && depth < 64; n = s->nodes[n].parent)
                chain[depth++] = (size_t)n;
            for (size_t l = 1; l < s->n_levels; l++) {
                fputc(',', fp);
                if (l < depth)
                    nqpf_csv_put_field(fp, s->nodes[chain[depth - 1 - l]].name);
            }
            fputc(',', fp);
            nqpf_csv_put_field(fp, ind->name);
            fputs(ind->direction > 0 ? ",+" : ",-", fp);
            for (size_t q = 0; q < r->n_extra; q++)
                if (r->extra_names[q]) {
                    fputc(',', fp);
                    nqpf_csv_put_num(fp, r->extra[(b * s->n_ind + j) * NQPF_MAX_EXTRA + q]);
                }
            fputs(r->excluded[b * s->n_ind + j] ? ",excluded: zero variance\n" : ",ok\n", fp);
        }
    return nqpf_outdir_fclose(d, "weights.csv", fp, err);
}

static int write_filled(const nqpf_outdir *d, const nqpf_index_result *r, const nqpf_fill_log *fl,
                        nqpf_error *err)
{
    FILE *fp;
    int rc = nqpf_outdir_fopen(d, "filled.csv", &fp, err);
    if (rc)
        return rc;
    fputs("unit,period,indicator,value,method\n", fp);
    for (size_t i = 0; fl && i < fl->n; i++) {
        const nqpf_fill *f = &fl->items[i];
        nqpf_csv_put_field(fp, f->unit);
        fputc(',', fp);
        nqpf_csv_put_field(fp, r->panel->periods[f->t]);
        fputc(',', fp);
        nqpf_csv_put_field(fp, r->panel->vars[f->v]);
        fputc(',', fp);
        nqpf_csv_put_num(fp, f->value);
        fputc(',', fp);
        nqpf_csv_put_field(fp, f->method);
        fputc('\n', fp);
    }
    return nqpf_outdir_fclose(d, "filled.csv", fp, err);
}

static int write_robustness(const nqpf_outdir *d, const nqpf_index_result *r, nqpf_error *err)
{
    const nqpf_panel *p = r->panel;
    size_t S = r->n_schemes, U = p->n_units, T = p->n_periods;
    FILE *fp;
    int rc = nqpf_outdir_fopen(d, "robustness_scores.csv", &fp, err);
    if (rc)
        return rc;
    fputs("unit,period", fp);
    for (size_t q = 0; q < S; q++) {
        fputc(',', fp);
        nqpf_csv_put_field(fp, r->scheme_names[q]);
    }
    fputc('\n', fp);
    for (size_t u = 0; u < U; u++)
        for (size_t t = 0; t < T; t++) {
            put_row_key(fp, p, u, t);
            for (size_t q = 0; q < S; q++) {
                fputc(',', fp);
                nqpf_csv_put_num(fp, r->scheme_score[(u * T + t) * S + q]);
            }
            fputc('\n', fp);
        }
    if ((rc = nqpf_outdir_fclose(d, "robustness_scores.csv", fp, err)))
        return rc;
    if ((rc = nqpf_outdir_fopen(d, "robustness.csv", &fp, err)))
        return rc;
    double *a = malloc(U * sizeof(double)), *b = malloc(U * sizeof(double));
    if (!a || !b) {
        free(a);
        free(b);
        fclose(fp);
        return nqpf_fail_nomem(err);
    }
    fputs("period,scheme_a,scheme_b,spearman,kendall_tau_b\n", fp);
    for (size_t t = 0; t < T; t++)
        for (size_t q1 = 0; q1 < S; q1++)
            for (size_t q2 = q1 + 1; q2 < S; q2++) {
                for (size_t u = 0; u < U; u++) {
                    a[u] = r->scheme_score[(u * T + t) * S + q1];
                    b[u] = r->scheme_score[(u * T + t) * S + q2];
                }
                nqpf_csv_put_field(fp, p->periods[t]);
                fputc(',', fp);
                nqpf_csv_put_field(fp, r->scheme_names[q1]);
                fputc(',', fp);
                nqpf_csv_put_field(fp, r->scheme_names[q2]);
                fputc(',', fp);
                nqpf_csv_put_num(fp, nqpf_spearman(a, b, U));
                fputc(',', fp);
                nqpf_csv_put_num(fp, nqpf_kendall_tau_b(a, b, U));
                fputc('\n', fp);
            }
    free(a);
    free(b);
    return nqpf_outdir_fclose(d, "robustness.csv", fp, err);
}

/* ---- run.json -------------------------------------------------------------- */

static void json_kv_str(FILE *fp, const char *indent, const char *key, const char *value, int comma)
{
    fprintf(fp, "%s", indent);
    nqpf_json_put_string(fp, key);
    fputs(": ", fp);
    nqpf_json_put_string(fp, value);
    fputs(comma ? ",\n" : "\n", fp);
}

static void json_kv_num(FILE *fp, const char *indent, const char *key, double value, int comma)
{
    fprintf(fp, "%s", indent);
    nqpf_json_put_string(fp, key);
    fputs(": ", fp);
    nqpf_json_put_num(fp, value);
    fputs(comma ? ",\n" : "\n", fp);
}

int nqpf_write_run_json(const nqpf_outdir *d, const nqpf_run_info *info, const nqpf_index_result *r,
                        const nqpf_fill_log *fl, nqpf_error *err)
{
    FILE *fp;
    int rc = nqpf_outdir_fopen(d, "run.json", &fp, err);
    if (rc)
        return rc;
    fputs("{\n", fp);
    json_kv_str(fp, "  ", "nqpf_version", NQPF_VERSION, 1);
    json_kv_str(fp, "  ", "command", info->command, 1);
    fputs("  \"options\": {\n", fp);
    for (size_t i = 0; i < info->n_options; i++)
        json_kv_str(fp, "    ", info->options[i].key, info->options[i].value, i + 1 < info->n_options);
    fputs("  },\n  \"inputs\": [\n", fp);
    for (size_t i = 0; i < info->n_inputs; i++) {
        const nqpf_input_file *in = &info->inputs[i];
        char hex[65] = "";
        struct stat st;
        char *file = nqpf_input_file_of(in->path); /* a workbook, not its sheet */
        if (!file) {
            fclose(fp);
            return nqpf_fail_nomem(err);
        }
        if (in->sha256)
            memcpy(hex, in->sha256, 65);
        else if (strcmp(in->path, "-") != 0 && (rc = nqpf_input_sha256(in->path, hex, err))) {
            free(file);
            fclose(fp);
            return rc;
        }
        fputs("    {\n", fp);
        json_kv_str(fp, "      ", "role", in->role, 1);
        json_kv_str(fp, "      ", "path", in->path, 1);
        if (in->encoding)
            json_kv_str(fp, "      ", "encoding", in->encoding, 1);
        json_kv_num(fp, "      ", "bytes", stat(file, &st) == 0 ? (double)st.st_size : NAN, 1);
        free(file);
        json_kv_str(fp, "      ", "sha256", hex, 0);
        fprintf(fp, "    }%s\n", i + 1 < info->n_inputs ? "," : "");
    }
    fputs("  ]", fp);
    if (r) {
        const nqpf_panel *p = r->panel;
        fputs(",\n  \"panel\": {\n", fp);
        json_kv_num(fp, "    ", "units", (double)p->n_units, 1);
        json_kv_num(fp, "    ", "periods", (double)p->n_periods, 1);
        json_kv_str(fp, "    ", "first_period", p->periods[0], 1);
        json_kv_str(fp, "    ", "last_period", p->periods[p->n_periods - 1], 1);
        json_kv_num(fp, "    ", "indicators", (double)r->n_ind, 1);
        size_t filled = 0;
        for (size_t i = 0; fl && i < fl->n; i++)
            filled += strcmp(fl->items[i].method, "dropped unit") != 0;
        json_kv_num(fp, "    ", "filled_cells", (double)filled, 1);
        json_kv_num(fp, "    ", "dropped_units", fl ? (double)fl->n_dropped_units : 0, 0);
        fputs("  },\n  \"ahp\": [", fp);
        for (size_t i = 0; i < r->n_ahp; i++) {
            fputs(i ? ",\n    {\n" : "\n    {\n", fp);
            json_kv_str(fp, "      ", "path", r->ahp[i].path, 1);
            json_kv_num(fp, "      ", "n", (double)r->ahp[i].n, 1);
            json_kv_num(fp, "      ", "lambda_max", r->ahp[i].lambda_max, 1);
            json_kv_num(fp, "      ", "CI", r->ahp[i].ci, 1);
            json_kv_num(fp, "      ", "RI", r->ahp[i].ri, 1);
            json_kv_num(fp, "      ", "CR", r->ahp[i].cr, 0);
            fputs("    }", fp);
        }
        fputs(r->n_ahp ? "\n  ],\n" : "],\n", fp);
        if (r->pca_k) {
            fputs("  \"pca\": {\n", fp);
            json_kv_num(fp, "    ", "components_kept", (double)r->pca_k, 1);
            fputs("    \"eigenvalues\": [", fp);
            for (size_t j = 0; j < r->n_ind; j++) {
                if (j)
                    fputs(", ", fp);
                nqpf_json_put_num(fp, r->pca_eigval[j]);
            }
            fputs("]\n  },\n", fp);
        }
        fputs("  \"warnings\": [", fp);
        const char *w = r->warnings.data ? r->warnings.data : "";
        int first = 1;
        while (*w) {
            const char *nl = strchr(w, '\n');
            size_t len = nl ? (size_t)(nl - w) : strlen(w);
            char *line = nqpf_strndup(w, len);
            if (!line) {
                fclose(fp);
                return nqpf_fail_nomem(err);
            }
            fputs(first ? "\n    " : ",\n    ", fp);
            nqpf_json_put_string(fp, line);
            free(line);
            first = 0;
            w += len + (nl ? 1 : 0);
        }
        fputs(first ? "]\n" : "\n  ]\n", fp);
    } else
        fputs("\n", fp);
    fputs("}\n", fp);
    return nqpf_outdir_fclose(d, "run.json", fp, err);
}

int nqpf_index_write(const nqpf_outdir *d, const nqpf_index_result *r, const nqpf_fill_log *fills,
                     const nqpf_run_info *info, nqpf_error *err)
{
    int rc;
    if ((rc = write_panel_rows(d, r, 0, err)) || (rc = write_weights(d, r, err)) ||
        (info->write_normalized && (rc = write_panel_rows(d, r, 1, err))) || (rc = write_filled(d, r, fills, err)))
        return rc;
    if (r->n_schemes && (rc = write_robustness(d, r, err)))
        return rc;
    return nqpf_write_run_json(d, info, r, fills, err);
}
