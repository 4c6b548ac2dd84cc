/* Matching data units to map features (nqpf_units_match): the ways a GB
 * code is written, name suffixes, the crosswalk both ways, and the errors.
 * The expected matches are worked out by hand from GB/T 2260 and the
 * crosswalk rows below. */
#include <unistd.h>

#include "nqpf/spatial.h"
#include "test.h"

/* a toy map: feature ids and names as ECharts spells them */
static char *FID[] = {"370100", "370200", "222400", "152200", "542200", "469025", "350400", "410100"};
static char *FNAME[] = {"济南", "青岛", "延边", "兴安盟", "山南", "白沙", "三明", "郑州"};
#define NF (sizeof FID / sizeof FID[0])

static nqpf_crosswalk *toy_crosswalk(void)
{
    char path[] = "/tmp/nqpf_test_xwXXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    fputs("from_code,from_name,to_code,to_name,kind,year,source\n"
          "540500,山南,542200,山南,recode,2016,test\n"
          "371200,莱芜,370100,济南,merge,2019,test\n"
          "460300,三沙,,,new,2012,test\n"
          "410101,旧郑州,410100,郑州,recode,,reverse only\n",
          f);
    fclose(f);
    nqpf_crosswalk *x = NULL;
    nqpf_error err;
    int rc = nqpf_crosswalk_read(&x, path, &err);
    unlink(path);
    return rc ? NULL : x;
}

static void test_ways(void)
{
    nqpf_crosswalk *x = toy_crosswalk();
    REQUIRE(x && x->n == 4);
    char *units[] = {"济南市", "3702", "延边朝鲜族自治州", "兴安盟", "540500", "白沙黎族自治县", "460300",
                     "371200"};
    /* 371200 merges into 济南, which 济南市 already holds: leave it out here */
    size_t n = 7;
    long feat[8];
    nqpf_match_how how[8];
    char *why[8];
    nqpf_error err;
    int rc = nqpf_units_match(units, n, FID, FNAME, NF, x, "d.csv", NULL, feat, how, why, &err);
    REQUIRE(rc == NQPF_OK);
    CHECK(feat[0] == 0 && how[0] == NQPF_MATCH_NAME);
    CHECK(feat[1] == 1 && how[1] == NQPF_MATCH_CODE);
    CHECK(feat[2] == 2 && how[2] == NQPF_MATCH_NAME);
    CHECK(feat[3] == 3 && how[3] == NQPF_MATCH_NAME);
    CHECK(feat[4] == 4 && how[4] == NQPF_MATCH_CROSSWALK);
    CHECK(feat[5] == 5 && how[5] == NQPF_MATCH_NAME);
    CHECK(feat[6] == -1 && how[6] == NQPF_MATCH_NONE && why[6] && strstr(why[6], "new"));
    for (size_t i = 0; i < n; i++)
        free(why[i]);
    /* 莱芜 and 济南 on one polygon: an error naming both */
    char *two[] = {"370100", "371200"};
    rc = nqpf_units_match(two, 2, FID, FNAME, NF, x, "d.csv", NULL, feat, how, why, &err);
    CHECK(rc == NQPF_EINPUT && strstr(err.msg, "'370100' and '371200'"));
    /* a recode read backwards: the map has 542200 and the data the new code,
     * or the map has the new code 410100 and the data its old 410101 */
    char *old[] = {"410101", "370100.000", "3.702e+05", "370200000000"};
    rc = nqpf_units_match(old, 1, FID, FNAME, NF, x, "d.csv", NULL, feat, how, why, &err);
    CHECK(rc == NQPF_OK && feat[0] == 7 && how[0] == NQPF_MATCH_CROSSWALK);
    free(why[0]);
    rc = nqpf_units_match(old + 1, 2, FID, FNAME, NF, x, "d.csv", NULL, feat, how, why, &err);
    CHECK(rc == NQPF_OK && feat[0] == 0 && feat[1] == 1 && how[1] == NQPF_MATCH_CODE);
    free(why[0]), free(why[1]);
    rc = nqpf_units_match(old + 3, 1, FID, FNAME, NF, x, "d.csv", NULL, feat, how, why, &err);
    CHECK(rc == NQPF_OK && feat[0] == 1);
    free(why[0]);
    nqpf_crosswalk_free(x);
}

static void test_errors(void)
{
    long feat[4];
    nqpf_match_how how[4];
    char *why[4];
    nqpf_error err;
    long lines[] = {2, 3, 4, 5};
    /* without a crosswalk a new code matches nothing; 沙县 is not 三明 nor
     * "沙"; every unmatched unit is named, at the first one's line */
    char *bad[] = {"济南", "540500", "沙县", "1234567"};
    int rc = nqpf_units_match(bad, 4, FID, FNAME, NF, NULL, "d.csv", lines, feat, how, why, &err);
    CHECK(rc == NQPF_EINPUT && err.line == 3 && strstr(err.msg, "3 units match no feature") &&
          strstr(err.msg, "'540500', '沙县', '1234567'"));
    /* a name two features share */
    char *fid2[] = {"1", "2"}, *fname2[] = {"朝阳", "朝阳市"};
    char *amb[] = {"朝阳"};
    rc = nqpf_units_match(amb, 1, fid2, fname2, 2, NULL, "d.csv", lines, feat, how, why, &err);
    CHECK(rc == NQPF_EINPUT && strstr(err.msg, "two or more"));
}

static void test_bad_crosswalk(void)
{
    char path[] = "/tmp/nqpf_test_xwXXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("from_code,from_name,to_code,to_name,kind\n1,a,2,b,recode\n3,c,,,merge\n", f);
    fclose(f);
    nqpf_crosswalk *x = NULL;
    nqpf_error err;
    CHECK(nqpf_crosswalk_read(&x, path, &err) == NQPF_EINPUT && err.line == 3 && x == NULL);
    unlink(path);
}

int main(void)
{
    RUN(test_ways);
    RUN(test_errors);
    RUN(test_bad_crosswalk);
    return test_done();
}
