/* Generate a wide panel for the index benchmark:
 *   gen_panel UNITS PERIODS INDICATORS OUT.csv SYSTEM.csv
 * Values are positive decimals with 6 significant digits, as yearbook data
 * look; indicator k has direction - when k % 5 == 4. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: gen_panel UNITS PERIODS INDICATORS OUT.csv SYSTEM.csv\n");
        return 2;
    }
    long U = atol(argv[1]), T = atol(argv[2]), K = atol(argv[3]);
    FILE *fp = fopen(argv[4], "w"), *fs = fopen(argv[5], "w");
    if (!fp || !fs)
        return 1;
    static char buf[1 << 20];
    setvbuf(fp, buf, _IOFBF, sizeof buf);
    fprintf(fs, "column,direction,dimension\n");
    fprintf(fp, "unit,year");
    for (long k = 0; k < K; k++) {
        fprintf(fp, ",x%ld", k + 1);
        fprintf(fs, "x%ld,%c,D%ld\n", k + 1, k % 5 == 4 ? '-' : '+', k % 3 + 1);
    }
    fputc('\n', fp);
    uint64_t s = 88172645463325252ULL;
    for (long u = 0; u < U; u++)
        for (long t = 0; t < T; t++) {
            fprintf(fp, "u%ld,%ld", u, 2000 + t);
            for (long k = 0; k < K; k++) {
                long v = (long)(next(&s) % 900000) + 100000; /* 6 digits */
                int scale = (int)(k % 4);                     /* 0..3 decimals */
                if (scale == 0) fprintf(fp, ",%ld", v);
                else if (scale == 1) fprintf(fp, ",%ld.%01ld", v / 10, v % 10);
                else if (scale == 2) fprintf(fp, ",%ld.%02ld", v / 100, v % 100);
                else fprintf(fp, ",%ld.%03ld", v / 1000, v % 1000);
            }
            fputc('\n', fp);
        }
    fclose(fs);
    return fclose(fp) != 0;
}
