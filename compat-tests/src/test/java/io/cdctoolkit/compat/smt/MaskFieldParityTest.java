package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * mask_field vs Kafka Connect 4.1.1 {@code MaskField} (docs/transforms.md, "mask_field"). Where both
 * define the masked value (booleans, integers, floats, strings, dates, times, timestamps, arrays, maps)
 * the records are equal; each documented difference has its own test.
 */
class MaskFieldParityTest {

    /** Every column whose empty value Kafka and we define alike. */
    static final String SAME_IN_BOTH = "active,tiny,small,visits,big,ratio,score,name,nickname,birth_date,wake_time,"
            + "created_at,updated_at,tags,counters";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void flatRowsMaskLikeKafka(long seed) throws Exception {
        CdcInputs inputs = CdcInputs.of(seed);
        Stage ours = ours("mask_field", Map.of("fields", SAME_IN_BOTH));
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", SAME_IN_BOTH))) {
            for (ChangeEvent event : inputs.flatRows(60)) {
                ParityAssertions.assertSameRecord(one(ours, event), theirs.apply(ConnectRecords.toConnect(event)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void envelopesMaskBeforeAndAfterAsKafkaMasksEachRow(long seed) throws Exception {
        // Kafka on the envelope sees before/after/source as fields; applied to each row it is the oracle.
        CdcInputs inputs = CdcInputs.of(seed);
        Stage ours = ours("mask_field", Map.of("fields", SAME_IN_BOTH));
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", SAME_IN_BOTH))) {
            for (ChangeEvent event : inputs.envelopes(60)) {
                ChangeEvent out = one(ours, event);
                for (int side : new int[] {Envelope.BEFORE_INDEX, Envelope.AFTER_INDEX}) {
                    Row in = (Row) event.value().get(side);
                    Row masked = (Row) out.value().get(side);
                    if (in == null) {
                        assertThat(masked).isNull();
                        continue;
                    }
                    ParityAssertions.assertSameRecord(out.withValue(masked),
                            theirs.apply(ConnectRecords.toConnect(event.withValue(in))));
                }
                assertThat(Envelope.source(out.value())).isEqualTo(Envelope.source(event.value()));
                assertThat(out.value().get(Envelope.OP_INDEX)).isEqualTo(event.value().get(Envelope.OP_INDEX));
            }
        }
    }

    @Test
    void replacementLikeKafkaForNumbersAndStrings() throws Exception {
        CdcInputs inputs = CdcInputs.of(6);
        String fields = "tiny,small,visits,big,ratio,score,name,nickname";
        Stage ours = ours("mask_field", Map.of("fields", fields, "replacement", "42"));
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(),
                Map.of("fields", fields, "replacement", "42"))) {
            for (ChangeEvent event : inputs.flatRows(30)) {
                ParityAssertions.assertSameRecord(one(ours, event), theirs.apply(ConnectRecords.toConnect(event)));
            }
        }
    }

    @Test
    void keyVariantMasksTheKeyLikeKafka() throws Exception {
        CdcInputs inputs = CdcInputs.of(7);
        Stage ours = ours("org.apache.kafka.connect.transforms.MaskField$Key", Map.of("fields", "id"));
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Key<>(), Map.of("fields", "id"))) {
            for (ChangeEvent event : inputs.flatRows(20)) {
                ChangeEvent out = one(ours, event);
                assertThat(out.key().get("id")).isEqualTo(0L);
                ParityAssertions.assertSameRecord(out, theirs.apply(ConnectRecords.toConnect(event)));
            }
        }
    }

    @Test
    void differenceTombstonesPassWhereKafkaFails() throws Exception {
        CdcInputs inputs = CdcInputs.of(8);
        ChangeEvent tombstone = inputs.tombstone();
        assertThat(one(ours("mask_field", Map.of("fields", "name")), tombstone)).isSameAs(tombstone);
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", "name"))) {
            assertThatThrownBy(() -> theirs.apply(ConnectRecords.toConnect(tombstone))).isInstanceOf(DataException.class);
        }
    }

    @Test
    void differenceDecimalKeepsItsScale() throws Exception {
        ChangeEvent event = withValue(CdcInputs.of(9), "price", new BigDecimal("12.34"));
        Object kafka;
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", "price"))) {
            kafka = ((Struct) theirs.apply(ConnectRecords.toConnect(event)).value()).get("price");
        }
        Object ours = one(ours("mask_field", Map.of("fields", "price")), event).value().get("price");
        assertThat(kafka).isEqualTo(BigDecimal.ZERO); // scale 0 in a decimal(10,2) column
        assertThat(ours).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void differenceBytesBecomeEmptyWhereKafkaFails() throws Exception {
        ChangeEvent event = withValue(CdcInputs.of(10), "avatar", new byte[] {1, 2, 3});
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", "avatar"))) {
            assertThatThrownBy(() -> theirs.apply(ConnectRecords.toConnect(event))).isInstanceOf(DataException.class)
                    .hasMessageContaining("Cannot mask value of type");
        }
        assertThat((byte[]) one(ours("mask_field", Map.of("fields", "avatar")), event).value().get("avatar")).isEmpty();
    }

    @Test
    void differenceUuidAndJsonGetValidEmptyValuesWhereKafkaWritesEmptyStrings() throws Exception {
        ChangeEvent event = withValue(withValue(CdcInputs.of(11), "external_id", UUID.randomUUID()),
                "profile", "{\"a\":1}");
        Struct kafka;
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", "external_id,profile"))) {
            kafka = (Struct) theirs.apply(ConnectRecords.toConnect(event)).value();
        }
        Row ours = one(ours("mask_field", Map.of("fields", "external_id,profile")), event).value();
        assertThat(kafka.get("external_id")).isEqualTo("");
        assertThat(kafka.get("profile")).isEqualTo("");
        assertThat(ours.get("external_id")).isEqualTo(new UUID(0, 0));
        assertThat(ours.get("profile")).isEqualTo("null");
    }

    @Test
    void differenceEnumsAndNestedRowsAreConfigErrorsFoundBeforeRunning() throws Exception {
        CdcInputs inputs = CdcInputs.of(12);
        ChangeEvent event = withValue(inputs, "status", "banned");
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", "status"))) {
            assertThat(((Struct) theirs.apply(ConnectRecords.toConnect(event)).value()).get("status"))
                    .as("Kafka writes a string that is none of the enum's symbols").isEqualTo("");
        }
        EventShape shape = new EventShape(CdcInputs.TABLE, CdcInputs.TOPIC, inputs.keySchema(), inputs.tableSchema());
        assertThatThrownBy(() -> ours("mask_field", Map.of("fields", "status")).outputShapes(shape))
                .isInstanceOf(ConfigException.class).hasMessageContaining("enum has no empty value");

        ChangeEvent withAddress = inputs.flatRows(10).stream().filter(e -> e.value().get("address") != null)
                .findFirst().orElseThrow();
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", "address"))) {
            assertThatThrownBy(() -> theirs.apply(ConnectRecords.toConnect(withAddress)))
                    .isInstanceOf(DataException.class);
        }
        assertThatThrownBy(() -> ours("mask_field", Map.of("fields", "address")).outputShapes(shape))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nested row cannot be masked as a whole");
    }

    @Test
    void differenceKafkasDefaultTurnsNullsWithADefaultIntoTheDefault() throws Exception {
        ChangeEvent event = withValue(CdcInputs.of(13), "status", null);
        try (Transformation<SinkRecord> theirs = kafka(new MaskField.Value<>(), Map.of("fields", "name"), true)) {
            assertThat(((Struct) theirs.apply(ConnectRecords.toConnect(event)).value()).getWithoutDefault("status"))
                    .as("Kafka's replace.null.with.default=true copies the unmasked status's default").isEqualTo("active");
        }
        assertThat(one(ours("mask_field", Map.of("fields", "name")), event).value().get("status")).isNull();
    }

    /** A flat-row event whose {@code column} holds {@code value}. */
    static ChangeEvent withValue(CdcInputs inputs, String column, Object value) {
        ChangeEvent event = inputs.flatRows(1).get(0);
        return withValue(event, column, value);
    }

    static ChangeEvent withValue(ChangeEvent event, String column, Object value) {
        return event.withValue(event.value().toBuilder().set(column, value).build());
    }

    /** Connect's transform configured with Kafka's replace.null.with.default off: nulls copied as they are. */
    static Transformation<SinkRecord> kafka(Transformation<SinkRecord> transform, Map<String, String> config) {
        return kafka(transform, config, false);
    }

    static Transformation<SinkRecord> kafka(Transformation<SinkRecord> transform, Map<String, String> config,
                                            boolean replaceNullWithDefault) {
        Map<String, Object> all = new HashMap<>(config);
        all.put("replace.null.with.default", Boolean.toString(replaceNullWithDefault));
        transform.configure(all);
        return transform;
    }

    /** Our transform {@code type}, created through the catalog as the config loader does. */
    static Stage ours(String type, Map<String, ?> config) throws ConfigException {
        TransformFactory factory = ComponentCatalog.load().transform(type).orElseThrow();
        String keyPath = "transforms[0]";
        Options options = Options.of(keyPath + ".config", factory.spec().options(), config);
        return factory.create(options, null, new ComponentContext(factory.spec().name(), keyPath, null,
                Path.of("target"), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    static ChangeEvent one(Stage stage, ChangeEvent event) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
