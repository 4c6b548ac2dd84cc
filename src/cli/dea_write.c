/* The CSV pieces every `nqpf dea` output shares (cmd_dea.c, cmd_dea_price.c,
 * the bootstrap replications): the key columns of a row, prefixed column
 * names, and a row's peers with their weights, written once so that the
 * files agree on them. */
#include <stdio.h>

#include "dea_price_cli.h"
#include "nqpf/util.h"

void nqpf_cli_dea_put_head(FILE *fp, const char *unit, const char *period)
{
    nqpf_csv_put_field(fp, unit);
    if (period)
        fputc(',', fp), nqpf_csv_put_field(fp, period);
}

void nqpf_cli_dea_put_key(FILE *fp, const nqpf_dea_input *in, size_t i)
{
    nqpf_csv_put_field(fp, nqpf_dea_input_text(in->unit, i));
    if (in->period)
        fputc(',', fp), nqpf_csv_put_field(fp, nqpf_dea_input_text(in->period, i));
}

void nqpf_cli_dea_put_cols(FILE *fp, const char *pre, char **names, size_t k)
{
    char name[600];
    for (size_t i = 0; i < k; i++)
        snprintf(name, sizeof name, "%s%s", pre, names[i]), fputc(',', fp), nqpf_csv_put_field(fp, name);
}

void nqpf_cli_dea_put_peers(FILE *fp, const nqpf_dea_input *in, const size_t *peer, const double *lambda,
                            size_t width, size_t i, size_t k)
{
    nqpf_buf pb = {0}, lb = {0};
    char buf[40];
    for (size_t j = 0; j < k; j++) {
        nqpf_buf_puts(&pb, j ? ";" : "");
        nqpf_buf_puts(&pb, nqpf_dea_input_text(in->unit, peer[i * width + j]));
        nqpf_format_double(lambda[i * width + j], buf, sizeof buf);
        nqpf_buf_puts(&lb, j ? ";" : "");
        nqpf_buf_puts(&lb, buf);
    }
    fputc(',', fp), nqpf_csv_put_field(fp, pb.data ? pb.data : "");
    fputc(',', fp), nqpf_csv_put_field(fp, lb.data ? lb.data : "");
    nqpf_buf_free(&pb);
    nqpf_buf_free(&lb);
}
