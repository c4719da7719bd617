#!/usr/bin/env bash
# Builds the natural-photograph training corpus (models/corpus/README.md): downloads
# the Debian wallpaper packages below (never installs them), lists every JPEG, PNG and WebP in
# them, keeps the photographs that models/corpus/photo-decisions.tsv marks "yes" (decided by a
# person looking at every picture), downscales each kept one by an integer factor s >= 3 with
# area averaging, and writes the manifest that makes the corpus reproducible.
#
# Rules, in the order they are applied to each regular image file (symlinks are aliases of a
# file beside them and are not listed; SVG and XML are not images here):
#   1. a file whose bytes equal an earlier file's (package, then path order) is "same file as";
#   2. of the versions of one picture at several sizes (KDE's images/WxH.* and screenshot.*,
#      or NAME_WxH[_Portrait]), only the one with the most pixels is considered, the others are
#      "smaller version of" it;
#   3. the decision file says kept yes/no and why; a picture it does not list is "not reviewed".
# Kept pictures: the longer side L gives s = max(3, ceil(L / 1300)), so the output's longer
# side ends between 640 and 1300 pixels unless L < 1920 (then s = 3 and it ends shorter); the
# W mod s and H mod s pixels at the right and bottom are cropped, and the rest is averaged over
# s x s blocks (Box filter, an exact block mean) into an 8-bit RGB PNG without ancillary chunks.
# The package versions are pinned: a new version may hold new pictures that nobody reviewed.
# Kept files are also checked against the test photographs, which are never trained on: no kept
# file may have the SHA-256 of any file in libjxl-testdata's jxl/flower/ and
# external/wesaturate/500px/ or in python3-skimage's skimage/data/.
#
# Idempotent: downloads, unpacking and downscaled files already in place are reused; runs
# `apt-get update` only when a download fails, and installs ImageMagick only when it is missing.
#
# Usage: scripts/build-photo-corpus.sh            (from anywhere inside the repository)
# Result: .cache/corpus/photos/<package>__<picture>.png   (git-ignored; the training corpus)
#         .cache/corpus/photos-s1/, photos-s2/             (the same pictures at scale 1 and 2)
#         models/corpus/photo-manifest.tsv                 (committed; rewritten byte for byte)
# Cache:  .cache/corpus/debs/ (the .deb files), .cache/corpus/root/<package>/ and
#         .cache/corpus/test-root/<package>/ (unpacked)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$repo_root/.cache/corpus"
debs_dir="$cache/debs"
root_dir="$cache/root"
test_root_dir="$cache/test-root"
photos_dir="$cache/photos"
decisions="$repo_root/models/corpus/photo-decisions.tsv"
manifest="$repo_root/models/corpus/photo-manifest.tsv"

# NAME=VERSION, as `apt-get download` takes them (Debian 12 "bookworm").
corpus_packages=(
  gnome-backgrounds=43.1-1
  mate-backgrounds=1.26.0-1
  plasma-workspace-wallpapers=4:5.27.5-2
  sway-backgrounds=1.7-6
  ukui-wallpapers=20.04.3-1.1
)
# shellcheck source=scripts/test-photo-packages.sh
source "$repo_root/scripts/test-photo-packages.sh"
min_scale=3
# The same kept pictures, also at these scales, for training on a camera's own pixel statistics.
extra_scales=(1 2)
max_out_side=1300

# One thread per ImageMagick call: this runs beside training jobs.
export MAGICK_THREAD_LIMIT=1
export LC_ALL=C

die() {
  echo "build-photo-corpus: $*" >&2
  exit 1
}

have_imagemagick() {
  command -v identify >/dev/null 2>&1 && convert -version 2>/dev/null | grep -q ImageMagick
}

ensure_imagemagick() {
  have_imagemagick && return 0
  echo "ImageMagick is missing; installing the imagemagick package" >&2
  if ! apt-get install -y imagemagick; then
    apt-get update
    apt-get install -y imagemagick
  fi
  have_imagemagick || die "ImageMagick (convert, identify) still missing after apt-get install"
}

# Prints the cached .deb of NAME at VERSION, or nothing.
cached_deb() {
  local name=$1 version=$2 f
  for f in "$debs_dir/${name}"_*.deb; do
    [[ -f $f ]] || continue
    if [[ $(dpkg-deb -f "$f" Package) == "$name" && $(dpkg-deb -f "$f" Version) == "$version" ]]; then
      echo "$f"
      return 0
    fi
  done
}

