#!/usr/bin/env bash
# Runs the JMH benchmarks (all, or those matching a regex) and writes a results file:
#   benchmarks/results/jmh-<UTC timestamp>.md    machine, JDK, versions, git revision, all results,
#                                                ours/peer ratios, the bars (full chain >= 3x: PASS/FAIL)
#   benchmarks/results/jmh-<timestamp>.json|.csv|.log   JMH's raw JSON, the same as CSV, JMH's output
#
#   benchmarks/run.sh                              # build the jar, run every benchmark (short defaults)
#   SKIP_BUILD=1 benchmarks/run.sh FullChainBenchmark          # reuse the jar, one class (a JMH regex)
#   benchmarks/run.sh 'SmtBenchmark|EncoderBenchmark' -p format=avro -wi 3 -i 5 -w 3s -r 3s
#
# Defaults (-f 1 -wi 2 -i 3 -w 2s -r 2s) apply only where the arguments do not set that option; any other
# JMH option passes through (-prof gc, -p name=value, -jvmArgs ...). Exit status: 0; 3 when the full-chain
# bar was measured and failed; JMH's own status when it produced no results. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi
jar=benchmarks/target/benchmarks.jar

regex='.*'
if [[ $# -gt 0 && "$1" != -* ]]; then regex="$1"; shift; fi
args=("$@")
has() { local a; for a in "${args[@]+"${args[@]}"}"; do [[ "$a" == "$1" ]] && return 0; done; return 1; }
defaults=()
for pair in "-f 1" "-wi 2" "-i 3" "-w 2s" "-r 2s"; do
  set -- $pair
  has "$1" || defaults+=("$1" "$2")
done

mkdir -p benchmarks/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
base="benchmarks/results/jmh-$stamp"
command="java -jar $jar '$regex' ${defaults[*]} ${args[*]+"${args[*]}"}"
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then revision="$revision (with uncommitted changes)"; fi

set +e
java -jar "$jar" "$regex" "${defaults[@]}" "${args[@]+"${args[@]}"}" -rf json -rff "$base.json" 2>&1 | tee "$base.log"
jmh_status=${PIPESTATUS[0]}
set -e
if [[ ! -s "$base.json" ]]; then
  echo "JMH wrote no results (exit $jmh_status): see $base.log" >&2
  exit "$((jmh_status == 0 ? 1 : jmh_status))"
fi
[[ $jmh_status -eq 0 ]] || echo "JMH reported a failure (exit $jmh_status): the report covers what finished" >&2

set +e
java -cp "$jar" io.cdctoolkit.benchmarks.ResultsReport "$base.json" "$base.md" "$revision" "$command"
status=$?
set -e
echo "results: $base.md"
exit $status
