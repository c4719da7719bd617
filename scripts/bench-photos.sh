#!/usr/bin/env bash
# Photograph benchmark, in one run on this machine: arcodec's default models (chosen from each
# image's layout) and the peers on the test photographs of ../shared/DATA.md, which no model was
# trained or tuned on. For every image and codec: file bytes, bits per subpixel
# (8 x bytes / (width x height x channels)), and wall time to encode and to decode, each a whole
# process as a user runs it. Every arcodec file is decoded and its pixels compared with the input.
#
# Test images (PNG; rocket.jpg's decoded pixels are written to a PNG first):
#   RGB   libjxl-testdata jxl/flower/flower.png, external/wesaturate/500px/*_srgb8.png;
#         python3-skimage astronaut, coffee, chelsea, rocket, motorcycle_left
#   gray  wesaturate cvo9xd_keong_macan_grayscale.png; skimage camera, moon, coins
# Speed probe: the 768x512 centre of flower.png, arcodec decode against cjxl -d 0 -e 9 encode.
#
# Usage: scripts/bench-photos.sh [IMAGES]
#   IMAGES  comma-separated subset of the names above (default: all), e.g. astronaut,camera
# Environment: ARCODEC_MODEL=NAME|PATH codes every image with that model instead of the default.
#              JAVA_HOME: the JDK arcodec runs on; default Temurin 25 where installed (its Vector API
#              kernel is the fast one, docs/CONVNETS.md), else the system java. The probe is also
#              decoded once on the system java when that is another JDK.
# Output: markdown tables on stdout; work files in .cache/bench/photos/ (results.tsv there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/install-tools.sh cwebp=webp cjxl=libjxl-tools avifenc=libavif-bin optipng=optipng compare=imagemagick

# The test photographs: the same pinned packages as scripts/build-photo-corpus.sh checks against.
# shellcheck source=scripts/test-photo-packages.sh
source scripts/test-photo-packages.sh
test_root=.cache/corpus/test-root
for pkg in "${test_packages[@]}"; do
  name="${pkg%%=*}"
  if [ ! -d "$test_root/$name" ]; then
    mkdir -p .cache/corpus/debs
    (cd .cache/corpus/debs && { apt-get download "$pkg" >&2 || { apt-get update -qq && apt-get download "$pkg" >&2; }; })
    dpkg -x .cache/corpus/debs/"${name}"_*.deb "$test_root/$name"
  fi
done
jxl=$test_root/libjxl-testdata/usr/share/libjxl-testdata
ski=$test_root/python3-skimage/usr/lib/python3/dist-packages/skimage/data

out=.cache/bench/photos
rm -rf "$out" && mkdir -p "$out/in" "$out/work"
declare -A source=(
  [flower]=$jxl/jxl/flower/flower.png
  [keong_macan]=$jxl/external/wesaturate/500px/cvo9xd_keong_macan_srgb8.png
  [riaphotographs]=$jxl/external/wesaturate/500px/tmshre_riaphotographs_srgb8.png
  [bliznaca]=$jxl/external/wesaturate/500px/u76c0g_bliznaca_srgb8.png
  [astronaut]=$ski/astronaut.png
  [coffee]=$ski/coffee.png
  [chelsea]=$ski/chelsea.png
  [rocket]=$ski/rocket.jpg
  [motorcycle_left]=$ski/motorcycle_left.png
  [keong_macan_gray]=$jxl/external/wesaturate/500px/cvo9xd_keong_macan_grayscale.png
  [camera]=$ski/camera.png
  [moon]=$ski/moon.png
  [coins]=$ski/coins.png
)
all=flower,keong_macan,riaphotographs,bliznaca,astronaut,coffee,chelsea,rocket,motorcycle_left,keong_macan_gray,camera,moon,coins
IFS=, read -r -a images <<<"${1:-$all}"
for name in "${images[@]}"; do
  [ -n "${source[$name]:-}" ] || { echo "unknown test image '$name'; known: $all" >&2; exit 2; }
  # 8-bit, no ancillary chunks (a colour profile is not pixels), RGB or gray as the source is.
  if [ "$(identify -format '%[channels]' "${source[$name]}")" = gray ]; then
    convert "${source[$name]}" -strip -colorspace gray -depth 8 -define png:color-type=0 "$out/in/$name.png"
  else
    convert "${source[$name]}" -strip -depth 8 -define png:color-type=2 "$out/in/$name.png"
  fi
