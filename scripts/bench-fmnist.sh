#!/usr/bin/env bash
# Fashion-MNIST benchmark, in one run on this machine: arcodec's models on the 10,000 test
# images (one .arc file each, every file decoded and checked) and the peers on the same pixels:
# the whole test set tiled into one 2800x2800 image, the first 200 images as single files, and
# the raw bytes through xz.
#
# Usage: scripts/bench-fmnist.sh [MODELS] [LIMIT]
#   MODELS  comma-separated model names or .arcm paths (default: every bundled model)
#   LIMIT   test images arcodec codes (default 10000; the peers always see all of them)
# Output: markdown tables on stdout; work files in .cache/bench/fmnist/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/install-tools.sh cwebp=webp cjxl=libjxl-tools optipng=optipng xz=xz-utils

scripts/fetch-datasets.sh >&2
./mvnw -q -B -DskipTests install -pl codec,models -am >&2
models="${1:-$(./mvnw -q -B -pl models exec:java -Dexec.mainClass=org.arcodec.models.bench.ListModels 2>/dev/null || echo histogram)}"
limit="${2:-10000}"
out=.cache/bench/fmnist
rm -rf "$out" && mkdir -p "$out"

./mvnw -q -B -pl models exec:java -Dexec.mainClass=org.arcodec.models.bench.FashionMnistBenchmark \
  -Dexec.args="--models $models --limit $limit --export $out"

samples_all=$((10000 * 784))
samples_single=$((200 * 784))
now() { date +%s.%N; }
row() { # name bytes samples seconds
  awk -v n="$1" -v b="$2" -v s="$3" -v t="$4" 'BEGIN { printf "| %s | %d | %.3f | %.2f |\n", n, b, 8 * b / s, t }'
}
single() { # name command-with-{in}-{out} out-suffix
  local name="$1" cmd="$2" suffix="$3" total=0 t0 t1
  t0=$(now)
  for f in "$out"/single/*.png; do
    local o="$out/peer-single/$(basename "$f" .png).$suffix"
    eval "${cmd//\{in\}/\"$f\"}" >/dev/null 2>&1 <<<"" || true
    total=$((total + $(stat -c %s "$o")))
  done
  t1=$(now)
  row "$name" "$total" "$samples_single" "$(echo "$t1 - $t0" | bc)"
}

mkdir -p "$out/peer-single"
echo
echo "Peers on the same pixels (bpd = 8 x bytes / samples; seconds = wall time of the whole row)"
echo
echo "| peer | bytes | bpd | seconds |"
echo "|---|---|---|---|"
t0=$(now); cp "$out/tiled.png" "$out/tiled-opti.png"; optipng -quiet -o7 "$out/tiled-opti.png"; t1=$(now)
row "tiled: PNG (optipng -o7)" "$(stat -c %s "$out/tiled-opti.png")" $samples_all "$(echo "$t1 - $t0" | bc)"
t0=$(now); cwebp -quiet -lossless -z 9 "$out/tiled.png" -o "$out/tiled.webp"; t1=$(now)
row "tiled: WebP lossless (-z 9)" "$(stat -c %s "$out/tiled.webp")" $samples_all "$(echo "$t1 - $t0" | bc)"
for e in 7 9; do
  t0=$(now); cjxl -q -d 0 -e $e "$out/tiled.png" "$out/tiled-e$e.jxl" 2>/dev/null || cjxl -d 0 -e $e "$out/tiled.png" "$out/tiled-e$e.jxl" >/dev/null 2>&1; t1=$(now)
  row "tiled: JPEG XL lossless (-e $e)" "$(stat -c %s "$out/tiled-e$e.jxl")" $samples_all "$(echo "$t1 - $t0" | bc)"
done
t0=$(now); xz -9e -k -c "$out/test-images.raw" > "$out/test-images.raw.xz"; t1=$(now)
row "raw bytes: xz -9e" "$(stat -c %s "$out/test-images.raw.xz")" $samples_all "$(echo "$t1 - $t0" | bc)"
single "first 200, one file each: PNG (optipng -o7)" 'cp {in} "$o" && optipng -quiet -o7 "$o"' png
single "first 200, one file each: WebP (-z 9)" 'cwebp -quiet -lossless -z 9 {in} -o "$o"' webp
single "first 200, one file each: JPEG XL (-e 9)" 'cjxl -d 0 -e 9 {in} "$o"' jxl
