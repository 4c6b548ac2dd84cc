#!/bin/sh
# SDM with two-way fixed effects on generated panels: N units x T years, W =
# row-standardised K nearest neighbours of random points (built by nqpf from
# the coordinates), effects with 1,000 draws.  nqpf (auto log-determinant:
# exact eigenvalues up to 1,500 units, the trace series above; and --logdet
# exact) side by side with R spatialreg on the two-way demeaned data with
# kronecker(I_T, W) and period dummies (method "LU", sparse) on the sizes it
# finishes.  Prints wall time, peak memory and rho of each.
#   sh bench/spreg/run.sh [SIZES]   (from the repository root, after make; SIZES
#   default "285 2800"; T = 15, K = 6)
NQPF=${NQPF:-build/nqpf}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for N in ${@:-285 2800}; do
    /usr/bin/python3 bench/spreg/gen.py "$N" 15 6 "$T/p.csv"
    for LD in auto exact; do
        [ "$LD" = exact ] && [ "$N" -gt 1500 ] && [ -z "$SPREG_BENCH_EXACT" ] && continue
        /usr/bin/time -f "%e %M" -o "$T/time" "$NQPF" spreg --data "$T/p.csv" --unit unit --period year --y y \
            --x x1,x2 --model sdm --fe both --coords cx,cy --knn 6 --metric euclidean --effects \
            --logdet "$LD" --force --out "$T/o.csv" 2>/dev/null
        printf 'N=%-5s T=15  nqpf --logdet %-6s %6.2fs %7d KB  rho=%s\n' "$N" "$LD" $(cat "$T/time") \
            "$(grep ',rho,' "$T/o.csv" | cut -d, -f3)"
    done
    "$NQPF" weights --data "$T/p.csv" --unit unit --coords cx,cy --knn 6 --metric euclidean --style B \
        --force --out "$T/w.csv" 2>/dev/null
    if [ "$N" -le "${SPREG_BENCH_R_MAX:-500}" ] && Rscript -e 'library(spatialreg)' >/dev/null 2>&1; then
        cat > "$T/r.R" <<'R'
suppressMessages({library(spdep); library(spatialreg)})
a <- commandArgs(TRUE); p <- read.csv(a[1]); e <- read.csv(a[2])
p <- p[order(p$year, p$unit), ]; ids <- unique(p$unit); N <- length(ids); TT <- length(unique(p$year))
nb <- lapply(ids, function(i) sort(match(e$to[e$from == i], ids)))
big <- vector("list", N * TT)
for (t in 1:TT) for (i in 1:N) big[[(t - 1) * N + i]] <- as.integer(nb[[i]] + (t - 1) * N)
class(big) <- "nb"; attr(big, "region.id") <- as.character(seq_len(N * TT))
lw <- nb2listw(big, style = "W")
dm <- function(v) v - ave(v, p$unit) - ave(v, p$year) + mean(v)
q <- data.frame(y = dm(p$y), x1 = dm(p$x1), x2 = dm(p$x2), year = factor(p$year))
t0 <- Sys.time()
m <- lagsarlm(y ~ x1 + x2 + year, data = q, listw = lw, method = "LU", Durbin = ~ x1 + x2)
im <- impacts(m, listw = lw)  # no draws: its numerical-Hessian covariance is not positive definite here
cat(sprintf("%.2fs rho=%.15g\n", as.numeric(Sys.time() - t0, units = "secs"), m$rho))
R
        printf 'N=%-5s T=15  R spatialreg (LU)     %s\n' "$N" "$(Rscript "$T/r.R" "$T/p.csv" "$T/w.csv" 2>&1 | tail -1)"
    fi
done