done
convert "${source[flower]}" -strip -gravity center -crop 768x512+0+0 +repage -depth 8 -define png:color-type=2 \
  "$out/in/probe-768x512.png"

system_java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
temurin25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -z "${JAVA_HOME:-}" ] && [ -x "$temurin25/bin/java" ]; then
  export JAVA_HOME=$temurin25
fi
arcodec_java="$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
./arcodec models >/dev/null 2>&1  # builds the jar once, outside the timings
model_args=()
[ -n "${ARCODEC_MODEL:-}" ] && model_args=(-m "$ARCODEC_MODEL")

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
results="$out/results.tsv"
: >"$out/choices.tsv"
printf 'image\tcodec\twidth\theight\tchannels\tbytes\tbpd\tencode_s\tdecode_s\n' >"$results"
record() { # image codec bytes enc dec
  local f="$out/in/$1.png" w h c
  w=$(identify -format '%w' "$f"); h=$(identify -format '%h' "$f")
  c=$([ "$(identify -format '%[channels]' "$f")" = gray ] && echo 1 || echo 3)
  awk -v i="$1" -v k="$2" -v w="$w" -v h="$h" -v c="$c" -v b="$3" -v e="$4" -v d="$5" \
    'BEGIN { printf "%s\t%s\t%d\t%d\t%d\t%d\t%.4f\t%.2f\t%.2f\n", i, k, w, h, c, b, 8 * b / (w * h * c), e, d }' >>"$results"
}
same_pixels() { [ "$(compare -metric AE "$1" "$2" null: 2>&1)" = 0 ]; }

for name in "${images[@]}" probe-768x512; do
  in="$out/in/$name.png"; w="$out/work/$name"
  echo "coding $name ($(identify -format '%wx%h %[channels]' "$in"))" >&2
  t=$(now); ./arcodec compress -q -f "${model_args[@]}" "$in" -o "$w.arc" >&2; enc=$(since "$t")
  t=$(now); ./arcodec decompress -q -f "${model_args[@]}" "$w.arc" -o "$w.arc.png" >&2; dec=$(since "$t")
  same_pixels "$in" "$w.arc.png" || { echo "arcodec: $name decoded to different pixels" >&2; exit 1; }
  record "$name" arcodec "$(stat -c %s "$w.arc")" "$enc" "$dec"
  # What the encoder chose for this image (docs/FORMAT.md): model variant, pixel blocks, model.
  ./arcodec info --json "$w.arc" \
    | sed -E 's/.*"block_width":([0-9]+),"block_height":([0-9]+),"model_variant":([0-9]+).*"model":"([^"]+)".*/\3\t\1x\2\t\4/' \
    | sed "s/^/$name\t/" >>"$out/choices.tsv"

  cp "$in" "$w.opt.png"
  t=$(now); optipng -quiet -o7 "$w.opt.png"; enc=$(since "$t")
  t=$(now); pngtopnm "$w.opt.png" >/dev/null; dec=$(since "$t")
  record "$name" "png-optipng-o7" "$(stat -c %s "$w.opt.png")" "$enc" "$dec"

  t=$(now); cwebp -quiet -lossless -z 9 "$in" -o "$w.webp"; enc=$(since "$t")
  t=$(now); dwebp -quiet "$w.webp" -ppm -o /dev/null; dec=$(since "$t")
  record "$name" "webp-z9" "$(stat -c %s "$w.webp")" "$enc" "$dec"

  for e in 7 9; do
    t=$(now); cjxl -d 0 -e $e "$in" "$w.e$e.jxl" >/dev/null 2>&1; enc=$(since "$t")
    t=$(now); djxl "$w.e$e.jxl" "$w.e$e.ppm" >/dev/null 2>&1; dec=$(since "$t")
    record "$name" "jxl-e$e" "$(stat -c %s "$w.e$e.jxl")" "$enc" "$dec"
  done

  t=$(now); avifenc -q --lossless "$in" "$w.avif" >/dev/null 2>&1 || avifenc --lossless "$in" "$w.avif" >/dev/null; enc=$(since "$t")
  t=$(now); avifdec "$w.avif" "$w.avif.png" >/dev/null 2>&1; dec=$(since "$t")
  record "$name" "avif-lossless" "$(stat -c %s "$w.avif")" "$enc" "$dec"
done

# The same probe decoded on one thread, for the multi-core speed-up (files are the same on any count).
probe="$out/work/probe-768x512"
t=$(now); JAVA_OPTS="${JAVA_OPTS:-} -Darcodec.threads=1" ./arcodec decompress -q -f "${model_args[@]}" "$probe.arc" \
  -o "$probe.one-thread.png" >&2; one_thread=$(since "$t")
