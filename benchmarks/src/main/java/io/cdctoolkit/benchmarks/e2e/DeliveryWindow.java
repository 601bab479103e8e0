package io.cdctoolkit.benchmarks.e2e;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures a delivery from the outside, the same way for every variant: samples its delivered count
 * every millisecond; the window opens at the first sample that sees events delivered (at least the
 * warm-up's, when there is one) and closes at the first that sees all of them. CPU is the whole child process's (user + system, every thread: engine,
 * converter, producer, in-process broker), read at the same two moments, and so are a separate broker's and the walsender's,
 * and the child's threads' ticks, which split off the JIT compiler's and garbage collector's parts.
 */
final class DeliveryWindow {

    private static final long SAMPLE_NANOS = 1_000_000;
    /** After the last expected event, how long more events (duplicates) are watched for. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Duration stallTimeout;
    private final ProcessCpu broker;
    private final ProcessCpu walsender;

    /**
     * @param broker    the separate broker's process ({@link ProcessCpu#NONE} without one)
     * @param walsender the PostgreSQL walsender serving the run's slot ({@link ProcessCpu#NONE} when not streaming)
     */
    DeliveryWindow(Duration stallTimeout, ProcessCpu broker, ProcessCpu walsender) {
        this.stallTimeout = stallTimeout;
        this.broker = broker;
        this.walsender = walsender;
    }

    /**
     * Waits until exactly {@code expected} events are delivered; the window opens once {@code warmup} of
     * them (and at least one) are.
     *
     * @throws IllegalStateException when the delivery fails, stalls, or delivers more than expected
     */
    ChildResult measure(Delivery delivery, long expected, long warmup) throws InterruptedException {
        long startNanos = 0, startCpu = 0, startBrokerCpu = 0, startWalsenderCpu = 0, startCount = 0;
        ThreadCpuTicks startThreads = ThreadCpuTicks.NONE;
        long last = 0, lastProgress = System.nanoTime();
        while (true) {
            long n = delivery.delivered();
            long now = System.nanoTime();
            if (n > 0 && n >= warmup && startNanos == 0) {
                startNanos = now;
                startCpu = os.getProcessCpuTime();
                startBrokerCpu = broker.cpuNanos();
                startWalsenderCpu = walsender.cpuNanos();
                startThreads = ThreadCpuTicks.read();
                startCount = n;
            }
            if (n >= expected) {
                long cpu = os.getProcessCpuTime();
                long brokerCpu = broker.cpuNanos();
                long walsenderCpu = walsender.cpuNanos();
                ThreadCpuTicks.Shares threads = startThreads == ThreadCpuTicks.NONE
                        ? new ThreadCpuTicks.Shares(0, 0, 0) : ThreadCpuTicks.read().since(startThreads);
                check(delivery, expected);
                return new ChildResult(expected - startCount, now - startNanos, cpu - startCpu,
                        difference(startBrokerCpu, brokerCpu), difference(startWalsenderCpu, walsenderCpu),
                        threads.nanosOf(threads.jit(), cpu - startCpu), threads.nanosOf(threads.gc(), cpu - startCpu));
            }
            if (n != last) {
                last = n;
                lastProgress = now;
            } else if (now - lastProgress > stallTimeout.toNanos()) {
                throw new IllegalStateException("delivery stalled at " + n + " of " + expected + " events for "
                        + stallTimeout.toSeconds() + " s");
            }
            if (delivery.failure() != null) {
                throw new IllegalStateException("delivery failed at " + n + " of " + expected + " events",
                        delivery.failure());
            }
            LockSupport.parkNanos(SAMPLE_NANOS);
        }
    }

    private static long difference(long start, long end) {
        return start < 0 || end < 0 ? -1 : end - start;
    }

    /** The count must stay at {@code expected}: more would be duplicates, which a run must not hide either. */
    static void check(Delivery delivery, long expected) throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
        long n = delivery.delivered();
        if (n != expected) throw new IllegalStateException("delivered " + n + " events, expected exactly " + expected);
    }
}
