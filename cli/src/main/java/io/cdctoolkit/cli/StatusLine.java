package io.cdctoolkit.cli;

import io.cdctoolkit.engine.runtime.PipelineCounts;
import io.cdctoolkit.engine.runtime.PipelineResult;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live status line ({@code run} on a terminal: events, events/s, per-topic counts, rewritten in
 * place on stderr) and the summary printed when a pipeline ends.
 */
final class StatusLine {

    private final PrintStream err;
    private long lastEvents;
    private long lastNanos = System.nanoTime();
    private int lastLength;

    StatusLine(PrintStream err) {
        this.err = err;
    }

    /** Rewrites the status line with the latest counts and {@code snapshot}'s progress ("" for none). */
    synchronized void update(String pipeline, PipelineCounts counts, String snapshot) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        double rate = (counts.eventsIn() - lastEvents) / seconds;
        lastEvents = counts.eventsIn();
        lastNanos = now;
        String line = String.format("%s: %,d events (%,.0f/s), %,d records out, %s", pipeline, counts.eventsIn(),
                rate, counts.recordsOut(), topics(counts.recordsPerTopic(), 4)) + (snapshot.isEmpty() ? "" : " | " + snapshot);
        err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Ends the live line so the summary starts on its own line. */
    synchronized void finish() {
        if (lastLength > 0) err.println();
        lastLength = 0;
    }

    /** The end-of-run summary of one pipeline. */
    static void printSummary(PrintStream err, PipelineResult result) {
        PipelineCounts c = result.counts();
        double seconds = Math.max(1e-3, result.duration().toMillis() / 1000.0);
        err.printf("pipeline %s %s after %.1f s: %,d events in (%,.0f/s), %,d records out, %,d skipped,"
                        + " %,d dead-lettered, %,d dropped by stages%n",
                result.pipeline(), result.status().name().toLowerCase(java.util.Locale.ROOT), seconds,
                c.eventsIn(), c.eventsIn() / seconds, c.recordsOut(), c.skipped(), c.deadLettered(), c.dropped());
        c.recordsPerTopic().forEach((topic, n) -> err.printf("  %-50s %,d%n", topic, n));
        if (result.lastCommitted() != null) err.println("  committed position: " + result.lastCommitted().describe());
        if (result.failure() != null) err.println("  failure: " + result.failure().getMessage());
    }

    private static String topics(Map<String, Long> perTopic, int max) {
        String shown = perTopic.entrySet().stream().limit(max).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return perTopic.size() > max ? shown + " …" : shown;
    }
}
