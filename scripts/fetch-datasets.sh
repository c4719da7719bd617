#!/usr/bin/env bash
# Fetches the Fashion-MNIST IDX files from the Debian package dataset-fashion-mnist into
# .cache/datasets/ (git-ignored). The package is downloaded and unpacked, never installed.
# Idempotent: does nothing when the files are already there; runs `apt-get update` only when
# the first download attempt fails (the package lists may be stale or missing).
#
# Usage: scripts/fetch-datasets.sh            (from anywhere inside the repository)
# Result: .cache/datasets/fashion-mnist/{train,t10k}-images-idx3-ubyte.gz (and the label files)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$repo_root/.cache/datasets"
package=dataset-fashion-mnist
target="$cache/fashion-mnist"
wanted=(train-images-idx3-ubyte.gz t10k-images-idx3-ubyte.gz)

have_all() {
  local f
  for f in "${wanted[@]}"; do
    [[ -s "$target/$f" ]] || return 1
  done
}

if have_all; then
  echo "fashion-mnist already in $target"
  exit 0
fi

work="$cache/.download"
mkdir -p "$work"
cd "$work"
rm -f ./"$package"_*.deb

if ! apt-get download "$package"; then
  echo "apt-get download failed; refreshing the package lists and retrying" >&2
  apt-get update
  apt-get download "$package"
fi

debs=(./"$package"_*.deb)
if [[ ${#debs[@]} -ne 1 || ! -f "${debs[0]}" ]]; then
  echo "expected exactly one $package .deb, found: ${debs[*]}" >&2
  exit 1
fi

rm -rf "$work/root"
dpkg -x "${debs[0]}" "$work/root"
source_dir="$work/root/usr/share/datasets/fashion-mnist"
if [[ ! -d "$source_dir" ]]; then
  echo "$package does not contain usr/share/datasets/fashion-mnist/" >&2
  exit 1
fi

mkdir -p "$target"
cp "$source_dir"/*.gz "$target"/
echo "$(basename "${debs[0]}")" > "$target/SOURCE"
rm -rf "$work"

have_all || { echo "fashion-mnist files missing after unpacking" >&2; exit 1; }
echo "fashion-mnist fetched into $target:"
ls -l "$target"
