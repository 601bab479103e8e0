package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.smt.transform.FlattenFactory;
import io.cdctoolkit.smt.transform.FlattenKeyFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Flatten;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code flatten} against Kafka Connect's {@code Flatten$Value} / {@code Flatten$Key}. Flat rows (the
 * table has a two-level nested {@code address}) are compared record for record; on an envelope ours
 * flattens {@code before} and {@code after} — each side must equal Kafka's Flatten of that row.
 * Kafka's Flatten rejects map fields in records with schemas; ours keeps them (a documented
 * difference, {@link #mapsAreKeptWhereKafkaRejectsThem}), so the comparisons use tables without maps.
 */
class FlattenParityTest {

    private static Stage ours(TransformFactory factory, Map<String, ?> config) throws Exception {
        return factory.create(Options.of("transforms[0].config", factory.spec().options(), config), null,
                new ComponentContext(factory.spec().name(), "transforms[0]", null, Path.of("."),
                        new SimpleMeterRegistry()));
    }

    private static ChangeEvent one(Stage stage, ChangeEvent event) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static SinkRecord kafkaValue(Map<String, ?> config, ChangeEvent event) {
        try (Flatten<SinkRecord> flatten = new Flatten.Value<>()) {
            flatten.configure(config);
            return flatten.apply(ConnectRecords.toConnect(event));
        }
    }

    /**
     * Documented difference (docs/transforms.md, flatten): Kafka's Flatten copies values with
     * {@code Struct.get(Field)}, which puts a field's schema default in place of a null; ours keeps the
     * null the source sent. Asserts exactly that difference in {@code theirs} (for each null of ours
     * whose field has a default, theirs holds the default) and takes it back out, so that the rest is
     * compared strictly.
     */
    private SinkRecord withoutDefaultSubstitution(ChangeEvent ours, SinkRecord theirs) {
        Struct key = undo(ours.key(), theirs.key());
        Struct value = undo(ours.value(), theirs.value());
        return theirs.newRecord(theirs.topic(), theirs.kafkaPartition(), theirs.keySchema(), key, theirs.valueSchema(),
                value, theirs.timestamp(), theirs.headers());
    }

    private Struct undo(Row ours, Object theirs) {
        if (ours == null || !(theirs instanceof Struct struct)) return (Struct) theirs;
        Struct copy = null;
        for (org.apache.kafka.connect.data.Field f : struct.schema().fields()) {
            Object defaultValue = f.schema().defaultValue();
            int i = ours.schema().indexOf(f.name());
            if (defaultValue == null || i < 0 || ours.get(i) != null) continue;
            assertThat(struct.get(f)).as("Kafka substitutes the default of %s", f.name()).isEqualTo(defaultValue);
            if (copy == null) {
                copy = new Struct(struct.schema());
                for (org.apache.kafka.connect.data.Field g : struct.schema().fields()) {
                    copy.put(g, struct.getWithoutDefault(g.name()));
                }
            }
            copy.put(f, null);
            substitutions++;
        }
        return copy == null ? struct : copy;
    }

    private int substitutions; // how many nulls Kafka replaced by a default, in this test

    private static CdcInputs withoutMaps(long seed) {
        return CdcInputs.of(seed).withoutKinds(java.util.EnumSet.of(FieldType.Kind.MAP));
    }

    @Test
    void mapsAreKeptWhereKafkaRejectsThem() throws Exception {
        ChangeEvent event = CdcInputs.of(17).flatRow(Op.CREATE);
        assertThat(event.value().schema().field("counters").type()).isInstanceOf(FieldType.MapType.class);
        assertThatThrownBy(() -> kafkaValue(Map.of(), event)).isInstanceOf(DataException.class)
                .hasMessageContaining("does not support MAP");
        ChangeEvent out = one(ours(new FlattenFactory(), Map.of()), event);
        assertThat(out.value().get("counters")).isEqualTo(event.value().get("counters"));
        assertThat(out.value().schema().field("counters").type()).isEqualTo(event.value().schema().field("counters").type());
    }

    @Test
    void flatRowsWithNestedRowsAreFlattenedAsKafkaDoes() throws Exception {
        for (Map<String, String> config : List.of(Map.<String, String>of(), Map.of("delimiter", "_"),
                Map.of("delimiter", "__"))) {
            Stage flatten = ours(new FlattenFactory(), config);
            for (long seed : new long[] {11, 12, 13}) {
                for (ChangeEvent event : withoutMaps(seed).flatRows(60)) {
                    ChangeEvent out = one(flatten, event);
                    ParityAssertions.assertSameRecord(out, withoutDefaultSubstitution(out, kafkaValue(config, event)));
                }
            }
        }
    }

    @Test
    void aNullIsKeptWhereKafkaSubstitutesTheDefault() throws Exception {
        substitutions = 0;
        Stage flatten = ours(new FlattenFactory(), Map.of());
        for (ChangeEvent event : withoutMaps(18).flatRows(80)) {
            ChangeEvent out = one(flatten, event);
            withoutDefaultSubstitution(out, kafkaValue(Map.of(), event));
        }
        assertThat(substitutions).as("inputs with a null status (default 'active')").isPositive();
    }

    @Test
    void tombstonesPassLikeKafkasFlatten() throws Exception {
        Stage flatten = ours(new FlattenFactory(), Map.of());
        CdcInputs inputs = withoutMaps(14);
        for (int i = 0; i < 10; i++) {
            ChangeEvent tombstone = inputs.tombstone();
            ParityAssertions.assertSameRecord(one(flatten, tombstone), kafkaValue(Map.of(), tombstone));
        }
    }

    /**
     * Documented difference (docs/transforms.md, flatten): on a change envelope Kafka flattens the
     * envelope itself ({@code after.address.city}, {@code source.lsn}); ours flattens the {@code before}
     * and {@code after} rows, each exactly as Kafka's Flatten flattens that row on its own.
     */
    @Test
    void anEnvelopeHasEachSideFlattenedAsKafkaFlattensThatRow() throws Exception {
        Stage flatten = ours(new FlattenFactory(), Map.of());
        CdcInputs inputs = withoutMaps(15);
        int sides = 0;
        for (ChangeEvent event : inputs.envelopes(80)) {
            ChangeEvent out = one(flatten, event);
            assertThat(Envelope.isEnvelope(out.value().schema())).isTrue();
            assertThat(Envelope.source(out.value())).isEqualTo(Envelope.source(event.value()));
            assertThat(out.value().get(Envelope.OP_INDEX)).isEqualTo(event.value().get(Envelope.OP_INDEX));
            for (int side : new int[] {Envelope.BEFORE_INDEX, Envelope.AFTER_INDEX}) {
                Row in = (Row) event.value().get(side);
                Row flattened = (Row) out.value().get(side);
                if (in == null) {
                    assertThat(flattened).isNull();
                    continue;
                }
                ChangeEvent row = event.withValue(in);
                ChangeEvent ours = row.withValue(flattened);
                ParityAssertions.assertSameRecord(ours, withoutDefaultSubstitution(ours, kafkaValue(Map.of(), row)));
                sides++;
            }
            SinkRecord kafkaOnEnvelope = kafkaValue(Map.of(), event);
            assertThat(kafkaOnEnvelope.valueSchema().field("after.address.city")).as("Kafka flattens the envelope")
                    .isNotNull();
        }
        assertThat(sides).isGreaterThan(80);
    }

    @Test
    void theKeyVariantFlattensKeysAsKafkasFlattenKey() throws Exception {
        Stage flatten = ours(new FlattenKeyFactory(), Map.of("delimiter", "-"));
        for (ChangeEvent event : withoutMaps(16).flatRows(40)) {
            ChangeEvent nestedKey = event.withKey(event.value()); // a key with nested rows
            SinkRecord expected;
            try (Flatten<SinkRecord> kafka = new Flatten.Key<>()) {
                kafka.configure(Map.of("delimiter", "-"));
                expected = kafka.apply(ConnectRecords.toConnect(nestedKey));
            }
            ChangeEvent out = one(flatten, nestedKey);
            ParityAssertions.assertSameRecord(out, withoutDefaultSubstitution(out, expected));
        }
    }
}
