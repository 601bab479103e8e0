package io.cdctoolkit.compat.nativepg;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the events of two engines event by event and names every difference by event (table, op,
 * key) and field path. What is compared, and why (docs/sources/postgresql.md, "Parity with the
 * Debezium engine"):
 *
 * <ul>
 *   <li><b>Exactly, on every event:</b> topic, table, op, key row, the envelope schema's name, the
 *       {@code before} and {@code after} rows — schema name, every {@link Field} (name, {@link
 *       io.cdctoolkit.engine.data.FieldType}, optional flag, default, doc) and every value ({@code byte[]}
 *       by content, decimals with their scale, nested rows and lists element by element) — the headers,
 *       whether the event is unreadable and the column it names, the {@code source} block's fields
 *       (names, types, optional flags) and its values {@link #SOURCE_ON_EVERY_EVENT}.</li>
 *   <li><b>Exactly, on streamed events only:</b> {@link #SOURCE_ON_STREAMED_EVENTS} ({@code lsn},
 *       {@code txId} and the commit time {@code ts_ms}/{@code ts_us}/{@code ts_ns}) and the event's
 *       {@code sourceTimestamp} and {@code transaction}: both runs read the same WAL through their own
 *       slots, so a change has one LSN, one transaction and one commit time for both. On snapshot events
 *       these are each run's own snapshot point and reading time (every run takes its own snapshot), so
 *       they are not compared across runs; instead, within each run, every snapshot event must carry the
 *       same {@code lsn} and the same {@code txId} ({@link #snapshotPoint}).</li>
 *   <li><b>{@code source.snapshot}:</b> exactly, markers included ({@code first},
 *       {@code first_in_data_collection}, {@code true}, {@code last_in_data_collection}, {@code last}): both
 *       engines copy tables in {@code include_tables} order and mark the first and last rows of each table
 *       and of the snapshot. (Rows within a table are compared sorted by key, see below.)</li>
 *   <li><b>Snapshot order:</b> each uninterrupted sequence of snapshot events is compared sorted by topic,
 *       key and row: the order in which a snapshot copies a table's rows (one scan, or ranges on several
 *       connections) is no promise; streamed events are compared in the order they came.</li>
 *   <li><b>Not compared:</b> {@link #SOURCE_NOT_COMPARED} — {@code version} names the implementation
 *       that produced the event and {@code sequence} is Debezium's own de-duplication aid whose first
 *       element depends on where the reader resumed; their presence and types are still compared. Also
 *       not compared: the envelope's {@code ts_ms} (processing time), the event's position (each engine's
 *       offset format) and an unreadable event's reason text and raw record (see {@link ComparableEvent}).</li>
 * </ul>
 */
final class EventDiff {

    static final Set<String> SOURCE_ON_EVERY_EVENT = Set.of("connector", "name", "db", "schema", "table", "xmin");
    static final Set<String> SOURCE_ON_STREAMED_EVENTS = Set.of("lsn", "txId", "ts_ms", "ts_us", "ts_ns");
    static final Set<String> SOURCE_NOT_COMPARED = Set.of("version", "sequence");
    private static final String SNAPSHOT = "snapshot";
    private static final Set<String> SNAPSHOT_MARKERS =
            Set.of("true", "first", "first_in_data_collection", "last_in_data_collection", "last");
    private static final int SHOWN = 60;

    /**
     * One difference.
     *
     * @param event  which event (position in the reference run, table, op, key), or the run for a run-level check
     * @param path   the part that differs, e.g. {@code after.c_text} or {@code source.lsn}
     * @param detail both values, or what is missing
     */
    record Difference(String event, String path, String detail) {
        @Override
        public String toString() {
            return event + ": " + path + ": " + detail;
        }
    }

    private final String referenceLabel;
    private final String candidateLabel;
    private final List<Difference> differences = new ArrayList<>();

    private EventDiff(String referenceLabel, String candidateLabel) {
        this.referenceLabel = referenceLabel;
        this.candidateLabel = candidateLabel;
    }

    /** The differences between the events of a reference run (the Debezium engine) and a candidate run. */
    static EventDiff between(String referenceLabel, List<ComparableEvent> reference,
                             String candidateLabel, List<ComparableEvent> candidate) {
        EventDiff diff = new EventDiff(referenceLabel, candidateLabel);
        diff.snapshotPoint(referenceLabel, reference);
        diff.snapshotPoint(candidateLabel, candidate);
        diff.align(inComparableOrder(reference), inComparableOrder(candidate));
        return diff;
    }

    List<Difference> differences() {
        return List.copyOf(differences);
    }

    /** A readable report: how many differences, the first {@value #SHOWN} of them. */
    String report() {
        StringBuilder sb = new StringBuilder(differences.size() + " difference(s) between " + referenceLabel
                + " (reference) and " + candidateLabel + ":");
        differences.stream().limit(SHOWN).forEach(d -> sb.append("\n  ").append(d));
        if (differences.size() > SHOWN) sb.append("\n  …");
        return sb.toString();
    }

    /** The events with every uninterrupted sequence of snapshot events sorted by topic, key and row. */
    static List<ComparableEvent> inComparableOrder(List<ComparableEvent> events) {
        List<ComparableEvent> ordered = new ArrayList<>(events.size());
        Comparator<ComparableEvent> byRow = Comparator.comparing(ComparableEvent::topic)
                .thenComparing(e -> String.valueOf(e.key())).thenComparing(e -> String.valueOf(e.after()));
        int i = 0;
        while (i < events.size()) {
            int end = i;
            while (end < events.size() && events.get(end).snapshot()) end++;
            if (end == i) {
                ordered.add(events.get(i++));
            } else {
                events.subList(i, end).stream().sorted(byRow).forEach(ordered::add);
                i = end;
            }
        }
        return ordered;
    }

    /** Within one run, every snapshot event carries the run's one snapshot point (lsn, txId). */
    private void snapshotPoint(String run, List<ComparableEvent> events) {
        for (String field : List.of("lsn", "txId")) {
            Set<String> values = new TreeSet<>();
            events.stream().filter(ComparableEvent::snapshot).forEach(e -> values.add(String.valueOf(e.sourceField(field))));
            if (values.size() > 1) {
                differences.add(new Difference(run, "source." + field,
                        "snapshot events carry " + values.size() + " different values " + values + ", expected one snapshot point"));
            }
        }
    }

    /** Pairs the events in order; an event only one side has is reported as missing (one-event look-ahead). */
    private void align(List<ComparableEvent> reference, List<ComparableEvent> candidate) {
        int i = 0;
        int j = 0;
        while (i < reference.size() || j < candidate.size()) {
            if (j >= candidate.size() || (i < reference.size() && !sameChange(reference.get(i), candidate.get(j))
                    && i + 1 < reference.size() && sameChange(reference.get(i + 1), candidate.get(j)))) {
                add(i, reference.get(i), "(event)", "only in " + referenceLabel + ": " + reference.get(i).after());
                i++;
            } else if (i >= reference.size() || (!sameChange(reference.get(i), candidate.get(j))
                    && j + 1 < candidate.size() && sameChange(reference.get(i), candidate.get(j + 1)))) {
                add(i, candidate.get(j), "(event)", "only in " + candidateLabel + ": " + candidate.get(j).after());
                j++;
            } else {
                compare(i, reference.get(i), candidate.get(j));
                i++;
                j++;
            }
        }
    }

    private static boolean sameChange(ComparableEvent a, ComparableEvent b) {
        return a.topic().equals(b.topic()) && a.op() == b.op() && Objects.equals(a.key(), b.key());
    }

    private void compare(int index, ComparableEvent a, ComparableEvent b) {
        Reporter at = (path, detail) -> add(index, a, path, detail);
        value(at, "topic", a.topic(), b.topic());
        value(at, "table", a.table(), b.table());
        value(at, "op", a.op(), b.op());
        row(at, "key", a.key(), b.key());
        value(at, "envelope schema", a.envelopeSchema(), b.envelopeSchema());
        row(at, "before", a.before(), b.before());
        row(at, "after", a.after(), b.after());
        source(at, a, b);
        if (!a.snapshot()) {
            value(at, "sourceTimestamp", a.sourceTimestamp(), b.sourceTimestamp());
            value(at, "transaction", a.transaction(), b.transaction());
        }
        value(at, "headers", a.headers(), b.headers());
        value(at, "unreadable", a.unreadable(), b.unreadable());
        value(at, "unreadable field", a.unreadableField(), b.unreadableField());
        row(at, "transaction", a.transactionBlock(), b.transactionBlock());
    }

    private void source(Reporter at, ComparableEvent a, ComparableEvent b) {
        if (a.source() == null || b.source() == null) {
            value(at, "source", a.source(), b.source());
            return;
        }
        fields(at, "source", a.source(), b.source());
        for (Field field : a.source().schema().fields()) {
            String name = field.name();
            if (SOURCE_NOT_COMPARED.contains(name) || b.source().schema().indexOf(name) < 0) continue;
            if (a.snapshot() && SOURCE_ON_STREAMED_EVENTS.contains(name)) continue;
            Object x = a.source().get(name);
            Object y = b.source().get(name);
            if (a.snapshot() && SNAPSHOT.equals(name)) {
                x = snapshotMarker(x);
                y = snapshotMarker(y);
            }
            value(at, "source." + name, x, y);
        }
    }

    private static Object snapshotMarker(Object marker) {
        return marker != null && SNAPSHOT_MARKERS.contains(marker.toString()) ? "true (" + marker + ")" : marker;
    }

    /** Two rows: schema name, fields, then values of the fields both have. */
    private void row(Reporter at, String path, Row a, Row b) {
        if (a == null || b == null) {
            value(at, path, a, b);
            return;
        }
        value(at, path + " schema name", a.schema().name(), b.schema().name());
        fields(at, path, a, b);
        for (Field field : a.schema().fields()) {
            if (b.schema().indexOf(field.name()) >= 0) value(at, path + "." + field.name(), a.get(field.name()), b.get(field.name()));
        }
    }

    /** The fields of two rows' schemas, by name and position. */
    private void fields(Reporter at, String path, Row a, Row b) {
        Set<String> names = new LinkedHashSet<>();
        a.schema().fields().forEach(f -> names.add(f.name()));
        b.schema().fields().forEach(f -> names.add(f.name()));
        for (String name : names) {
            Field x = a.schema().field(name);
            Field y = b.schema().field(name);
            if (x == null || y == null) {
                at.report(path + "." + name + " field", x == null ? "only in " + candidateLabel + ": " + y
                        : "only in " + referenceLabel + ": " + x);
            } else if (!sameField(x, y)) {
                at.report(path + "." + name + " field", referenceLabel + " " + x + " vs " + candidateLabel + " " + y);
            } else if (a.schema().indexOf(name) != b.schema().indexOf(name)) {
                at.report(path + "." + name + " field", "position " + a.schema().indexOf(name) + " vs " + b.schema().indexOf(name));
            }
        }
    }

    private static boolean sameField(Field x, Field y) {
        return x.name().equals(y.name()) && x.type().equals(y.type()) && x.optional() == y.optional()
                && sameValue(x.defaultValue(), y.defaultValue()) && Objects.equals(x.doc(), y.doc());
    }

    /** Two values: rows and lists element by element, everything else exactly ({@code byte[]} by content). */
    private void value(Reporter at, String path, Object a, Object b) {
        if (a instanceof Row x && b instanceof Row y) {
            row(at, path, x, y);
        } else if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) value(at, path + "[" + i + "]", x.get(i), y.get(i));
        } else if (!sameValue(a, b)) {
            at.report(path, referenceLabel + " " + show(a) + " vs " + candidateLabel + " " + show(b));
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) return Arrays.equals(x, y);
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream()
                    .allMatch(e -> y.containsKey(e.getKey()) && sameValue(e.getValue(), y.get(e.getKey())));
        }
        return Objects.equals(a, b);
    }

    /** A value for the report: its Java type (a difference may be only that) and a bounded rendering. */
    private static String show(Object value) {
        if (value == null) return "null";
        String text = value instanceof byte[] bytes ? "0x" + java.util.HexFormat.of().formatHex(bytes)
                : value instanceof Row || value instanceof List<?> ? value.toString() : "'" + value + "'";
        if (text.length() > 120) text = text.substring(0, 120) + "…(" + text.length() + " chars)";
        return text + " (" + value.getClass().getSimpleName() + ")";
    }

    private void add(int index, ComparableEvent event, String path, String detail) {
        differences.add(new Difference("event #" + index + " " + event.describe(), path, detail));
    }

    @FunctionalInterface
    private interface Reporter {
        void report(String path, String detail);
    }
}
