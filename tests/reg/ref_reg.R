# Reference values for tests/reg/test_reg_r.py: R's plm, sandwich, AER and
# estimatr on the data files the test prepared in DIR (argument 1); writes
# DIR/r_out.csv  case,term,estimate,se  (statistics as rows with se NA).
suppressMessages({library(plm); library(sandwich); library(lmtest); library(AER); library(estimatr)})
d <- commandArgs(TRUE)[1]
out <- list()
add <- function(case, est, se) out[[length(out) + 1]] <<- data.frame(case = case, term = names(est),
    estimate = unname(est), se = unname(se))
stat <- function(case, name, v) out[[length(out) + 1]] <<- data.frame(case = case, term = name, estimate = v, se = NA)
rd <- function(f) read.csv(file.path(d, f))

## Grunfeld: one- and two-way within (plm), classical and sss-clustered
pg <- pdata.frame(rd("grunfeld.csv"), index = c("firm", "year"))
m1 <- plm(inv ~ value + capital, data = pg, model = "within")
add("grunfeld_ow", coef(m1), sqrt(diag(vcov(m1))))
add("grunfeld_ow_sss", coef(m1), sqrt(diag(vcovHC(m1, type = "sss", cluster = "group"))))
m2 <- plm(inv ~ value + capital, data = pg, model = "within", effect = "twoways")
add("grunfeld_tw", coef(m2), sqrt(diag(vcov(m2))))

## Petersen: OLS with iid, firm, year and two-way clustered errors (sandwich)
p <- rd("petersen_cl.csv")
lp <- lm(y ~ x, data = p)
add("pet_iid", coef(lp), sqrt(diag(vcov(lp))))
add("pet_firm", coef(lp), sqrt(diag(vcovCL(lp, cluster = ~firm))))
add("pet_year", coef(lp), sqrt(diag(vcovCL(lp, cluster = ~year))))
add("pet_robust", coef(lp), sqrt(diag(vcovHC(lp, type = "HC1"))))
raw <- vcovCL(lp, cluster = ~ firm + year, type = "HC0", cadjust = FALSE)
N <- nrow(p); G <- min(length(unique(p$firm)), length(unique(p$year)))
add("pet_2way", coef(lp), sqrt(diag(raw * (N - 1) / (N - 2) * G / (G - 1))))
add("pet_2way_sandwich", coef(lp), sqrt(diag(vcovCL(lp, cluster = ~ firm + year))))

## Cigarettes (Stock-Watson): 2SLS with HC1 errors (AER::ivreg)
c95 <- rd("cig95.csv")
add("cig_1211", coef(i1 <- ivreg(lpacks ~ lrprice | rtdiff, data = c95)), sqrt(diag(vcovHC(i1, type = "HC1"))))
add("cig_1215", coef(i2 <- ivreg(lpacks ~ lrprice + lrincome | lrincome + rtdiff, data = c95)),
    sqrt(diag(vcovHC(i2, type = "HC1"))))
add("cig_1216", coef(i3 <- ivreg(lpacks ~ lrprice + lrincome | lrincome + rtdiff + rtax, data = c95)),
    sqrt(diag(vcovHC(i3, type = "HC1"))))
cd <- rd("cigdiff.csv")
n <- nrow(cd)
for (s in list(c("d1", "drtdiff"), c("d2", "drtax"), c("d3", "drtdiff + drtax"))) {
    f <- as.formula(paste("dlpacks ~ dlrprice + dlrincome | dlrincome +", s[2]))
    m <- ivreg(f, data = cd)
    case <- paste0("cig_", s[1])
    add(case, coef(m), sqrt(diag(vcovHC(m, type = "HC1"))))
    fs <- lm(as.formula(paste("dlrprice ~ dlrincome +", s[2])), data = cd)
    fr <- lm(dlrprice ~ dlrincome, data = cd)
    stat(case, "first_F_robust", waldtest(fs, fr, vcov = vcovHC(fs, type = "HC1"), test = "F")$F[2])
    stat(case, "first_F_iid", waldtest(fs, fr, test = "F")$F[2])
    stat(case, "partial_r2", 1 - sum(resid(fs)^2) / sum(resid(fr)^2))
    if (s[1] == "d3") {
        e <- resid(m)
        stat(case, "sargan", n * summary(lm(e ~ dlrincome + drtdiff + drtax, data = cd))$r.squared)
        Z <- model.matrix(~ dlrincome + drtdiff + drtax, cd); X <- model.matrix(~ dlrprice + dlrincome, cd)
        y <- cd$dlpacks; W <- solve(crossprod(Z * e))
        b2 <- solve(t(X) %*% Z %*% W %*% t(Z) %*% X, t(X) %*% Z %*% W %*% t(Z) %*% y)
        g <- t(Z) %*% (y - X %*% b2)
        stat(case, "hansen_J", drop(t(g) %*% W %*% g))
    }
}

