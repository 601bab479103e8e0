package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What {@code bench} prints: the source (generated batch by batch, timed on its own, not in the total),
 * one row per stage in chain order, the encoder and the null sink, and the chain's total.
 *
 * @param pipeline the pipeline measured
 * @param events   source events measured (after the warm-up)
 * @param warmup   source events run through the chain first, not measured
 * @param source   the source's row: events generated and the time that took
 * @param pass     the measured pass
 */
record BenchReport(String pipeline, long events, long warmup, StageResult source, ChainBench.Pass pass) {

    /** Source events per second through the whole chain (stages, encoder, sink). */
    double totalEventsPerSecond() {
        long nanos = pass.nanos();
        return nanos == 0 ? 0 : events * 1e9 / nanos;
    }

    double totalNanosPerEvent() {
        return events == 0 ? 0 : (double) pass.nanos() / events;
    }

    void printTable(PrintStream out) {
        List<StageResult> rows = pass.rows();
        int width = Math.max("total (chain)".length(), source.label().length());
        for (StageResult r : rows) width = Math.max(width, r.label().length());
        String format = "%-" + width + "s  %10s  %10s  %10s  %12s  %6s%n";
        out.printf(Locale.ROOT, "pipeline %s: %,d events after %,d warm-up events%n", pipeline, events, warmup);
        out.printf(Locale.ROOT, format, "stage", "events in", "events out", "ns/event", "events/s", "share");
        out.printf(Locale.ROOT, format, source.label(), count(source.eventsIn()), count(source.eventsOut()),
                nanos(source.nanosPerEvent()), count(Math.round(source.eventsPerSecond())), "-");
        long total = pass.nanos();
        for (StageResult r : rows) {
            out.printf(Locale.ROOT, format, r.label(), count(r.eventsIn()), count(r.eventsOut()),
                    nanos(r.nanosPerEvent()), count(Math.round(r.eventsPerSecond())),
                    total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * r.nanos() / total));
        }
        out.printf(Locale.ROOT, format, "total (chain)", count(events), count(pass.records()),
                nanos(totalNanosPerEvent()), count(Math.round(totalEventsPerSecond())), "100%");
        for (StageResult r : rows) {
            if (r.rejected() > 0) {
                out.printf(Locale.ROOT, "note: %s rejected %,d event(s) (on_error would apply), first: %s%n",
                        r.label(), r.rejected(), r.firstRejection());
            }
        }
    }

    void printJson(PrintStream out) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("pipeline", pipeline);
        root.put("events", events);
        root.put("warmup_events", warmup);
        ObjectNode src = root.putObject("source");
        src.put("stage", source.label());
        src.put("events", source.eventsOut());
        src.put("ns_per_event", source.nanosPerEvent());
        src.put("events_per_second", source.eventsPerSecond());
        ArrayNode stages = root.putArray("stages");
        long total = pass.nanos();
        for (StageResult r : pass.rows()) {
            ObjectNode o = stages.addObject();
            o.put("stage", r.label());
            o.put("events_in", r.eventsIn());
            o.put("events_out", r.eventsOut());
            o.put("rejected", r.rejected());
            o.put("ns_per_event", r.nanosPerEvent());
            o.put("events_per_second", r.eventsPerSecond());
            o.put("share", total == 0 ? 0 : (double) r.nanos() / total);
        }
        ObjectNode t = root.putObject("total");
        t.put("events_in", events);
        t.put("records_out", pass.records());
        t.put("bytes_out", pass.bytes());
        t.put("ns_per_event", totalNanosPerEvent());
        t.put("events_per_second", totalEventsPerSecond());
        out.println(root.toPrettyString());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String nanos(double n) {
        return String.format(Locale.ROOT, n < 10 ? "%.1f" : "%,.0f", n);
    }
}
