#!/usr/bin/env bash
# Runs TransformChainBenchmark (our transform chain vs Kafka Connect's, same JVM run, one thread)
# and prints ours/connect. Issue 9's bar: ratio >= 3.0. See docs/benchmarks.md.
#
#   benchmarks/transform-chain.sh                 # build the benchmarks jar, then run
#   SKIP_BUILD=1 benchmarks/transform-chain.sh    # reuse benchmarks/target/benchmarks.jar
#   benchmarks/transform-chain.sh -wi 2 -i 3 -w 2s -r 2s   # extra arguments go to JMH
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi

result=$(mktemp --suffix=.csv)
trap 'rm -f "$result"' EXIT
java -jar benchmarks/target/benchmarks.jar 'TransformChainBenchmark\.(connectChain|ourChain)$' \
  -rf csv -rff "$result" "$@" || echo "JMH reported a failure (see above)"

# JMH's CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
awk -F, '
  { gsub(/"/, "") }
  $1 ~ /\.connectChain$/ { connect = $5; connectErr = $6 }
  $1 ~ /\.ourChain$/     { ours = $5; oursErr = $6 }
  END {
    if (connect == "" || ours == "") { print "missing a result: did both benchmarks run?"; exit 1 }
    printf "connect chain: %12.0f ± %.0f events/s\n", connect, connectErr
    printf "our chain:     %12.0f ± %.0f events/s\n", ours, oursErr
    ratio = ours / connect
    printf "ours/connect:  %.2fx (issue 9 asks >= 3x): %s\n", ratio, (ratio >= 3 ? "PASS" : "FAIL")
    exit (ratio >= 3 ? 0 : 3)
  }' "$result"
