# Straightforward per-unit DEA loop with lpSolve (the peer baseline).
# Usage: Rscript r_loop.R DATA.csv MODEL OUT.csv   (MODEL = vrs_in | sbm_vrs_bad)
suppressMessages(library(lpSolve))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1])
X <- as.matrix(d[, c("x1", "x2", "x3")]); Y <- as.matrix(d[, c("y1", "y2")]); B <- as.matrix(d[, "b1", drop = FALSE])
n <- nrow(d); eff <- numeric(n)
t0 <- proc.time()[["elapsed"]]
if (a[2] == "vrs_in") {
  # min theta: sum l x <= theta x0, sum l y >= y0, sum l = 1; vars (theta, l)
  A <- rbind(cbind(0, t(X)), cbind(0, t(Y)), c(0, rep(1, n)))
  dir <- c(rep("<=", 3), rep(">=", 2), "=")
  for (o in 1:n) {
    A[1:3, 1] <- -X[o, ]
    r <- lp("min", c(1, rep(0, n)), A, dir, c(0, 0, 0, Y[o, ], 1))
    eff[o] <- r$objval
  }
} else {
  # Tone SBM with bad outputs, VRS, Charnes-Cooper form; vars (t, S-(3), Sb(1), S+(2), L(n))
  A <- rbind(c(1, rep(0, 6), rep(0, n)),
             cbind(0, diag(3), 0, matrix(0, 3, 2), t(X)),
             cbind(0, matrix(0, 1, 3), 1, matrix(0, 1, 2), t(B)),
             cbind(0, matrix(0, 2, 4), -diag(2), t(Y)),
             c(-1, rep(0, 6), rep(1, n)))
  dir <- rep("=", nrow(A))
  for (o in 1:n) {
    A[1, 5:7] <- c(1 / (3 * B[o, 1]), 1 / (3 * Y[o, ]))
    A[2:4, 1] <- -X[o, ]; A[5, 1] <- -B[o, 1]; A[6:7, 1] <- -Y[o, ]
    obj <- c(1, -1 / (3 * X[o, ]), 0, 0, 0, rep(0, n))
    r <- lp("min", obj, A, dir, c(1, rep(0, 7)))
    eff[o] <- r$objval
  }
}
el <- proc.time()[["elapsed"]] - t0
write.csv(data.frame(unit = d$unit, efficiency = eff), a[3], row.names = FALSE)
cat(sprintf("%.3f\n", el))
