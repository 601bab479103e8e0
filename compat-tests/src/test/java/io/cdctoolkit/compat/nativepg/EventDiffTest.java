package io.cdctoolkit.compat.nativepg;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.TransactionMetadata;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The comparator finds what differs, names it by table, op, key and field, and ignores only what it documents. */
class EventDiffTest {

    private static final TableId TABLE = new TableId("app", "public", "users");
    private static final RowSchema KEY = RowSchema.builder("pg.public.users.Key").required("id", FieldType.INT32).build();
    private static final RowSchema VALUE = RowSchema.builder("pg.public.users.Value").required("id", FieldType.INT32)
            .optional("name", FieldType.STRING).optional("photo", FieldType.BYTES).build();
    private static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("version", FieldType.STRING).required("connector", FieldType.STRING)
            .required("name", FieldType.STRING).required("ts_ms", FieldType.INT64)
            .optional("snapshot", FieldType.STRING).required("db", FieldType.STRING)
            .optional("sequence", FieldType.STRING).optional("ts_us", FieldType.INT64)
            .optional("ts_ns", FieldType.INT64).required("schema", FieldType.STRING)
            .required("table", FieldType.STRING).optional("txId", FieldType.INT64)
            .optional("lsn", FieldType.INT64).optional("xmin", FieldType.INT64).build();
    private static final RowSchema ENVELOPE = Envelope.schema("pg.public.users", VALUE, SOURCE);

    /** A streamed insert of {@code id} at {@code lsn} in transaction 700, or a snapshot read (op r). */
    private static ChangeEvent event(Op op, int id, String name, long lsn, String version) {
        Row after = Row.of(VALUE, id, name, new byte[] {1, 2, (byte) id});
        boolean read = op == Op.READ;
        Row source = Row.of(SOURCE, version, "postgresql", "pg", 1_700_000_000_000L, read ? "true" : "false", "app",
                "[null,\"" + lsn + "\"]", 1_700_000_000_000_000L, 1_700_000_000_000_000_000L, "public", "users",
                700L, lsn, null);
        return ChangeEvent.builder(TABLE, op, "pg.public.users").key(Row.of(KEY, id))
                .value(Envelope.row(ENVELOPE, null, after, source, op, Instant.now()))
                .sourceTimestamp(Instant.ofEpochMilli(1_700_000_000_000L)).transaction("700").build();
    }

    private static List<ComparableEvent> comparable(List<ChangeEvent> events) {
        return events.stream().map(ComparableEvent::of).toList();
    }

    private static List<EventDiff.Difference> diff(List<ChangeEvent> reference, List<ChangeEvent> candidate) {
        return EventDiff.between("debezium", comparable(reference), "native", comparable(candidate)).differences();
    }

    private static List<ChangeEvent> stream(int count) {
        List<ChangeEvent> events = new ArrayList<>();
        for (int id = 1; id <= count; id++) events.add(event(Op.CREATE, id, "user" + id, 1000L + id, "3.5.0.Final"));
        return events;
    }

    @Test
    void equalEventsGiveNoDifferenceWithBytesComparedByContent() {
        // Built twice: equal values in distinct objects (the byte[] arrays too), other processing times.
        assertThat(diff(stream(5), stream(5))).isEmpty();
    }

    @Test
    void aValueThatDiffersIsNamedWithTableOpKeyAndField() {
        List<ChangeEvent> candidate = new ArrayList<>(stream(5));
        candidate.set(2, event(Op.CREATE, 3, "USER3", 1003L, "3.5.0.Final"));

        List<EventDiff.Difference> differences = diff(stream(5), candidate);

        assertThat(differences).hasSize(1);
        EventDiff.Difference d = differences.get(0);
        assertThat(d.event()).contains("app.public.users").contains(" c ").contains("id=3");
        assertThat(d.path()).isEqualTo("after.name");
        assertThat(d.detail()).contains("debezium 'user3'").contains("native 'USER3'");
    }

