/* nqpf — China's provinces and the regional groupings studies use.
 *
 * Provinces are identified by their GB/T 2260 two-digit code (11 Beijing ..
 * 65 Xinjiang, 71 Taiwan, 81 Hong Kong, 82 Macao).  A key in a data file
 * names a province by that code, by a six- or twelve-digit administrative
 * code starting with it (110000, 320100: a city's code gives its
 * province), by its Chinese name with or without the administrative suffix
 * (江苏 = 江苏省, 广西 = 广西壮族自治区, 香港 = 香港特别行政区), or by its
 * English name (case, spaces and hyphens ignored; Inner Mongolia or Nei
 * Mongol, Tibet or Xizang; Shanxi and Shaanxi are different provinces).
 *
 * Groupings (nqpf_region_scheme), each of the 31 mainland provinces in
 * exactly one group (Hong Kong, Macao and Taiwan in none):
 *   nbs4   the National Bureau of Statistics' four regions (2011):
 *          东部 East 10, 中部 Central 6, 西部 West 12, 东北 Northeast 3
 *   belt3  the three belts of the western-development era: 东部 East 11
 *          (with Liaoning), 中部 Central 8 (with Jilin, Heilongjiang),
 *          西部 West 12 (with Inner Mongolia and Guangxi)
 *   zone8  the eight comprehensive economic zones of the State Council's
 *          Development Research Center (2005): 东北, 北部沿海, 东部沿海,
 *          南部沿海, 黄河中游, 长江中游, 大西南, 大西北
 *   ns2    north and south of the Qinling–Huaihe line: 北方 North 15,
 *          南方 South 16
 * The tables are in regions.c with their sources. */
#ifndef NQPF_REGIONS_H
#define NQPF_REGIONS_H

#include <stddef.h>

typedef enum {
    NQPF_REGION_NBS4 = 0,
    NQPF_REGION_BELT3 = 1,
    NQPF_REGION_ZONE8 = 2,
    NQPF_REGION_NS2 = 3
} nqpf_region_scheme;

/* The scheme called name ("nbs4", "belt3", "zone8", "ns2"), or -1. */
int nqpf_region_scheme_find(const char *name);
/* Names of the schemes, for help texts and suggestions (NULL-terminated). */
extern const char *const nqpf_region_scheme_names[];

/* The two-digit GB code of the province a key names (see above), or -1. */
int nqpf_province_code(const char *key);
/* Short Chinese name (江苏) or English name (Jiangsu) of a code; NULL if
 * the code is not a province. */
const char *nqpf_province_name(int code, int english);
/* The group of province `code` in scheme s, in Chinese (东部) or English
 * (East); NULL for Hong Kong, Macao, Taiwan or an unknown code. */
const char *nqpf_region_of(nqpf_region_scheme s, int code, int english);
/* Group labels of scheme s in their fixed order (for tables and legends):
 * *n gets their number; labels[k] in Chinese or English. */
const char *const *nqpf_region_labels(nqpf_region_scheme s, int english, size_t *n);

#endif
