#!/usr/bin/env bash
# Installs the Debian packages of the commands that are missing, for the benchmark scripts.
# Usage: scripts/install-tools.sh COMMAND=PACKAGE...   e.g. cjxl=libjxl-tools cwebp=webp
set -euo pipefail
need=()
for pair in "$@"; do
  command -v "${pair%%=*}" >/dev/null || need+=("${pair#*=}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
