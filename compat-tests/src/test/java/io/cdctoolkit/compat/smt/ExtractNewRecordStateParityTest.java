package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.debezium.transforms.ExtractNewRecordState;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our {@code extract_new_record_state} against Debezium 3.5's own {@link ExtractNewRecordState}, with the
 * same config (the Debezium spelling works for both), on generated events of every shape.
 *
 * <p>What each side receives: Debezium's connector writes a tombstone after each delete
 * ({@code tombstones.on.delete=true}, its default) and the transform sees both; our readers write none
 * (the pipeline's tombstone stage comes after the transforms), so ours sees the delete alone. Both
 * chains must then emit the same records. Debezium runs with {@code replace.null.with.default=false}:
 * its default substitutes column defaults for nulls in the rewrite modes, which ours never does
 * ({@link #debeziumsDefaultReplacesNullsWhereOursKeepsThem}).
 */
class ExtractNewRecordStateParityTest {

    private static final List<String> MODES =
            List.of("drop", "tombstone", "rewrite", "rewrite-with-tombstone", "delete-to-tombstone");

    /** add_fields / add_headers variants: none, source and envelope fields with aliases, both with prefixes. */
    private static final List<Map<String, String>> ADDITIONS = List.of(
            Map.of(),
            Map.of("add.fields", "op,table,source.ts_ms,lsn,ts_ms,db:database,snapshot,txId"),
            Map.of("add.headers", "op,source.ts_ms,lsn,txId,connector:origin_connector,ts_ms"),
            Map.of("add.fields", "op,schema,version", "add.fields.prefix", "meta_",
                    "add.headers", "op,table,name", "add.headers.prefix", "h."));

    static Stream<Arguments> configs() {
        List<Arguments> out = new ArrayList<>();
        long seed = 11;
        for (String mode : MODES) {
            for (Map<String, String> additions : ADDITIONS) {
                Map<String, String> config = new LinkedHashMap<>(additions);
                config.put("delete.tombstone.handling.mode", mode);
                out.add(Arguments.of(config, seed++));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void sameRecordsAsDebeziumForEveryShape(Map<String, String> config, long seed) throws Exception {
        CdcInputs inputs = CdcInputs.of(seed);
        Stage ours = ours(config);
        try (ExtractNewRecordState<SinkRecord> theirs = debezium(config)) {
            for (ChangeEvent event : inputs.allShapes(96)) {
                List<ChangeEvent> ourOutputs = run(ours, event);
                List<SinkRecord> theirOutputs = new ArrayList<>();
                for (SinkRecord in : connectorStream(event)) {
                    SinkRecord out = theirs.apply(in);
                    if (out != null) theirOutputs.add(out);
                }
                assertSame(event, ourOutputs, theirOutputs);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void truncatesAreDroppedAsDebeziumDoes(Map<String, String> config, long seed) throws Exception {
        ChangeEvent truncate = truncate(CdcInputs.of(seed).envelope(Op.CREATE));
        try (ExtractNewRecordState<SinkRecord> theirs = debezium(config)) {
            assertThat(theirs.apply(ConnectRecords.toConnect(truncate))).isNull();
        }
        assertThat(run(ours(config), truncate)).isEmpty();
    }

    /**
     * Documented difference: Debezium's default {@code replace.null.with.default=true} puts the column
     * default ({@code status}: {@code active}) where the source row holds null when it rewrites a row;
     * ours keeps the null.
     */
    @Test
    void debeziumsDefaultReplacesNullsWhereOursKeepsThem() throws Exception {
        Map<String, String> config = Map.of("delete.tombstone.handling.mode", "rewrite");
        CdcInputs inputs = CdcInputs.of(5);
        ChangeEvent withNullStatus = null;
        for (ChangeEvent e : inputs.envelopes(200)) {
            Row after = Envelope.after(e.value());
            if (after != null && after.get("status") == null) {
                withNullStatus = e;
                break;
            }
        }
        assertThat(withNullStatus).as("an event whose status is null").isNotNull();
        Map<String, String> debeziumDefaults = new HashMap<>(config);
        SinkRecord theirs;
        try (ExtractNewRecordState<SinkRecord> smt = new ExtractNewRecordState<>()) {
            smt.configure(debeziumDefaults);
            theirs = smt.apply(ConnectRecords.toConnect(withNullStatus));
        }
        Row ours = run(ours(config), withNullStatus).get(0).value();
        assertThat(((org.apache.kafka.connect.data.Struct) theirs.value()).get("status")).isEqualTo("active");
        assertThat(ours.get("status")).isNull();
    }

    // ---- helpers ----

    /** What Debezium's connector hands the transform for our event: a delete is followed by its tombstone. */
    private static List<SinkRecord> connectorStream(ChangeEvent event) {
        List<SinkRecord> out = new ArrayList<>(2);
        out.add(ConnectRecords.toConnect(event));
        if (event.value() != null && Envelope.isEnvelope(event.value().schema()) && Envelope.after(event.value()) == null) {
            out.add(ConnectRecords.toConnect(event.withValue(null)));
        }
        return out;
    }

    private static void assertSame(ChangeEvent input, List<ChangeEvent> ours, List<SinkRecord> theirs) {
        assertThat(ours).as("number of records for %s %s", input.op(), input.isTombstone() ? "tombstone" : "event")
                .hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            ParityAssertions.assertSameRecord(ours.get(i), withoutTombstoneSchema(theirs.get(i)));
        }
    }

    /**
     * Documented difference: in {@code tombstone} mode Debezium's tombstone keeps the row's value schema
     * with its null value ({@code delete-to-tombstone} drops it); a null value here never has a schema.
     */
    private static SinkRecord withoutTombstoneSchema(SinkRecord record) {
        if (record.value() != null || record.valueSchema() == null) return record;
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), null, null,
                record.timestamp());
    }

    private static ExtractNewRecordState<SinkRecord> debezium(Map<String, String> config) {
        ExtractNewRecordState<SinkRecord> smt = new ExtractNewRecordState<>();
        Map<String, String> withoutDefaults = new HashMap<>(config);
        withoutDefaults.put("replace.null.with.default", "false");
        smt.configure(withoutDefaults);
        return smt;
    }

    private static Stage ours(Map<String, String> config) throws Exception {
        TransformFactory factory = ComponentCatalog.load().transform("io.debezium.transforms.ExtractNewRecordState")
                .orElseThrow();
        String keyPath = "transforms[0]";
        Options options = Options.of(keyPath + ".config", factory.spec().options(), config);
        assertThat(factory.validate(options)).isEmpty();
        return factory.create(options, null, new ComponentContext(factory.spec().name(), keyPath, null,
                Path.of("target", "parity-state"), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    private static List<ChangeEvent> run(Stage stage, ChangeEvent event) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        return out;
    }

    /** {@code event} as a truncate: op t, an envelope without before and after, no key. */
    private static ChangeEvent truncate(ChangeEvent event) {
        Row envelope = event.value();
        Row value = Envelope.row(envelope.schema(), null, null, Envelope.source(envelope), Op.TRUNCATE, null);
        return ChangeEvent.builder(event.table(), Op.TRUNCATE, event.topic()).value(value)
                .sourceTimestamp(event.sourceTimestamp()).build();
    }
}
