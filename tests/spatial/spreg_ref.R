# Reference values from R spatialreg for tests/spatial/test_spreg_r.py.
# Usage: Rscript spreg_ref.R REFDIR WORKDIR  (writes WORKDIR/r.csv: case,term,value,
# WORKDIR/col_nb_edges.csv: spdep's COL.nb keyed by NEIG).
suppressMessages({library(spdep); library(spatialreg)})
a <- commandArgs(TRUE); R <- a[1]; O <- a[2]
out <- list()
put <- function(case, term, value) out[[length(out) + 1]] <<- data.frame(case = case, term = term, value = value)
nb_from_edges <- function(e, ids) {
  nb <- lapply(ids, function(i) as.integer(sort(match(e$to[e$from == i & !is.na(e$to)], ids))))
  nb <- lapply(nb, function(v) if (length(v)) v else 0L)
  class(nb) <- "nb"; attr(nb, "region.id") <- as.character(ids); nb
}
fit_rows <- function(case, m, lag, imp = NULL) {
  cf <- coef(m)
  if (lag) { put(case, "rho", m$rho); put(case, "rho_se", m$rho.se) } else { put(case, "lambda", m$lambda); put(case, "lambda_se", m$lambda.se) }
  b <- m$coefficients; se <- m$rest.se
  for (i in seq_along(b)) { put(case, names(b)[i], b[i]); put(case, paste0(names(b)[i], "_se"), se[i]) }
  put(case, "loglik", as.numeric(logLik(m))); put(case, "sigma2", m$s2)
  if (!is.null(imp)) for (v in rownames(as.matrix(imp$direct)) ) NULL
  if (!is.null(imp)) {
    nm <- attr(imp, "bnames")
    for (j in seq_along(nm)) { put(case, paste0("direct:", nm[j]), imp$direct[j]); put(case, paste0("indirect:", nm[j]), imp$indirect[j]); put(case, paste0("total:", nm[j]), imp$total[j]) }
  }
}
# ---- Columbus, queen contiguity from the polygons (edge list keyed by POLYID)
d <- read.csv(file.path(R, "columbus.csv"))
lw <- nb2listw(nb_from_edges(read.csv(file.path(R, "columbus_queen_edges.csv")), d$POLYID), style = "W")
m <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, method = "eigen"); fit_rows("col_sar", m, TRUE, impacts(m, listw = lw))
m <- errorsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, method = "eigen"); fit_rows("col_sem", m, FALSE)
m <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, method = "eigen", Durbin = TRUE); fit_rows("col_sdm", m, TRUE, impacts(m, listw = lw))
# binary W (style B): W similar to symmetric, not row-stochastic: effects by solving
lwb <- nb2listw(lw$neighbours, style = "B")
m <- lagsarlm(CRIME ~ INC + HOVAL, data = d, listw = lwb, method = "eigen", Durbin = TRUE); fit_rows("col_sdm_B", m, TRUE, impacts(m, listw = lwb))
# SAC: estimates and impacts from sacsarlm; SEs from optimHess of the full log-likelihood
m <- sacsarlm(CRIME ~ INC + HOVAL, data = d, listw = lw, method = "eigen")
W <- listw2mat(lw); X <- cbind(1, d$INC, d$HOVAL); ev <- eigen(W, only.values = TRUE)$values
llsac <- function(th) { A <- diag(49) - th[4] * W; B <- diag(49) - th[5] * W
  e <- B %*% (A %*% d$CRIME - X %*% th[1:3])
  -49 / 2 * log(2 * pi * th[6]) - sum(e^2) / (2 * th[6]) + sum(log(abs(1 - th[4] * ev))) + sum(log(abs(1 - th[5] * ev))) }
