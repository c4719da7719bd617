#!/usr/bin/env bash
# Runs a trainer or evaluator of the models module (ND4J on the CPU) in a JVM of its own:
#
#   scripts/train.sh TrainConv --graph pixelcnn_pp --features 32 --depth 2 --mixture 5 ... --out m.arcm
#   scripts/train.sh EvaluateModel --model m.arcm --split test --codec
#   scripts/train.sh --cli train --data DIR -o m.arcm     (what ./arcodec train runs)
#
# The first word is a class of org.arcodec.models.train, or --cli for the arcodec command itself
# with ND4J on its class path. Builds the jars first and runs a private copy of them (removed at
# exit), so that rebuilding the tree does not disturb a run in progress. Relative paths in the
# arguments are taken from the current directory.
#
# ND4J allocates and frees every intermediate array of a SameDiff step in native memory. glibc
# hands allocations over 32 MB back to the kernel on free, so every step page-faults all of its
# large arrays in afresh; on this project's 2-core machine that made a PixelCNN training step up to
# eight times slower than with jemalloc (measured: PixelCNN F=32 L=5, batch 128: 16.7 s a step with
# glibc, 2.1 s with jemalloc). So the JVM runs with jemalloc (Debian's libjemalloc2, downloaded into
# .cache/, never installed) told to keep freed pages, and with JavaCPP's off-heap limit lifted, whose
# default makes it call System.gc() and sleep whenever native memory passes the Java heap size.
#
# Environment: OMP_NUM_THREADS (default: all cores), JAVA_OPTS (default -Xmx4g).
set -euo pipefail
# The braces make bash read the whole script before running it: a run lasts hours, and an edit to
# this file meanwhile would otherwise make bash resume at a shifted offset (seen: the java line ran
# a second time after the trainer ended).
{
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 1 ]] || { echo "usage: scripts/train.sh CLASS|--cli [ARGS...]  (CLASS in org.arcodec.models.train)" >&2; exit 2; }
if [[ $1 == --cli ]]; then
    main=org.arcodec.cli.Main
    modules=codec,models,cli
else
    main="org.arcodec.models.train.$1"
    modules=codec,models
fi
shift

jemalloc_dir="$root/.cache/jemalloc"
mkdir -p "$jemalloc_dir"
# Two runs started together on a fresh checkout must not download into one folder at once.
exec 9>"$jemalloc_dir/.lock"
flock 9
jemalloc=$(find "$jemalloc_dir" -name 'libjemalloc.so.2' 2>/dev/null | head -n 1 || true)
if [[ -z "$jemalloc" ]]; then
  mkdir -p "$jemalloc_dir/download"
  if (cd "$jemalloc_dir/download" && { apt-get download libjemalloc2 || { apt-get update -qq && apt-get download libjemalloc2; }; }) >&2; then
    dpkg -x "$jemalloc_dir"/download/libjemalloc2_*.deb "$jemalloc_dir/root"
    jemalloc=$(find "$jemalloc_dir" -name 'libjemalloc.so.2' | head -n 1)
  else
    echo "train.sh: could not download Debian's libjemalloc2; training runs with glibc malloc, several times slower" >&2
  fi
fi
flock -u 9

(cd "$root" && ./mvnw -q -B -DskipTests install -pl "$modules" -am) >&2
mkdir -p "$root/.cache"
lib=$(mktemp -d "$root/.cache/train-lib.XXXXXX")
trap 'rm -rf "$lib"' EXIT
if [[ $modules == *cli ]]; then
    cp "$root"/cli/target/arcodec.jar "$lib"/
else
    cp "$root"/codec/target/arcodec-codec-*.jar "$root"/models/target/arcodec-models-*.jar "$lib"/
fi
(cd "$root" && ./mvnw -q -B -pl models dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$lib/dependencies.cp") >&2
classpath="$lib/*:$(tr ':' '\n' < "$lib/dependencies.cp" | grep -v '/org/arcodec/' | paste -sd: -)"

if [[ -n "$jemalloc" ]]; then
    export LD_PRELOAD="$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
    export MALLOC_CONF="retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1"
fi
# Not exec: the trap removes the private jars when the JVM ends.
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xmx4g} -Dorg.bytedeco.javacpp.maxbytes=0 -Dorg.bytedeco.javacpp.maxphysicalbytes=0 \
  -cp "$classpath" "$main" "$@"
exit
}