## estimatr lm_robust with absorbed fixed effects
fm <- lgsp ~ lpcap + lpc + lemp + unemp
er <- function(case, ...) {
    m <- lm_robust(..., se_type = "stata")
    add(case, coef(m), m$std.error)
    stat(case, "df_residual", m$df.residual)
    stat(case, "r2", m$r.squared)
}
pr <- rd("produc.csv"); pu <- rd("produc_unbal.csv")
er("produc_tw_cl", fm, data = pr, fixed_effects = ~ state + year, clusters = state)
er("produc_unbal_cl", fm, data = pu, fixed_effects = ~ state + year, clusters = state)
er("produc_w_cl", fm, data = pr, weights = w, fixed_effects = ~ state + year, clusters = region)
m <- lm_robust(fm, data = pu, fixed_effects = ~ state + year, se_type = "HC1")
add("produc_unbal_hc1", coef(m), m$std.error); stat("produc_unbal_hc1", "df_residual", m$df.residual)
m <- lm_robust(fm, data = pu, fixed_effects = ~ state + year, se_type = "classical")
add("produc_unbal_iid", coef(m), m$std.error); stat("produc_unbal_iid", "df_residual", m$df.residual)
em <- rd("empl.csv")
er("empl_3fe_cl", lemp ~ lwage + lcapital + loutput, data = em, fixed_effects = ~ firm + year + sy, clusters = firm)
er("empl_2fe_cl", lemp ~ lwage + lcapital + loutput, data = em, fixed_effects = ~ firm + year, clusters = firm)
## moderation: an A*M interaction with absorbed effects; marginal effect of lpcap at unemp = 5 (delta method)
m <- lm_robust(lgsp ~ lpcap * unemp + lpc + lemp, data = pr, fixed_effects = ~ state + year, clusters = state,
               se_type = "stata")
add("produc_mod", coef(m), m$std.error)
V <- vcov(m); g <- c(1, 5)
k <- c("lpcap", "lpcap:unemp")
stat("produc_mod", "me5", sum(coef(m)[k] * g))
stat("produc_mod", "me5_se", sqrt(drop(t(g) %*% V[k, k] %*% g)))
## 2SLS with absorbed fixed effects (unbalanced panel)
m <- iv_robust(lgsp ~ lpcap + lpc + lemp + unemp | lhwy + lwater + lpc + lemp + unemp, data = pu,
               fixed_effects = ~ state + year, clusters = state, se_type = "stata")
add("iv_fe_cl", coef(m), m$std.error)
m <- iv_robust(lgsp ~ lpcap + lpc + lemp + unemp | lhwy + lwater + lpc + lemp + unemp, data = pu,
               fixed_effects = ~ state + year, se_type = "HC1")
add("iv_fe_hc1", coef(m), m$std.error)

## U shape (Lind-Mehlum) by hand: unemp and its square
pr$unemp2 <- pr$unemp^2
m <- lm_robust(lgsp ~ unemp + unemp2 + lpc + lemp, data = pr, fixed_effects = ~ state + year, clusters = state,
               se_type = "stata")
b <- coef(m)[c("unemp", "unemp2")]; V <- vcov(m)[c("unemp", "unemp2"), c("unemp", "unemp2")]
lo <- min(pr$unemp); hi <- max(pr$unemp); df <- length(unique(pr$state)) - 1
sl <- function(x) c(b[[1]] + 2 * b[[2]] * x, sqrt(V[1, 1] + 4 * x^2 * V[2, 2] + 4 * x * V[1, 2]))
L <- sl(lo); H <- sl(hi)
st <- if (b[[2]] > 0) min(-L[1] / L[2], H[1] / H[2]) else min(L[1] / L[2], -H[1] / H[2])
tp <- -b[[1]] / (2 * b[[2]]); g <- c(-1 / (2 * b[[2]]), b[[1]] / (2 * b[[2]]^2))
stat("utest", "b1", b[[1]]); stat("utest", "b2", b[[2]])
stat("utest", "utest_slope_lo_t", L[1] / L[2]); stat("utest", "utest_slope_hi_t", H[1] / H[2])
stat("utest", "utest_t", st); stat("utest", "utest_p", pt(st, df, lower.tail = FALSE))
stat("utest", "turning_point", tp); stat("utest", "turning_se", sqrt(drop(t(g) %*% V %*% g)))
## winsorising as Stata's winsor2 (percentiles of _pctile = R's quantile type 2), overall and by year
wz <- function(v, lo, hi) { q <- quantile(v, c(lo, hi) / 100, type = 2, names = FALSE); pmin(pmax(v, q[1]), q[2]) }
vars <- c("lgsp", "lpcap", "lpc", "lemp", "unemp")
w1 <- pr; for (v in vars) w1[[v]] <- wz(pr[[v]], 1, 99)
w2 <- pr; for (v in vars) w2[[v]] <- ave(pr[[v]], pr$year, FUN = function(x) wz(x, 25, 75))
for (cs in list(list("wins_1_99", w1), list("wins_25_75_year", w2))) {
    m <- lm_robust(fm, data = cs[[2]], fixed_effects = ~ state + year, clusters = state, se_type = "stata")
    add(cs[[1]], coef(m), m$std.error)
}
write.csv(do.call(rbind, out), file.path(d, "r_out.csv"), row.names = FALSE)
