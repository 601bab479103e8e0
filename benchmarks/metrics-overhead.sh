#!/usr/bin/env bash
# What the pipeline's meters cost (issue 13's bar: at most 2 % of throughput), measured with and without:
# MetricsOverheadBenchmark with registry=off (every meter a no-op) and registry=prometheus (what `run` uses with
# an http block), in ROUNDS interleaved rounds (one fork each; off first in odd rounds, prometheus first in even
# ones), so that drift of a shared machine and whatever the first fork leaves behind hit both alike. Reports each round's ratio and the median in
#   benchmarks/results/metrics-overhead-<UTC>.md
#
#   benchmarks/metrics-overhead.sh [ROUNDS]          # default 8 rounds; builds the jar first
#   SKIP_BUILD=1 benchmarks/metrics-overhead.sh 3
# Exit status 0 when the median cost is at most 2 %, 3 when it is more.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8}
if [[ -z "${SKIP_BUILD:-}" ]]; then ./mvnw -B -q -pl benchmarks -am package -DskipTests; fi
jar=benchmarks/target/benchmarks.jar
mkdir -p benchmarks/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
work=$(mktemp -d)
for r in $(seq 1 "$rounds"); do
  order=off,prometheus; (( r % 2 == 0 )) && order=prometheus,off
  java -jar "$jar" MetricsOverheadBenchmark.pipeline -p registry=$order -f 1 -wi 2 -i 5 -w 3s -r 3s \
    -rf json -rff "$work/round-$r.json" > "$work/round-$r.log" 2>&1
  echo "round $r of $rounds done" >&2
done
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
out="benchmarks/results/metrics-overhead-$stamp.md"
python3 - "$work" "$rounds" "$revision" "$out" <<'PY'
import json, statistics, sys, platform, subprocess
work, rounds, revision, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows, ratios = [], []
for r in range(1, rounds + 1):
    score = {b["params"]["registry"]: b["primaryMetric"]["score"] for b in json.load(open(f"{work}/round-{r}.json"))}
    ratio = score["prometheus"] / score["off"]
    ratios.append(ratio)
    rows.append(f"| {r} | {score['off']:,.0f} | {score['prometheus']:,.0f} | {100 * (1 - ratio):.1f} % |")
median = statistics.median(ratios)
cost = 100 * (1 - median)
verdict = "PASS" if cost <= 2.0 else "FAIL"
jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
with open(out, "w") as f:
    f.write(f"""# Metrics cost: MetricsOverheadBenchmark, {rounds} interleaved rounds

git {revision}; {jdk}; {platform.machine()}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} CPUs.
Each round: one JMH fork per registry (2 warm-up + 5 measured iterations of 3 s); off first in odd rounds, prometheus first in even ones.
Score: events per second through the in-process pipeline (poll, meters, JSON encoding, sink callback, commits).

| round | off (no-op meters) ev/s | prometheus ev/s | cost |
|---:|---:|---:|---:|
""" + "\n".join(rows) + f"""

Median cost: **{cost:.1f} %** (range {100 * (1 - max(ratios)):.1f} … {100 * (1 - min(ratios)):.1f} %); bar ≤ 2 %: **{verdict}**
""")
print(open(out).read())
sys.exit(0 if verdict == "PASS" else 3)
PY
