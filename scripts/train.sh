#!/usr/bin/env bash
# Runs a trainer or evaluator of the models module (ND4J on the CPU) in a JVM of its own:
#
#   scripts/train.sh TrainConv --graph pixelcnn_pp --features 32 --depth 2 --mixture 5 ... --out m.arcm
#   scripts/train.sh EvaluateModel --model m.arcm --split test --codec
#
# The first word is a class of org.arcodec.models.train. Builds the codec and models jars first and
# runs a private copy of them, so that rebuilding the tree does not disturb a run in progress.
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
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ $# -ge 1 ]] || { echo "usage: scripts/train.sh CLASS [ARGS...]  (CLASS in org.arcodec.models.train)" >&2; exit 2; }
main="org.arcodec.models.train.$1"
shift

jemalloc_dir=.cache/jemalloc
jemalloc=$(find "$jemalloc_dir" -name 'libjemalloc.so.2' 2>/dev/null | head -n 1 || true)
if [[ -z "$jemalloc" ]]; then
  mkdir -p "$jemalloc_dir/download"
  (cd "$jemalloc_dir/download" && { apt-get download libjemalloc2 >&2 || { apt-get update -qq && apt-get download libjemalloc2 >&2; }; })
  dpkg -x "$jemalloc_dir"/download/libjemalloc2_*.deb "$jemalloc_dir/root"
  jemalloc=$(find "$jemalloc_dir" -name 'libjemalloc.so.2' | head -n 1)
fi

./mvnw -q -B -DskipTests install -pl codec,models -am >&2
lib=$(mktemp -d .cache/train-lib.XXXXXX)
cp codec/target/arcodec-codec-*.jar models/target/arcodec-models-*.jar "$lib"/
./mvnw -q -B -pl models dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$root/$lib/dependencies.cp" >&2
classpath="$lib/*:$(tr ':' '\n' < "$lib/dependencies.cp" | grep -v '/org/arcodec/' | paste -sd: -)"

export LD_PRELOAD="$root/$jemalloc${LD_PRELOAD:+:$LD_PRELOAD}"
export MALLOC_CONF="retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx4g} -Dorg.bytedeco.javacpp.maxbytes=0 -Dorg.bytedeco.javacpp.maxphysicalbytes=0 \
  -cp "$classpath" "$main" "$@"
