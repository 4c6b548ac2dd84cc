/* nqpf — provinces and regional groupings (see regions.h).
 *
 * Sources of the groupings:
 *   nbs4   国家统计局《东西中部和东北地区划分方法》(2011-06-13).
 *   belt3  the eastern, central and western belts as used since the
 *          western-development programme (国务院 2000, 《关于实施西部大开发
 *          若干政策措施的通知》, which adds Inner Mongolia and Guangxi to the
 *          west of the Seventh Five-Year Plan's 1986 division).
 *   zone8  国务院发展研究中心 (2005)《地区协调发展的战略和政策》: 八大综合经济区.
 *   ns2    the Qinling–Huaihe line by province, as in the literature on the
 *          north–south gap (e.g. 盛来运等 2018, 《管理世界》).
 * Each table row is one province: its code, names, and its group in every
 * scheme (an index into that scheme's labels), so a province cannot be in
 * two groups of one scheme or missing from one. */
#include "nqpf/regions.h"

#include <ctype.h>
#include <string.h>

typedef struct province {
    int code;
    const char *zh, *en, *en_alt; /* short Chinese name; English and an alternative */
    signed char group[4];         /* per scheme; -1 = none (HK, Macao, Taiwan) */
} province;

/*                                        nbs4 belt3 zone8 ns2 */
static const province PROVINCES[] = {
    {11, "北京", "Beijing", NULL, {0, 0, 1, 0}},
    {12, "天津", "Tianjin", NULL, {0, 0, 1, 0}},
    {13, "河北", "Hebei", NULL, {0, 0, 1, 0}},
    {14, "山西", "Shanxi", NULL, {1, 1, 4, 0}},
    {15, "内蒙古", "Inner Mongolia", "Nei Mongol", {2, 2, 4, 0}},
    {21, "辽宁", "Liaoning", NULL, {3, 0, 0, 0}},
    {22, "吉林", "Jilin", NULL, {3, 1, 0, 0}},
    {23, "黑龙江", "Heilongjiang", NULL, {3, 1, 0, 0}},
    {31, "上海", "Shanghai", NULL, {0, 0, 2, 1}},
    {32, "江苏", "Jiangsu", NULL, {0, 0, 2, 1}},
    {33, "浙江", "Zhejiang", NULL, {0, 0, 2, 1}},
    {34, "安徽", "Anhui", NULL, {1, 1, 5, 1}},
    {35, "福建", "Fujian", NULL, {0, 0, 3, 1}},
    {36, "江西", "Jiangxi", NULL, {1, 1, 5, 1}},
    {37, "山东", "Shandong", NULL, {0, 0, 1, 0}},
    {41, "河南", "Henan", NULL, {1, 1, 4, 0}},
    {42, "湖北", "Hubei", NULL, {1, 1, 5, 1}},
    {43, "湖南", "Hunan", NULL, {1, 1, 5, 1}},
    {44, "广东", "Guangdong", NULL, {0, 0, 3, 1}},
    {45, "广西", "Guangxi", NULL, {2, 2, 6, 1}},
    {46, "海南", "Hainan", NULL, {0, 0, 3, 1}},
    {50, "重庆", "Chongqing", NULL, {2, 2, 6, 1}},
    {51, "四川", "Sichuan", NULL, {2, 2, 6, 1}},
    {52, "贵州", "Guizhou", NULL, {2, 2, 6, 1}},
    {53, "云南", "Yunnan", NULL, {2, 2, 6, 1}},
    {54, "西藏", "Tibet", "Xizang", {2, 2, 7, 1}},
    {61, "陕西", "Shaanxi", NULL, {2, 2, 4, 0}},
    {62, "甘肃", "Gansu", NULL, {2, 2, 7, 0}},
    {63, "青海", "Qinghai", NULL, {2, 2, 7, 0}},
    {64, "宁夏", "Ningxia", NULL, {2, 2, 7, 0}},
    {65, "新疆", "Xinjiang", NULL, {2, 2, 7, 0}},
    {71, "台湾", "Taiwan", NULL, {-1, -1, -1, -1}},
    {81, "香港", "Hong Kong", NULL, {-1, -1, -1, -1}},
    {82, "澳门", "Macao", "Macau", {-1, -1, -1, -1}},
};
#define N_PROVINCES (sizeof PROVINCES / sizeof PROVINCES[0])