th <- c(m$coefficients, m$rho, m$lambda, m$s2)
se <- sqrt(diag(solve(-optimHess(th, llsac))))
nm <- c(names(m$coefficients), "rho", "lambda", "sigma2")
for (i in seq_along(th)) { put("col_sac", nm[i], th[i]); put("col_sac", paste0(nm[i], "_se"), se[i]) }
put("col_sac", "loglik", m$LL)
im <- impacts(m, listw = lw)
for (j in 1:2) { v <- c("INC", "HOVAL")[j]; put("col_sac", paste0("direct:", v), im$direct[j]); put("col_sac", paste0("indirect:", v), im$indirect[j]); put("col_sac", paste0("total:", v), im$total[j]) }
lt <- lm.LMtests(lm(CRIME ~ INC + HOVAL, data = d), lw, test = c("LMlag", "LMerr", "RLMlag", "RLMerr"))
put("col_lm", "lm_lag", lt$LMlag$statistic); put("col_lm", "lm_error", lt$LMerr$statistic)
put("col_lm", "robust_lm_lag", lt$RLMlag$statistic); put("col_lm", "robust_lm_error", lt$RLMerr$statistic)
# ---- Columbus with spdep's COL.nb (the ?ML_models examples), keyed by NEIG
data(oldcol, package = "spdep")
ids <- COL.OLD$NEIG
ed <- do.call(rbind, lapply(seq_along(COL.nb), function(i) data.frame(from = ids[i], to = ids[COL.nb[[i]]])))
write.csv(ed, file.path(O, "col_nb_edges.csv"), row.names = FALSE, quote = FALSE)
lwc <- nb2listw(COL.nb, style = "W")
m <- lagsarlm(CRIME ~ INC + HOVAL, data = COL.OLD, listw = lwc, method = "eigen"); fit_rows("colnb_sar", m, TRUE, impacts(m, listw = lwc))
m <- errorsarlm(CRIME ~ INC + HOVAL, data = COL.OLD, listw = lwc, method = "eigen"); fit_rows("colnb_sem", m, FALSE)
m <- lagsarlm(CRIME ~ INC + HOVAL, data = COL.OLD, listw = lwc, method = "eigen", Durbin = TRUE); fit_rows("colnb_sdm", m, TRUE)
# ---- Produc, two-way FE, on the demeaned data with kronecker(I_T, W) and period dummies
p <- read.csv(file.path(O, "produc_logs.csv"))
p <- p[order(p$year, p$state), ]
states <- sort(unique(p$state)); years <- sort(unique(p$year)); N <- length(states); TT <- length(years)
nbs <- nb_from_edges(read.csv(file.path(R, "usaww_edges.csv")), states)
big <- vector("list", N * TT)
for (t in 1:TT) for (i in 1:N) big[[(t - 1) * N + i]] <- as.integer(nbs[[i]] + (t - 1) * N)
class(big) <- "nb"; attr(big, "region.id") <- as.character(1:(N * TT))
lwp <- nb2listw(big, style = "W")
dm <- function(v) v - ave(v, p$state) - ave(v, p$year) + mean(v)
q <- data.frame(y = dm(p$lgsp), pcap = dm(p$lpcap), pc = dm(p$lpc), emp = dm(p$lemp), unemp = dm(p$unemp), year = factor(p$year))
m <- lagsarlm(y ~ pcap + pc + emp + unemp + year, data = q, listw = lwp, method = "eigen"); fit_rows("produc_sar_both", m, TRUE)
m <- errorsarlm(y ~ pcap + pc + emp + unemp + year, data = q, listw = lwp, method = "eigen"); fit_rows("produc_sem_both", m, FALSE)
m <- lagsarlm(y ~ pcap + pc + emp + unemp + year, data = q, listw = lwp, method = "eigen", Durbin = ~ pcap + pc + emp + unemp)
fit_rows("produc_sdm_both", m, TRUE)
lt <- lm.LMtests(lm(y ~ pcap + pc + emp + unemp + year, data = q), lwp, test = c("LMlag", "LMerr", "RLMlag", "RLMerr"))
put("produc_lm_both", "lm_lag", lt$LMlag$statistic); put("produc_lm_both", "lm_error", lt$LMerr$statistic)
put("produc_lm_both", "robust_lm_lag", lt$RLMlag$statistic); put("produc_lm_both", "robust_lm_error", lt$RLMerr$statistic)
write.csv(do.call(rbind, out), file.path(O, "r.csv"), row.names = FALSE)
