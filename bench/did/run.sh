#!/bin/sh
# mpdta (500 counties x 5 years): nqpf did's TWFE + event study + 1,000
# placebo draws, and Callaway-Sant'Anna with a B = 999 multiplier bootstrap,
# against an R loop of estimatr::lm_robust fits for the placebo draws.
#   sh bench/did/run.sh [NQPF]
set -eu
NQPF=${1:-build/nqpf}
D=tests/ref/econ/mpdta.csv
A="--data $D --unit countyreal --period year --y lemp --first-treated first.treat"
/usr/bin/time -f "nqpf: TWFE + event study + 1000 placebo draws: %e s wall, %U s user" \
    "$NQPF" did $A --event-window -3,3 --placebo 1000 --seed 1 --out /dev/null --stats /tmp/nqpf-bench-did.csv --force
grep -E 'twfe_att|pretrend_p|placebo_p' /tmp/nqpf-bench-did.csv
/usr/bin/time -f "nqpf: Callaway-Sant'Anna + B = 999 multiplier bootstrap: %e s wall, %U s user" \
    "$NQPF" did $A --estimator cs --boot 999 --seed 1 --out /tmp/nqpf-bench-cs.csv --force
grep -E '^(dynamic|group),overall' /tmp/nqpf-bench-cs.csv
if command -v Rscript >/dev/null 2>&1; then
    Rscript -e '
suppressMessages(library(estimatr))
d <- read.csv("'$D'"); set.seed(1)
G <- tapply(d$first.treat, d$countyreal, function(v) v[1]); ids <- names(G)
t0 <- proc.time(); B <- 100
b <- replicate(B, { Gp <- setNames(sample(G), ids); g <- Gp[as.character(d$countyreal)]
  d$D <- as.numeric(g > 0 & d$year >= g)
  coef(lm_robust(lemp ~ D, data = d, fixed_effects = ~ countyreal + year, se_type = "classical"))[["D"]] })
el <- (proc.time() - t0)[["elapsed"]]
cat(sprintf("R estimatr loop: %d placebo draws in %.1f s (%.1f s per 1000)\n", B, el, el * 1000 / B))'
fi
