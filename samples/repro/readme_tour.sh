#!/usr/bin/env bash
# Runs the README's five-minute tour as written, command by command, in this checkout (use a
# fresh clone to check what a new user meets), with empty kernel caches; stops at the first
# command that fails. Prints each command, its exit code and its wall time.
#
#   git clone -q /path/to/cnnc /tmp/tour && cd /tmp/tour && bash samples/repro/readme_tour.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
caches="$(mktemp -d)"
trap 'rm -rf "$caches"' EXIT
export XDG_CACHE_HOME="$caches/xdg" POCL_CACHE_DIR="$caches/pocl"
# the first ```sh block after "## A five-minute tour"
mapfile -t commands < <(awk '/^## A five-minute tour/ { tour = 1 } tour && /^```sh/ { inside = 1; next }
  inside && /^```/ { exit } inside { sub(/[ ]+#.*$/, ""); if ($0 != "") print }' README.md)
(( ${#commands[@]} )) || { echo "readme_tour: no tour found in README.md" >&2; exit 2; }
for c in "${commands[@]}"; do
  echo "\$ $c"
  start=$(date +%s%N)
  bash -c "$c" > "$caches/out" 2>&1
  rc=$?
  t=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  tail -n 4 "$caches/out" | sed 's/^/    /'
  echo "  -> exit $rc, $t s"
  (( rc == 0 )) || { echo "readme_tour: failed: $c" >&2; exit 1; }
done
echo "readme_tour: all ${#commands[@]} commands ran"
