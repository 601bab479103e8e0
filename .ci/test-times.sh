#!/usr/bin/env bash
# Prints, after the build, the test classes that took longest and each module's test time (summed over its
# forks' classes), from the surefire reports. CI shows only the end of the output: a run far slower than the
# usual ~23 minutes (one took 50, with no clue which tests) then says where the time went.
# Usage: bash .ci/test-times.sh [how many classes, default 8]
set -uo pipefail
cd "$(dirname "$0")/.."
top="${1:-8}"
reports=$(find . -path '*/target/surefire-reports/TEST-*.xml' 2>/dev/null)
[ -n "$reports" ] || { echo "[test-times] no surefire reports"; exit 0; }
rows=$(for f in $reports; do
  module="${f#./}"; module="${module%%/target/*}"
  head -c 2000 "$f" | tr '\n' ' ' | sed -n 's/.*<testsuite \([^>]*\)>.*/\1/p' \
    | awk -v m="$module" '{
        name = ""; time = 0
        if (match($0, / name="[^"]*"/)) name = substr($0, RSTART + 7, RLENGTH - 8)
        if (match($0, / time="[^"]*"/)) time = substr($0, RSTART + 7, RLENGTH - 8)
        gsub(",", "", time); sub(/.*\./, "", name)
        printf "%.1f %s %s\n", time, m, name }'
done)
echo "[test-times] slowest test classes (seconds, module, class):"
echo "$rows" | sort -rn | head -n "$top" | awk '{printf "  %7.1f  %-26s %s\n", $1, $2, $3}'
echo "[test-times] test seconds per module (sum of its classes; forks run side by side):"
echo "$rows" | awk '{s[$2] += $1} END {for (m in s) printf "  %7.1f  %s\n", s[m], m}' | sort -rn | head -n 6
