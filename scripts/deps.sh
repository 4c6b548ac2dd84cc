#!/bin/sh
# Install the Debian packages nqpf needs, but only those that are missing
# (so it is quick and silent when all are present).  Needs root (or sudo)
# only when something is missing.
#
#   sh scripts/deps.sh          everything: the build, the tests and the peers they compare with
#   sh scripts/deps.sh build    only what building nqpf and `make demo` need
set -e
BUILD_PKGS="liblapack-dev libblas-dev libreadstat-dev libminizip-dev libexpat1-dev fonts-noto-cjk librsvg2-dev libcairo2-dev"
TEST_PKGS="python3-openpyxl libomp-14-dev clang libclang-rt-14-dev python3-numpy python3-scipy python3-pandas
      python3-statsmodels r-base-core r-cran-survival r-cran-spdep r-cran-sf r-cran-lpsolve r-cran-plm r-cran-sandwich
      r-cran-lmtest r-cran-aer r-cran-estimatr r-cran-spatialreg time chromium libopenmpi-dev openmpi-bin
      texlive-xetex texlive-lang-chinese texlive-latex-extra python3-docx libreoffice-writer-nogui r-cran-classint"
PKGS="$BUILD_PKGS"
[ "${1:-all}" = build ] || PKGS="$BUILD_PKGS $TEST_PKGS"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
