# Reference runs for tests/reg/test_did.py: TWFE DID and event studies on
# mpdta with estimatr::lm_robust (fixed_effects = ~ countyreal + year,
# clusters = countyreal, se_type = "stata": every absorbed level counted,
# nqpf did --dof all).  Usage: Rscript ref_did.R DIR  (reads DIR/mpdta.csv,
# writes DIR/r_did.csv: case,term,estimate,se).
suppressMessages(library(estimatr))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
d <- read.csv(file.path(dir, "mpdta.csv"))
G <- d$first.treat
d$D <- as.numeric(G > 0 & d$year >= G)
d$xw <- d$lpop * (d$year - 2003) / 4
out <- data.frame()
add <- function(case, fit, terms) {
  s <- summary(fit)$coefficients
  for (t in terms)
    out <<- rbind(out, data.frame(case = case, term = t, estimate = s[t, 1], se = s[t, 2]))
}
fit <- lm_robust(lemp ~ D, data = d, fixed_effects = ~ countyreal + year, clusters = countyreal, se_type = "stata")
add("twfe", fit, "D")
fit <- lm_robust(lemp ~ D + xw, data = d, fixed_effects = ~ countyreal + year, clusters = countyreal, se_type = "stata")
add("twfe_x", fit, c("D", "xw"))
for (w in list(c(-3, 3), c(-2, 2))) {
  e <- ifelse(G > 0, d$year - G, NA)
  e <- pmin(pmax(e, w[1]), w[2])
  terms <- c()
  for (k in w[1]:w[2]) {
    if (k == -1) next
    nm <- paste0("e_", ifelse(k < 0, paste0("m", -k), k))
    d[[nm]] <- as.numeric(!is.na(e) & e == k)
    terms <- c(terms, nm)
  }
  f <- as.formula(paste("lemp ~", paste(terms, collapse = " + ")))
  fit <- lm_robust(f, data = d, fixed_effects = ~ countyreal + year, clusters = countyreal, se_type = "stata")
  case <- paste0("event", -w[1], w[2])
  add(case, fit, terms)
  leads <- terms[grepl("^e_m", terms)]
  b <- coef(fit)[leads]
  V <- vcov(fit)[leads, leads, drop = FALSE]
  F <- as.numeric(t(b) %*% solve(V) %*% b) / length(leads)
  out <- rbind(out, data.frame(case = case, term = "pretrend_F", estimate = F, se = NA))
}
u <- file.path(dir, "mpdta_unb.csv")
if (file.exists(u)) {
  d2 <- read.csv(u)
  d2$D <- as.numeric(d2$first.treat > 0 & d2$year >= d2$first.treat)
  fit <- lm_robust(lemp ~ D, data = d2, fixed_effects = ~ countyreal + year, clusters = countyreal, se_type = "stata")
  add("twfe_unb", fit, "D")
}
write.csv(out, file.path(dir, "r_did.csv"), row.names = FALSE)
