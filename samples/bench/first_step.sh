#!/usr/bin/env bash
# Time to first step: runs a cnnc command RUNS times (default 3), each from a cold start with
# empty kernel caches (a fresh XDG_CACHE_HOME and POCL_CACHE_DIR), and prints each run's wall
# time and the median. With WARM=1 the caches of the first run are kept for the others.
#
#   samples/bench/first_step.sh bench stdlib/models/resnet20.cnn --batch 32 --train --iterations 3
#   RUNS=5 WARM=1 samples/bench/first_step.sh predict stdlib/models/lenet5.cnn --weights W img.png
#
# The command's own lines that say when its first step finished ("first step done ... after
# start", from `cnnc bench`) are printed too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-3}"
warm="${WARM:-0}"
base="$(mktemp -d)"
trap 'rm -rf "$base"' EXIT
times=()
for ((i = 1; i <= runs; i++)); do
  if [[ "$warm" != 1 || $i -eq 1 ]]; then
    rm -rf "$base/cache" && mkdir -p "$base/cache/xdg" "$base/cache/pocl"
  fi
  start=$(date +%s%N)
  XDG_CACHE_HOME="$base/cache/xdg" POCL_CACHE_DIR="$base/cache/pocl" "$root/bin/cnnc" "$@" >"$base/out" 2>&1 \
    || { cat "$base/out"; exit 1; }
  end=$(date +%s%N)
  t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  times+=("$t")
  first=$(grep -o 'first step done [0-9.]* s after start' "$base/out" || true)
  echo "run $i: ${t} s wall${first:+ ($first)}"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "median of %d runs: %.2f s\n", NR, v[int((NR + 1) / 2)] }'
