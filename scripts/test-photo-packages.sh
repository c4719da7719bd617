# The Debian packages that hold the test photographs (../shared/DATA.md), NAME=VERSION as
# `apt-get download` takes them (Debian 12 "bookworm"). Sourced by scripts/build-photo-corpus.sh,
# which keeps every file of them out of the training corpus, and scripts/bench-photos.sh, which
# codes them.
test_packages=(
  libjxl-testdata=0.0~git20230110.d6168ff-1
  python3-skimage=0.19.3-8
)
