# spdep moran.mc on the same data: knn (k) -> row-standardised listw -> nsim permutations
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(spdep))
t0 <- proc.time()[["elapsed"]]
d <- read.csv(args[1])
k <- as.integer(args[2]); nsim <- as.integer(args[3])
nb <- knn2nb(knearneigh(cbind(d$x, d$y), k = k))
lw <- nb2listw(nb, style = "W")
t1 <- proc.time()[["elapsed"]]
set.seed(1)
mc <- moran.mc(d$v, lw, nsim = nsim)
t2 <- proc.time()[["elapsed"]]
cat(sprintf("spdep I=%.10f p=%.5f total=%.3fs permutations=%.3fs\n", mc$statistic, mc$p.value, t2 - t0, t2 - t1))
