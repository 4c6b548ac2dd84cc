# bench/reg peers: estimatr::lm_robust(fixed_effects=) and plm within, timed
# after reading the data (read time printed separately); wall (elapsed) and
# user CPU seconds of each step.
#   Rscript peers.R DATA.csv
suppressMessages({library(estimatr); library(plm)})
f <- commandArgs(TRUE)[1]
step <- function(name, expr, note = function(v) "") {
  t0 <- proc.time()
  v <- expr
  t <- proc.time() - t0
  cat(sprintf("%s wall=%.2f user=%.2f sys=%.2f %s\n", name, t[["elapsed"]], t[["user.self"]], t[["sys.self"]], note(v)))
  v
}
d <- step("R-read.csv", read.csv(f))
fm <- y ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10
invisible(step("estimatr-lm_robust", lm_robust(fm, data = d, fixed_effects = ~ firm + year, clusters = firm, se_type = "stata"),
     function(m) sprintf("x1=%.12g se=%.12g", coef(m)[["x1"]], m$std.error[["x1"]])))
invisible(step("plm-within+vcovHC", {
  p <- plm(fm, data = d, index = c("firm", "year"), model = "within", effect = "twoways")
  list(p = p, v = vcovHC(p, type = "sss", cluster = "group"))
}, function(r) sprintf("x1=%.12g se=%.12g", coef(r$p)[["x1"]], sqrt(r$v[["x1", "x1"]]))))
