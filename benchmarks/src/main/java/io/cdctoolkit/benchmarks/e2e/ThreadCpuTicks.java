package io.cdctoolkit.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * This JVM's CPU so far, thread by thread, from Linux's {@code /proc/self/task/<tid>/stat} (user + system clock
 * ticks, named by the thread's {@code comm}). Read because HotSpot's JIT compiler and garbage collector threads are
 * not threads {@code ThreadMXBean} reports: /proc is where their CPU shows. Used only as shares of the window's
 * ticks, so the tick length never matters.
 *
 * @param process the whole process's ticks so far ({@code /proc/self/stat}), threads that ended included
 * @param ticks   ticks so far per living thread, keyed by {@code tid:name}
 */
record ThreadCpuTicks(long process, Map<String, Long> ticks) {

    /** Nothing read (no /proc here): every share is unknown. */
    static final ThreadCpuTicks NONE = new ThreadCpuTicks(-1, Map.of());

    private static final Path PROCESS = Path.of("/proc/self/stat");
    private static final Path TASKS = Path.of("/proc/self/task");

    /** What the threads of one kind used between two readings, in ticks, next to the whole process's ticks. */
    record Shares(long total, long jit, long gc) {

        /** {@code cpuNanos} times this kind's share of the ticks; -1 when no ticks were read. */
        long nanosOf(long kindTicks, long cpuNanos) {
            return total <= 0 ? -1 : Math.round((double) cpuNanos * kindTicks / total);
        }
    }

    /** The threads' ticks now; {@link #NONE} when /proc cannot be read. */
    static ThreadCpuTicks read() {
        Map<String, Long> ticks = new HashMap<>();
        long process;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            process = userPlusSystem(Files.readString(PROCESS));
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    ticks.put(task.getFileName() + ":" + name(stat), userPlusSystem(stat));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading: its ticks are not counted
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return NONE;
        }
        return new ThreadCpuTicks(process, Map.copyOf(ticks));
    }

    /**
     * The ticks each kind of thread used from {@code start} to this reading, and the whole process's. A thread
     * that ended in between is in the process's ticks but not in its kind's (HotSpot may end an idle compiler
     * thread), so the kinds' shares are lower bounds.
     */
    Shares since(ThreadCpuTicks start) {
        long jit = 0, gc = 0;
        for (Map.Entry<String, Long> thread : ticks.entrySet()) {
            long used = thread.getValue() - start.ticks.getOrDefault(thread.getKey(), 0L);
            String name = thread.getKey().substring(thread.getKey().indexOf(':') + 1);
            if (isJit(name)) jit += used;
            else if (isGc(name)) gc += used;
        }
        return new Shares(process - start.process, jit, gc);
    }

    /** HotSpot's compiler threads: "C1 CompilerThread0" and "C2 CompilerThread0", cut to 15 characters by Linux. */
    static boolean isJit(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** G1's and the parallel collectors' worker threads ("GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Service" …). */
    static boolean isGc(String name) {
        return name.startsWith("GC Thread") || name.startsWith("G1 ");
    }

    /** The name between the first '(' and the last ')': a thread's name may itself hold spaces and parentheses. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** Fields 14 and 15 of proc(5)'s stat line (utime, stime), counted after the name's closing parenthesis. */
    static long userPlusSystem(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }
}