    @Test
    void bytesThatDifferAreFound() {
        List<ChangeEvent> candidate = new ArrayList<>(stream(2));
        ChangeEvent e = candidate.get(1);
        Row after = Envelope.after(e.value()).toBuilder().set("photo", new byte[] {1, 2, 3}).build();
        candidate.set(1, e.withValue(Envelope.row(ENVELOPE, null, after, Envelope.source(e.value()), Op.CREATE, null)));

        assertThat(diff(stream(2), candidate)).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("after.photo");
            assertThat(d.detail()).contains("0x010202").contains("0x010203");
        });
    }

    @Test
    void aMissingEventIsReportedOnceAndTheRestStillPairs() {
        List<ChangeEvent> candidate = new ArrayList<>(stream(5));
        candidate.remove(1);

        assertThat(diff(stream(5), candidate)).singleElement().satisfies(d -> {
            assertThat(d.event()).contains("id=2").contains(" c ");
            assertThat(d.detail()).startsWith("only in debezium");
        });
        assertThat(diff(candidate, stream(5))).singleElement()
                .satisfies(d -> assertThat(d.detail()).startsWith("only in native"));
    }

    @Test
    void aFieldTypeOrOptionalFlagThatDiffersIsFound() {
        RowSchema wider = RowSchema.builder("pg.public.users.Value").required("id", FieldType.INT64)
                .optional("name", FieldType.STRING).optional("photo", FieldType.BYTES).build();
        ChangeEvent e = stream(1).get(0);
        Row after = Row.of(wider, 1L, "user1", new byte[] {1, 2, 1});
        ChangeEvent candidate = e.withValue(Envelope.row(Envelope.schema("pg.public.users", wider, SOURCE), null, after,
                Envelope.source(e.value()), Op.CREATE, null));

        assertThat(diff(stream(1), List.of(candidate))).extracting(EventDiff.Difference::path)
                .containsExactly("after.id field", "after.id");
    }

    @Test
    void streamedLsnIsComparedExactlySnapshotLsnOnlyWithinEachRun() {
        ChangeEvent streamed = event(Op.CREATE, 1, "a", 2000L, "3.5.0.Final");
        assertThat(diff(List.of(streamed), List.of(event(Op.CREATE, 1, "a", 2001L, "3.5.0.Final"))))
                .extracting(EventDiff.Difference::path).containsExactly("source.lsn"); // not source.sequence: not compared

        // Each run took its own snapshot: another snapshot point, the same within the run.
        List<ChangeEvent> reference = List.of(event(Op.READ, 1, "a", 500L, "x"), event(Op.READ, 2, "b", 500L, "x"));
        List<ChangeEvent> candidate = List.of(event(Op.READ, 1, "a", 600L, "x"), event(Op.READ, 2, "b", 600L, "x"));
        assertThat(diff(reference, candidate)).isEmpty();

        List<ChangeEvent> twoPoints = List.of(event(Op.READ, 1, "a", 600L, "x"), event(Op.READ, 2, "b", 601L, "x"));
        assertThat(diff(reference, twoPoints)).singleElement().satisfies(d -> {
            assertThat(d.event()).isEqualTo("native");
            assertThat(d.path()).isEqualTo("source.lsn");
        });
    }

    @Test
    void snapshotRowsMayComeInAnyOrderStreamedOnesMayNot() {
        List<ChangeEvent> snapshot = List.of(event(Op.READ, 1, "a", 5L, "x"), event(Op.READ, 2, "b", 5L, "x"),
                event(Op.READ, 3, "c", 5L, "x"));
        List<ChangeEvent> shuffled = List.of(snapshot.get(2), snapshot.get(0), snapshot.get(1));
        assertThat(diff(snapshot, shuffled)).isEmpty();

        List<ChangeEvent> streamed = stream(3);
        assertThat(diff(streamed, List.of(streamed.get(1), streamed.get(0), streamed.get(2)))).isNotEmpty();
    }

    @Test
    void theImplementationsVersionIsNotCompared() {
        assertThat(diff(List.of(event(Op.CREATE, 1, "a", 9L, "3.5.0.Final")),
                List.of(event(Op.CREATE, 1, "a", 9L, "cdc-toolkit-native")))).isEmpty();
    }

    private static ChangeEvent end(Map<String, Long> perCollection, long count) {
        Row value = TransactionMetadata.end("700:1234", 1_700_000_000_000L, count, perCollection);
        return ChangeEvent.builder(new TableId("app", null, "transaction"), Op.TRANSACTION, "app.transaction")
                .key(TransactionMetadata.key("700:1234")).value(value).transaction("700").build();
    }

    /**
     * The one documented transaction-metadata difference: Debezium's per-message collections ({@code
     * ...LogicalDecodingMessageId@<hash>}, one each) equal the native engine's one LOGICAL_DECODING_MESSAGE entry,
     * in any order; any other difference in an END still shows.
     */
    @Test
    void debeziumsPerMessageCollectionsEqualOneMessageCollectionAndNothingElseIsHidden() {
        Map<String, Long> debezium = new java.util.LinkedHashMap<>();
        debezium.put(ComparableEvent.DEBEZIUM_MESSAGE_COLLECTION + "1a2b", 1L);
        debezium.put("public.users", 2L);
        debezium.put(ComparableEvent.DEBEZIUM_MESSAGE_COLLECTION + "3c4d", 1L);
        Map<String, Long> nativeCounts = new java.util.LinkedHashMap<>();
        nativeCounts.put("LOGICAL_DECODING_MESSAGE", 2L);
        nativeCounts.put("public.users", 2L);
        assertThat(diff(List.of(end(debezium, 4)), List.of(end(nativeCounts, 4)))).isEmpty();

        Map<String, Long> oneMessageShort = new java.util.LinkedHashMap<>(nativeCounts);
        oneMessageShort.put("LOGICAL_DECODING_MESSAGE", 1L);
        assertThat(diff(List.of(end(debezium, 4)), List.of(end(oneMessageShort, 4))))
                .extracting(EventDiff.Difference::path).containsExactly("after.data_collections[0].event_count");
        Map<String, Long> otherTable = new java.util.LinkedHashMap<>(nativeCounts);
        otherTable.put("public.users", 3L);
        assertThat(diff(List.of(end(debezium, 4)), List.of(end(otherTable, 4)))).hasSize(1);
    }
}
