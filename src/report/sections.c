/* nqpf — the registry of report sections: every [section] a project may
 * have, in report order (tables, page, methods and run.json follow it).
 * One line per section; its descriptor lives with its code (report_sec_NAME,
 * report_internal.h).  The sections before the analyses (project … index)
 * are read by compute.c and only declare their keys here. */
#include <stdio.h>
#include <string.h>

#include "nqpf/index_opts.h"
#include "nqpf/map_opts.h"
#include "report_internal.h"

#define REPORT_SECTIONS(X)                                                                                  \
    X(project) X(data) X(system) X(group) X(map) X(index)                                                   \
    X(gini) X(theil) X(converge) X(kde) X(moran) X(lisa) X(obstacle) X(coupling) X(markov) X(forecast)      \
    X(malmquist) X(dea) X(growth) X(reg) X(threshold) X(did) X(spreg)

#define DECLARE(name) extern const report_section_def report_sec_##name;
REPORT_SECTIONS(DECLARE)
#undef DECLARE

static const char *const PROJECT_KEYS[] = {"title", "lang", "bom", NULL};
static const char *const DATA_KEYS[] = {"file", "unit", "period", "encoding", "missing", "extrapolate", "name-en", NULL};
static const char *const FILE_KEY[] = {"file", NULL};
static const char *const GROUP_KEYS[] = {"column", NULL};
const report_section_def report_sec_project = {.name = "project", .keys = PROJECT_KEYS};
const report_section_def report_sec_data = {.name = "data", .keys = DATA_KEYS};
const report_section_def report_sec_system = {.name = "system", .keys = FILE_KEY};
const report_section_def report_sec_group = {.name = "group", .keys = GROUP_KEYS};
const report_section_def report_sec_map = {.name = "map", .opts = NQPF_MAP_OPTS, .n_opts = NQPF_MAP_NOPTS};
const report_section_def report_sec_index = {.name = "index", .opts = NQPF_INDEX_OPTS, .n_opts = NQPF_IX_NOPTS};

#define ENTRY(name) &report_sec_##name,
static const report_section_def *const SECTIONS[] = {REPORT_SECTIONS(ENTRY)};
#undef ENTRY

const report_section_def *const *report_sections(size_t *n)
{
    *n = sizeof SECTIONS / sizeof SECTIONS[0];
    return SECTIONS;
}

static int is_section(const report_section_def *d, const char *name)
{
    size_t n = strlen(d->name);
    return !strcmp(name, d->name) || (d->multi && !strncmp(name, d->name, n) && name[n] == '.');
}

int report_section_present(const nqpf_project *p, const report_section_def *d)
{
    for (size_t i = 0; i < p->n; i++)
        if (is_section(d, p->sec[i].name))
            return 1;
    return 0;
}

/* Whether key is one of d's project keys; the list of them into list. */
static int accepts(const report_section_def *d, const char *key, char *list, size_t size)
{
    int ok = 0;
    list[0] = '\0';
    /* the command's keys first, then the section's own (aliases, report-only keys) */
    for (size_t q = 0; q < d->n_opts; q++)
        if (d->opts[q].flags & NQPF_OPTF_PROJECT) {
            ok |= !strcmp(d->opts[q].name, key);
            snprintf(list + strlen(list), size - strlen(list), "%s%s", list[0] ? ", " : "", d->opts[q].name);
        }
    for (size_t q = 0; d->keys && d->keys[q]; q++) {
        ok |= !strcmp(d->keys[q], key);
        snprintf(list + strlen(list), size - strlen(list), "%s%s", list[0] ? ", " : "", d->keys[q]);
    }
    return ok;
}

int nqpf_project_check(const nqpf_project *p, nqpf_error *err)
{
    size_t nk = sizeof SECTIONS / sizeof SECTIONS[0];
    char list[512];
    for (size_t i = 0; i < p->n; i++) {
        const nqpf_project_section *s = &p->sec[i];
        size_t k = 0;
        while (k < nk && !is_section(SECTIONS[k], s->name))
            k++;
        if (k == nk) {
            list[0] = '\0';
            for (size_t q = 0; q < nk; q++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", q ? ", " : "", SECTIONS[q]->name);
            return nqpf_fail(err, NQPF_EINPUT, p->path, s->line, s->col, "unknown section [%s] (nqpf run knows: %s)",
                             s->name, list);
        }
        for (size_t j = 0; j < s->n; j++)
            if (!accepts(SECTIONS[k], s->kv[j].key, list, sizeof list))
                return nqpf_fail(err, NQPF_EINPUT, p->path, s->kv[j].line, s->kv[j].key_col,
                                 "unknown key '%s' in [%s] (accepted: %s)", s->kv[j].key, s->name,
                                 list[0] ? list : "none");
    }
    return NQPF_OK;
}
