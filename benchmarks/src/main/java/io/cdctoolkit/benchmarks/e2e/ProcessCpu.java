package io.cdctoolkit.benchmarks.e2e;

/** The CPU time so far of a process other than the child, read at the window's two moments. */
@FunctionalInterface
interface ProcessCpu {

    /** Nothing to read: the window records -1. */
    ProcessCpu NONE = () -> -1;

    /** User + system CPU time of the process so far, in nanoseconds, or -1 when it cannot be read. */
    long cpuNanos();

    /** The CPU time of a process of this machine, -1 once it cannot be read (gone, or not reported). */
    static long ofPid(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos()).orElse(-1L);
    }
}
