#!/usr/bin/env bash
# Usage: scripts/timed.sh LABEL CMD...  — runs CMD, then prints how long it took.
set -uo pipefail
label=$1; shift
printf '\n==> %s\n' "$label"
start=$(date +%s.%N)
"$@"; rc=$?
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
if [ $rc -eq 0 ]; then printf '<== %s: ok in %ss\n' "$label" "$secs"
else printf '<== %s: FAILED (exit %d) after %ss\n' "$label" "$rc" "$secs"; fi
exit $rc
