package io.cdctoolkit.benchmarks.e2e;

/**
 * A latency run's outcome.
 *
 * @param micros            commit → consumed latencies after the warm-up, µs
 * @param writtenPerSecond  the rate the driver actually wrote at (it falls short of {@code --rate} when
 *                          single-row commits take longer than the interval)
 */
record LatencySample(long[] micros, double writtenPerSecond) {
}
