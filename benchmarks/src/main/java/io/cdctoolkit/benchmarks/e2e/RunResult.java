package io.cdctoolkit.benchmarks.e2e;

/**
 * One child run.
 *
 * @param throughput     the measured window (streaming, snapshot), else null
 * @param latency        the latency workload's sample, else null
 * @param failure        why the run does not count (lost, duplicate or stalled events, a crash), else null
 */
record RunResult(Variant variant, Workload workload, int round, ChildResult throughput, LatencySample latency,
                 String failure) {

    static RunResult failed(Variant variant, Workload workload, int round, String why) {
        return new RunResult(variant, workload, round, null, null, why);
    }

    boolean ok() {
        return failure == null;
    }

    double eventsPerSecond() {
        return throughput.events() * 1e9 / throughput.windowNanos();
    }

    double cpuMicrosPerEvent() {
        return throughput.cpuNanos() / 1e3 / throughput.events();
    }

    /** The separate broker's CPU per event in the same window, NaN without one ({@code --broker child}) or run. */
    double brokerCpuMicrosPerEvent() {
        return throughput == null || throughput.brokerCpuNanos() < 0 ? Double.NaN
                : throughput.brokerCpuNanos() / 1e3 / throughput.events();
    }

    boolean hasBrokerCpu() {
        return !Double.isNaN(brokerCpuMicrosPerEvent());
    }

    /** The part of {@link #cpuMicrosPerEvent()} the child's JIT compiler threads used; NaN when not read. */
    double jitMicrosPerEvent() {
        return throughput == null || throughput.jitCpuNanos() < 0 ? Double.NaN : throughput.jitCpuNanos() / 1e3 / throughput.events();
    }

    /** The part of {@link #cpuMicrosPerEvent()} the child's garbage collector threads used; NaN when not read. */
    double gcMicrosPerEvent() {
        return throughput == null || throughput.gcCpuNanos() < 0 ? Double.NaN : throughput.gcCpuNanos() / 1e3 / throughput.events();
    }

    /** How busy the slot's walsender was in the window, in cores (1.0 = one core all the time); NaN when not read. */
    double walsenderCores() {
        return throughput == null || throughput.walsenderCpuNanos() < 0 ? Double.NaN
                : (double) throughput.walsenderCpuNanos() / throughput.windowNanos();
    }
}