static const char *const NBS4_ZH[] = {"东部", "中部", "西部", "东北"};
static const char *const NBS4_EN[] = {"East", "Central", "West", "Northeast"};
static const char *const BELT3_ZH[] = {"东部", "中部", "西部"};
static const char *const BELT3_EN[] = {"East", "Central", "West"};
static const char *const ZONE8_ZH[] = {"东北", "北部沿海", "东部沿海", "南部沿海",
                                       "黄河中游", "长江中游", "大西南", "大西北"};
static const char *const ZONE8_EN[] = {"Northeast", "Northern Coast", "Eastern Coast", "Southern Coast",
                                       "Middle Yellow River", "Middle Yangtze River", "Southwest", "Northwest"};
static const char *const NS2_ZH[] = {"北方", "南方"};
static const char *const NS2_EN[] = {"North", "South"};

static const struct {
    const char *const *zh, *const *en;
    size_t n;
} SCHEMES[] = {{NBS4_ZH, NBS4_EN, 4}, {BELT3_ZH, BELT3_EN, 3}, {ZONE8_ZH, ZONE8_EN, 8}, {NS2_ZH, NS2_EN, 2}};

const char *const nqpf_region_scheme_names[] = {"nbs4", "belt3", "zone8", "ns2", NULL};

int nqpf_region_scheme_find(const char *name)
{
    for (int i = 0; nqpf_region_scheme_names[i]; i++)
        if (strcmp(name, nqpf_region_scheme_names[i]) == 0)
            return i;
    return -1;
}

static const province *by_code(int code)
{
    for (size_t i = 0; i < N_PROVINCES; i++)
        if (PROVINCES[i].code == code)
            return &PROVINCES[i];
    return NULL;
}

/* Administrative suffixes, longest first so 壮族自治区 wins over 自治区. */
static const char *const SUFFIXES[] = {"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"};

/* English names compare letters only, case-folded: "Inner-Mongolia" =
 * "inner mongolia" = "InnerMongolia". */
static int same_letters(const char *a, const char *b)
{
    for (;;) {
        while (*a && !isalpha((unsigned char)*a))
            a++;
        while (*b && !isalpha((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
        a++, b++;
    }
}

int nqpf_province_code(const char *key)
{
    /* trim ASCII blanks */
    while (*key == ' ' || *key == '\t')
        key++;
    size_t len = strlen(key);
    while (len && (key[len - 1] == ' ' || key[len - 1] == '\t'))
        len--;
    if (len == 0)
        return -1;
    size_t digits = 0;
    while (digits < len && isdigit((unsigned char)key[digits]))
        digits++;
    if (digits == len) {
        if (len != 2 && len != 6 && len != 9 && len != 12)
            return -1;
        int code = (key[0] - '0') * 10 + (key[1] - '0');
        return by_code(code) ? code : -1;
    }
    for (size_t i = 0; i < N_PROVINCES; i++) {
        const province *p = &PROVINCES[i];
        size_t zl = strlen(p->zh);
        if (len >= zl && memcmp(key, p->zh, zl) == 0) {
            if (len == zl)
                return p->code;
            for (size_t k = 0; k < sizeof SUFFIXES / sizeof SUFFIXES[0]; k++)
                if (len - zl == strlen(SUFFIXES[k]) && memcmp(key + zl, SUFFIXES[k], len - zl) == 0)
                    return p->code;
        }
    }
    char buf[64];
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, key, len);
    buf[len] = '\0';
    for (size_t i = 0; i < N_PROVINCES; i++)
        if (same_letters(buf, PROVINCES[i].en) || (PROVINCES[i].en_alt && same_letters(buf, PROVINCES[i].en_alt)))
            return PROVINCES[i].code;
    return -1;
}

const char *nqpf_province_name(int code, int english)
{
    const province *p = by_code(code);
    return p ? (english ? p->en : p->zh) : NULL;
}

const char *nqpf_region_of(nqpf_region_scheme s, int code, int english)
{
    const province *p = by_code(code);
    if (!p || (int)s < 0 || (size_t)s >= sizeof SCHEMES / sizeof SCHEMES[0] || p->group[s] < 0)
        return NULL;
    return (english ? SCHEMES[s].en : SCHEMES[s].zh)[p->group[s]];
}

const char *const *nqpf_region_labels(nqpf_region_scheme s, int english, size_t *n)
{
    if ((int)s < 0 || (size_t)s >= sizeof SCHEMES / sizeof SCHEMES[0]) {
        *n = 0;
        return NULL;
    }
    *n = SCHEMES[s].n;
    return english ? SCHEMES[s].en : SCHEMES[s].zh;
}
