/* nqpf obstacle — obstacle degree per unit x indicator and per dimension. */
#include "commands.h"
#include "nqpf/compare_opts.h"
#include "nqpf/obstacle_files.h"


static int check(const nqpf_optval *v, nqpf_error *err)
{
    if (v[NQPF_OBS_INDEX_DIR].seen && (v[NQPF_OBS_NORMALIZED].seen || v[NQPF_OBS_WEIGHTS].seen))
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0, "give either --index-dir or --normalized and --weights");
    if (!(v[NQPF_OBS_INDEX_DIR].seen || (v[NQPF_OBS_NORMALIZED].seen && v[NQPF_OBS_WEIGHTS].seen)) ||
        !v[NQPF_OBS_OUT].seen)
        return nqpf_fail(err, NQPF_EUSAGE, NULL, 0, 0,
                         "--index-dir (or --normalized and --weights) and --out are required (see --help)");
    return NQPF_OK;
}

static int run(nqpf_cmd_ctx *ctx, nqpf_error *err)
{
    const nqpf_optval *v = ctx->v;
    nqpf_obstacle_request rq = {v[NQPF_OBS_INDEX_DIR].text, v[NQPF_OBS_NORMALIZED].text, v[NQPF_OBS_WEIGHTS].text,
                                v[NQPF_OBS_UNIT].text,      v[NQPF_OBS_PERIOD].text,     v[NQPF_OBS_SHIFT].seen,
                                v[NQPF_OBS_SHIFT].num};
    nqpf_obstacle_files t;
    int rc = nqpf_obstacle_files_read(&t, &rq, err);
    if (!rc && !(rc = cmd_open_out(ctx, &NQPF_OBSTACLE_CMD, err)))
        nqpf_obstacle_files_write(ctx->fp, &t, v[NQPF_OBS_TOP].z);
    nqpf_obstacle_files_free(&t);
    return rc;
}

const nqpf_cmd_spec NQPF_OBSTACLE_CMD = {
    NQPF_OBSTACLE_OPTS, NQPF_OBS_NOPTS, "obstacle",
    "(--index-dir DIR | --normalized FILE --weights FILE) --out FILE [--top K]",
    
    "Obstacle degree (障碍度) of every indicator and dimension for every unit and\n"
    "period, from the normalised values Z and weights w of an `nqpf index` run:\n"
    "  F_j = w_j,  I_ij = 1 + shift - Z_ij,  O_ij = F_j I_ij / sum_j F_j I_ij,\n"
    "  dimension obstacle = sum of O_ij over the dimension's indicators.\n"
    "Z must be direction-adjusted min-max values in [shift, 1+shift]; measuring I\n"
    "from 1+shift makes a shifted normalisation give the same obstacles.  A unit\n"
    "that is best on every indicator has no obstacle (sum = 0): its rows are empty\n"
    "with the reason in the note column.\n\n"
    "Inputs: DIR/normalized.csv (unit,period,<indicator columns>) and DIR/weights.csv\n"
    "([period,]indicator,weight[,dimension,...]; a period column gives per-period\n"
    "weights).  Only the indicators listed in weights.csv are used.  With --index-dir\n"
    "the shift and the normalisation are read from DIR/run.json (only minmax and\n"
    "ratio normalisations, whose best value is 1, are accepted).\n\n"
    "Output: period,unit,level,name,dimension,deviation,obstacle,rank,note\n"
    "  level = indicator (name = indicator, deviation = I) or dimension (name = dimension);\n"
    "  rank 1 = largest obstacle within the unit and period (ties keep input order).\n"
    "  With --top K only the K largest indicator obstacles per unit are written,\n"
    "  in rank order, followed by the dimension rows.\n\n",
    "  nqpf index --data data/china_provinces_tech_wide.csv --system data/nqpf_system.csv --unit province \\\n"
    "      --period year --missing interpolate --out idx-out\n"
    "  nqpf obstacle --index-dir idx-out --top 5 --out obstacle.csv\n"
    "  nqpf obstacle --normalized idx-out/normalized.csv --weights idx-out/weights.csv --shift 0.0001 --out -\n",
    NQPF_INPUT_NONE, 0, NULL, check, run, NULL, NULL, NULL, 0,
};