# fetch_deb NAME=VERSION: prints the path of the .deb, downloading it when it is not cached.
fetch_deb() {
  local spec=$1 name=${1%%=*} version=${1#*=} deb
  deb=$(cached_deb "$name" "$version")
  if [[ -z $deb ]]; then
    echo "downloading $spec" >&2
    if ! (cd "$debs_dir" && apt-get download "$spec" >&2); then
      echo "apt-get download failed; refreshing the package lists and retrying" >&2
      apt-get update >&2
      (cd "$debs_dir" && apt-get download "$spec" >&2) ||
        die "cannot download $spec; if the archive has moved on, pin the new version in $0 and review its pictures"
    fi
    deb=$(cached_deb "$name" "$version")
    [[ -n $deb ]] || die "apt-get download $spec left no matching .deb in $debs_dir"
  fi
  echo "$deb"
}

# unpack DEB DIR: dpkg -x into DIR unless DIR already holds exactly that .deb.
unpack() {
  local deb=$1 dir=$2 stamp="$2/.unpacked-from"
  if [[ -f $stamp && $(<"$stamp") == "$(basename "$deb")" ]]; then
    return 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  dpkg -x "$deb" "$dir"
  basename "$deb" >"$stamp"
}

ensure_imagemagick
[[ -f $decisions ]] || die "decision file $decisions is missing"
mkdir -p "$debs_dir" "$root_dir" "$test_root_dir" "$photos_dir"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Inventory: package, version, path, sha256, width, height of every regular image file.
inventory="$work/inventory.tsv"
: >"$inventory"
for spec in "${corpus_packages[@]}"; do
  name=${spec%%=*}
  version=${spec#*=}
  deb=$(fetch_deb "$spec")
  unpack "$deb" "$root_dir/$name"
  count=0
  while IFS= read -r rel; do
    file="$root_dir/$name/$rel"
    sha=$(sha256sum "$file" | cut -d' ' -f1)
    size=$(identify -format '%w %h' "$file[0]") || die "ImageMagick cannot read $file"
    [[ $size =~ ^[0-9]+\ [0-9]+$ ]] || die "ImageMagick gives no size for $file: $size"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$version" "$rel" "$sha" "${size% *}" "${size#* }" \
      >>"$inventory"
    count=$((count + 1))
  done < <(cd "$root_dir/$name" && find . -type f \( -iname '*.jpg' -o -iname '*.jpeg' \
    -o -iname '*.png' -o -iname '*.webp' \) -printf '%P\n' | sort)
  [[ $count -gt 0 ]] || die "$name holds no images; is $deb intact?"
  echo "$name $version: $count image files" >&2
done
sort -t$'\t' -k1,1 -k3,3 -o "$inventory" "$inventory"

# 2. Decide: duplicates, smaller versions, then the reviewed decisions.
#    Output columns: package version path sha256 width height kept reason.
plan="$work/plan.tsv"
awk -F'\t' -v OFS='\t' -v decisions="$decisions" '
  # The picture a file is a version of: KDE wallpapers keep one picture per images/ (or
  # images_dark/) folder plus a screenshot of it; other packages append _WxH[_Portrait].
  function picture(p,   prefix, rest) {
    if (match(p, /^usr\/share\/wallpapers\/[^\/]+\/contents\//)) {
      prefix = substr(p, 1, RLENGTH)
      rest = substr(p, RLENGTH + 1)
      if (rest ~ /^images_dark\//) return prefix "images_dark"
      if (rest ~ /^images\// || rest ~ /^screenshot\.[^\/]+$/) return prefix "images"
      return p
    }
    sub(/\.[^.\/]+$/, "", p)
    sub(/_[0-9]+x[0-9]+(_Portrait)?$/, "", p)
    return p
  }
  BEGIN {
    line = 0
    while ((getline text < decisions) > 0) {
      line++
      if (line == 1) {
        if (text != "package\tpath\tkept\treason") { bad = "header must be: package, path, kept, reason"; break }
        continue
      }
      n = split(text, f, "\t")
      if (n != 4 || (f[3] != "yes" && f[3] != "no") || f[4] == "") {
        bad = "line " line " needs 4 tab-separated fields, kept yes or no and a reason"; break
      }
      key = f[1] "\t" f[2]
      if (key in kept) { bad = "line " line " repeats " f[1] " " f[2]; break }
      kept[key] = f[3]; reason[key] = f[4]; order[++decided] = key
    }
    close(decisions)
    if (bad != "") { print "build-photo-corpus: " decisions ": " bad > "/dev/stderr"; failed = 1; exit 1 }
  }
  { row[NR] = $0; pkg[NR] = $1; path[NR] = $3; sha[NR] = $4; area[NR] = $5 * $6
    g = $1 "\t" picture($3)
    group[NR] = g
    if (!(g in best) || area[NR] > area[best[g]]) best[g] = NR
    if (!($4 in first)) first[$4] = NR
  }
  END {
    if (failed) exit 1
    for (i = 1; i <= NR; i++) {
      key = pkg[i] "\t" path[i]
      if (first[sha[i]] != i) {
        j = first[sha[i]]
        k = "no"; r = "same file as " (pkg[j] == pkg[i] ? "" : pkg[j] ":") path[j]
      } else if (best[group[i]] != i) {
        k = "no"; r = "smaller version of " path[best[group[i]]]
      } else if (key in kept) {
        k = kept[key]; r = reason[key]; used[key] = 1
      } else {
        k = "no"; r = "not reviewed"
      }
      print row[i], k, r
    }
    for (d = 1; d <= decided; d++) {
      if (!(order[d] in used)) {
        split(order[d], f, "\t")
        print "build-photo-corpus: " decisions " decides " f[1] " " f[2] \
          ", which is not an image in the package or is a duplicate of another" > "/dev/stderr"
        missing = 1
      }
    }
    if (missing) exit 1
  }
' "$inventory" >"$plan" || die "cannot apply $decisions (see above)"

# 3. Test photographs of docs/DATA: no kept file may be one of them.
test_hashes="$work/test-hashes"
: >"$test_hashes"
for spec in "${test_packages[@]}"; do
  name=${spec%%=*}
  deb=$(fetch_deb "$spec")
  unpack "$deb" "$test_root_dir/$name"
done
jxl="$test_root_dir/libjxl-testdata/usr/share/libjxl-testdata"
skimage="$test_root_dir/python3-skimage/usr/lib/python3/dist-packages/skimage/data"
for f in "$jxl/jxl/flower/flower.png" "$jxl/external/wesaturate/500px/u76c0g_bliznaca_srgb8.png" \
  "$skimage/astronaut.png" "$skimage/coffee.png" "$skimage/chelsea.png" "$skimage/rocket.jpg"; do
  [[ -f $f ]] || die "test photograph $f is missing from the unpacked test packages"
done
find "$jxl/jxl/flower" "$jxl/external/wesaturate/500px" "$skimage" -type f -exec sha256sum {} + |
  cut -d' ' -f1 | sort -u >"$test_hashes"
while IFS=$'\t' read -r name _ rel sha _ _ kept _; do
  [[ $kept == yes ]] || continue
  if grep -qxF "$sha" "$test_hashes"; then
    die "$name $rel is byte for byte one of the test photographs; it must not be in the corpus"
  fi
done <"$plan"

# 4. Downscale the kept pictures.
# Output name: the file name, or for KDE's images/WxH.* the wallpaper's folder (+ -dark).
picture_name() {
  local rel=$1 base
  base=$(basename "$rel")
  base=${base%.*}
  if [[ $base =~ ^[0-9]+x[0-9]+$ && $rel =~ /wallpapers/([^/]+)/contents/images(_dark)?/ ]]; then
    base=${BASH_REMATCH[1]}${BASH_REMATCH[2]:+-dark}
  fi
  echo "$base"
}

# scaled SRC S WIDTH HEIGHT OUT: SRC's first frame, its right and bottom W mod S and H mod S pixels
# cropped, averaged over S x S blocks into an 8-bit RGB PNG without ancillary chunks (S = 1: the
# decoded pixels as they are). Reuses OUT when it already has the expected size.
scaled() {
  local src=$1 s=$2 w=$(($3 / $2)) h=$(($4 / $2)) dst=$5
  ((w > 0 && h > 0)) || die "$src ($3 x $4) is too small for s=$s"
  if [[ -s $dst && $(identify -format '%w %h' "$dst") == "$w $h" ]]; then
    echo "already scaled by $s: $(basename "$dst")" >&2
    return 0
  fi
  # Only sRGB (or untagged) sources: anything else would need colour management first.
  if convert "$src[0]" "icc:$work/profile.icc" 2>/dev/null; then
    grep -aq sRGB "$work/profile.icc" || die "$src carries a non-sRGB ICC profile; convert it first"
  fi
  convert "$src[0]" -crop "$((w * s))x$((h * s))+0+0" +repage \
    -alpha off -colorspace sRGB -filter Box -resize "${w}x${h}!" \
    -strip -depth 8 -define png:exclude-chunk=all "PNG24:$work/out.png"
  [[ $(identify -format '%w %h %z' "$work/out.png") == "$w $h 8" ]] ||
    die "scaling $src by $s did not give an 8-bit ${w}x${h} image"
  mkdir -p "$(dirname "$dst")"
  mv "$work/out.png" "$dst"
  echo "scaled $(basename "$dst") by $s to ${w}x${h}" >&2
}

rows="$work/rows.tsv"
: >"$rows"
declare -A wanted=()
while IFS=$'\t' read -r name version rel sha width height kept reason; do
  if [[ $kept != yes ]]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t-\n' \
      "$name" "$version" "$rel" "$sha" "$width" "$height" "$kept" "$reason" >>"$rows"
    continue
  fi
  long=$((width > height ? width : height))
  scale=$(((long + max_out_side - 1) / max_out_side))
  ((scale >= min_scale)) || scale=$min_scale
  out_width=$((width / scale))
  out_height=$((height / scale))
  ((out_width > 0 && out_height > 0)) || die "$name $rel ($width x $height) is too small for s=$scale"
  out="$photos_dir/${name}__$(picture_name "$rel").png"
  [[ -z ${wanted[$out]+x} ]] || die "two kept pictures would both be written to $out"
  wanted[$out]=1
  scaled "$root_dir/$name/$rel" "$scale" "$width" "$height" "$out"
  for extra in "${extra_scales[@]}"; do
    scaled "$root_dir/$name/$rel" "$extra" "$width" "$height" "$cache/photos-s$extra/$(basename "$out")"
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$version" "$rel" "$sha" \
    "$width" "$height" "$kept" "$reason" "$scale" "$out_width" "$out_height" >>"$rows"
done <"$plan"

extra_dirs=()
for extra in "${extra_scales[@]}"; do extra_dirs+=("$cache/photos-s$extra"); done
for f in "$photos_dir"/*.png; do
  [[ -f $f && -z ${wanted[$f]+x} ]] || continue
  echo "removing $(basename "$f"): no longer kept" >&2
  rm -f "$f"
done
for dir in "${extra_dirs[@]}"; do
  for f in "$dir"/*.png; do
    [[ -f $f && -z ${wanted[$photos_dir/$(basename "$f")]+x} ]] || continue
    echo "removing $f: no longer kept" >&2
    rm -f "$f"
  done
done
[[ ${#wanted[@]} -gt 0 ]] || die "no picture is kept; check $decisions"

# 5. Manifest, sorted by package then path.
{
  printf 'package\tpackage_version\tpath\tsha256\twidth\theight\tkept\treason\tscale\tout_width\tout_height\n'
  sort -t$'\t' -k1,1 -k3,3 "$rows"
} >"$work/manifest.tsv"
mkdir -p "$(dirname "$manifest")"
if [[ -f $manifest ]] && cmp -s "$work/manifest.tsv" "$manifest"; then
  echo "manifest unchanged: $manifest"
else
  cp "$work/manifest.tsv" "$manifest"
  echo "manifest written: $manifest"
fi

awk -F'\t' 'NR > 1 {
    if ($7 == "yes") { kept[$1]++; mp += $10 * $11 / 1e6 } else rejected[$1]++
    seen[$1] = 1
  }
  END {
    for (p in seen) printf "%-28s kept %3d  rejected %3d\n", p, kept[p], rejected[p] | "sort"
    close("sort")
    printf "kept total: %.2f megapixels after downscaling, in %s\n", mp, dir
  }' dir="$photos_dir" "$manifest"
