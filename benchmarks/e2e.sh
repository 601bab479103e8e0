#!/usr/bin/env bash
# End-to-end harness: cdc-toolkit postgres-cdc → Kafka against Debezium baselines on one PostgreSQL,
# each variant in its own JVM (with an in-process broker, or one separate broker for all: --broker separate),
# interleaved in rounds (docs/benchmarks.md#end-to-end-harness).
#
#   benchmarks/e2e.sh [--rows N] [--rounds N] [--variants a,b] [--workloads streaming,snapshot,latency]
#                     [--rate N] [--seconds N] [--warmup-seconds N] [--postgres JDBC_URL]
#                     [--child-jvm "OPTS"] [--broker child|separate] [--results-dir DIR]
#
# Builds benchmarks/target/benchmarks.jar first unless SKIP_BUILD=1. JAVA (default: java on PATH) runs the
# driver and, through java.home, every child. Results: benchmarks/results/e2e-<timestamp>.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -o -B -q -pl benchmarks -am package -DskipTests
fi
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then revision="$revision (uncommitted changes)"; fi
exec "${JAVA:-java}" -Xmx1g -cp benchmarks/target/benchmarks.jar io.cdctoolkit.benchmarks.e2e.E2eDriver \
  --git-revision "$revision" "$@"
