# bench/reg peers: estimatr::lm_robust(fixed_effects=) and plm within, timed
# after reading the data (read time printed separately).
#   Rscript peers.R DATA.csv
suppressMessages({library(estimatr); library(plm)})
f <- commandArgs(TRUE)[1]
t0 <- proc.time()[["elapsed"]]
d <- read.csv(f)
cat(sprintf("R-read.csv %.2f\n", proc.time()[["elapsed"]] - t0))
fm <- y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10
t0 <- proc.time()[["elapsed"]]
m <- lm_robust(fm, data = d, fixed_effects = ~ firm + year, clusters = firm, se_type = "stata")
cat(sprintf("estimatr-lm_robust %.2f x1=%.12g se=%.12g\n", proc.time()[["elapsed"]] - t0, coef(m)[["x1"]], m$std.error[["x1"]]))
t0 <- proc.time()[["elapsed"]]
p <- plm(fm, data = d, index = c("firm", "year"), model = "within", effect = "twoways")
v <- vcovHC(p, type = "sss", cluster = "group")
cat(sprintf("plm-within+vcovHC %.2f x1=%.12g\n", proc.time()[["elapsed"]] - t0, coef(p)[["x1"]]))