same_pixels "$out/in/probe-768x512.png" "$probe.one-thread.png" || { echo "arcodec: one-thread decode differs" >&2; exit 1; }
# And on the system JDK, when arcodec ran on another one.
system_line=""
if [ "$(readlink -f "${JAVA_HOME:-$system_java_home}")" != "$(readlink -f "$system_java_home")" ]; then
  t=$(now); JAVA_HOME="$system_java_home" ./arcodec decompress -q -f "${model_args[@]}" "$probe.arc" \
    -o "$probe.system-jdk.png" >&2; system_jdk=$(since "$t")
  same_pixels "$out/in/probe-768x512.png" "$probe.system-jdk.png" || { echo "arcodec: system-JDK decode differs" >&2; exit 1; }
  system_line="On the system JDK ($(java -version 2>&1 | head -1)) the probe decodes in $(printf '%.2f' "$system_jdk") s on all cores."
fi

echo "# Test photographs: bits per subpixel (8 x bytes / (width x height x channels))"
echo
awk -F'\t' '
  NR == 1 { next }
  $1 == "probe-768x512" { next }
  { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    if (!($2 in cseen)) { cseen[$2] = 1; codecs[++m] = $2 }
    bpd[$1, $2] = $7; bytes[$1, $2] = $6; size[$1] = $3 "x" $4 " " ($5 == 1 ? "gray" : "RGB") }
  END {
    printf "| image | size |"; for (j = 1; j <= m; j++) printf " %s |", codecs[j]; printf " arcodec / JXL -e 9 |\n"
    printf "|---|---|"; for (j = 1; j <= m; j++) printf "---:|"; printf "---:|\n"
    for (i = 1; i <= n; i++) {
      im = order[i]; printf "| %s | %s |", im, size[im]
      for (j = 1; j <= m; j++) printf " %.3f |", bpd[im, codecs[j]]
      r = bytes[im, "arcodec"] / bytes[im, "jxl-e9"]; ratio += r
      printf " %.3f |\n", r
      for (j = 1; j <= m; j++) mean[codecs[j]] += bpd[im, codecs[j]]
    }
    printf "| mean of %d | |", n; for (j = 1; j <= m; j++) printf " %.3f |", mean[codecs[j]] / n
    printf " %.3f |\n", ratio / n
  }' "$results"
echo
echo "# Wall time, seconds (whole processes; arcodec includes JVM start)"
echo
awk -F'\t' '
  NR == 1 { next }
  { key = ($1 == "probe-768x512") ? "probe" : "all"
    if (!($2 in cseen)) { cseen[$2] = 1; codecs[++m] = $2 }
    enc[key, $2] += $8; dec[key, $2] += $9 }
  END {
    printf "| codec | encode, all test images | decode, all test images | encode 768x512 probe | decode 768x512 probe |\n"
    printf "|---|---:|---:|---:|---:|\n"
    for (j = 1; j <= m; j++) { c = codecs[j]
      printf "| %s | %.1f | %.1f | %.2f | %.2f |\n", c, enc["all", c], dec["all", c], enc["probe", c], dec["probe", c] }
  }' "$results"
echo
echo "Speed target: arcodec decodes the 768x512 probe in $(awk -F'\t' '$1 == "probe-768x512" && $2 == "arcodec" { print $9 }' "$results") s;" \
  "cjxl -d 0 -e 9 encodes it in $(awk -F'\t' '$1 == "probe-768x512" && $2 == "jxl-e9" { print $8 }' "$results") s."
echo "($(nproc) cores, $(date -u +%Y-%m-%d), $(cjxl --version 2>&1 | head -1), cwebp $(cwebp -version), avifenc $(avifenc --version 2>&1 | head -1 | cut -d' ' -f2))"
echo "Threads: arcodec decodes the probe in $(awk -F'\t' '$1 == "probe-768x512" && $2 == "arcodec" { print $9 }' "$results") s" \
  "on all $(nproc) cores and in $(printf '%.2f' "$one_thread") s on one (-Darcodec.threads=1)."
echo "arcodec ran on: $arcodec_java. $system_line"
echo "arcodec's choices per image (docs/FORMAT.md; variant 0 and 1x1 blocks are the defaults):" \
  "$(awk -F'\t' '$1 != "probe-768x512" { printf "%s%s %s variant %s, blocks %s", sep, $1, $4, $2, $3; sep = "; " }' "$out/choices.tsv")."

