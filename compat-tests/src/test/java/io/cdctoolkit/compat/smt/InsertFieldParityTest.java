package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Stage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.cdctoolkit.compat.smt.MaskFieldParityTest.kafka;
import static io.cdctoolkit.compat.smt.MaskFieldParityTest.one;
import static io.cdctoolkit.compat.smt.MaskFieldParityTest.ours;
import static io.cdctoolkit.compat.smt.MaskFieldParityTest.withValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * insert_field vs Kafka Connect 4.1.1 {@code InsertField} (docs/transforms.md, "insert_field"): topic,
 * timestamp and static fields are equal records (Connect's record timestamp is the source time);
 * offset and partition are documented differences.
 */
class InsertFieldParityTest {

    static final Map<String, String> CONFIG = Map.of("topic.field", "topic!", "timestamp.field", "changed_at",
            "static.field", "region", "static.value", "eu-west");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void flatRowsGetTheSameFieldsAsKafka(long seed) throws Exception {
        CdcInputs inputs = CdcInputs.of(seed);
        Stage ours = ours("insert_field", CONFIG);
        try (Transformation<SinkRecord> theirs = kafka(new InsertField.Value<>(), CONFIG)) {
            for (ChangeEvent event : inputs.flatRows(60)) {
                ParityAssertions.assertSameRecord(one(ours, event), theirs.apply(ConnectRecords.toConnect(event)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void envelopesGetTheFieldsInAfterAsKafkaInsertsIntoThatRow(long seed) throws Exception {
        CdcInputs inputs = CdcInputs.of(seed);
        Stage ours = ours("insert_field", CONFIG);
        Stage both = ours("insert_field", withApplyToBefore());
        try (Transformation<SinkRecord> theirs = kafka(new InsertField.Value<>(), CONFIG)) {
            for (ChangeEvent event : inputs.envelopes(60)) {
                ChangeEvent out = one(ours, event);
                assertThat(Envelope.before(out.value())).isEqualTo(Envelope.before(event.value()));
                assertSide(out, event, Envelope.AFTER_INDEX, theirs);

                ChangeEvent outBoth = one(both, event);
                assertSide(outBoth, event, Envelope.BEFORE_INDEX, theirs);
                assertSide(outBoth, event, Envelope.AFTER_INDEX, theirs);
                assertThat(Envelope.source(outBoth.value())).isEqualTo(Envelope.source(event.value()));
            }
        }
    }

    @Test
    void tombstonesPassInBoth() throws Exception {
        CdcInputs inputs = CdcInputs.of(6);
        Stage ours = ours("insert_field", CONFIG);
        try (Transformation<SinkRecord> theirs = kafka(new InsertField.Value<>(), CONFIG)) {
            for (int i = 0; i < 5; i++) {
                ChangeEvent tombstone = inputs.tombstone();
                ParityAssertions.assertSameRecord(one(ours, tombstone), theirs.apply(ConnectRecords.toConnect(tombstone)));
            }
        }
    }

    @Test
    void keyVariantLikeKafka() throws Exception {
        CdcInputs inputs = CdcInputs.of(7);
        Stage ours = ours("org.apache.kafka.connect.transforms.InsertField$Key", CONFIG);
        try (Transformation<SinkRecord> theirs = kafka(new InsertField.Key<>(), CONFIG)) {
            for (ChangeEvent event : inputs.allShapes(30)) {
                ParityAssertions.assertSameRecord(one(ours, event), theirs.apply(ConnectRecords.toConnect(event)));
            }
        }
    }

    @Test
    void differenceOffsetIsTheSourcePositionAndPartitionIsUnknown() throws Exception {
        ChangeEvent event = CdcInputs.of(8).flatRows(1).get(0);
        Struct kafka;
        try (Transformation<SinkRecord> theirs = kafka(new InsertField.Value<>(),
                Map.of("offset.field", "offset", "partition.field", "partition"))) {
            kafka = (Struct) theirs.apply(ConnectRecords.toConnect(event)).value();
        }
        Row ours = one(ours("insert_field", Map.of("offset.field", "offset", "partition.field", "partition")), event)
                .value();
        assertThat(kafka.schema().field("offset").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(kafka.get("offset")).as("the sink record's Kafka offset").isEqualTo(0L);
        assertThat(kafka.get("partition")).as("the sink record's partition").isEqualTo(0);
        assertThat(ours.get("offset")).isEqualTo(event.position().describe());
        assertThat((String) ours.get("offset")).startsWith("lsn=");
        assertThat(ours.get("partition")).isNull();
    }

    @Test
    void differenceAnExistingFieldIsFoundBeforeRunning() throws Exception {
        CdcInputs inputs = CdcInputs.of(9);
        ChangeEvent event = inputs.flatRows(1).get(0);
        try (Transformation<SinkRecord> theirs = kafka(new InsertField.Value<>(), Map.of("topic.field", "name"))) {
            assertThatThrownBy(() -> theirs.apply(ConnectRecords.toConnect(event))).isInstanceOf(RuntimeException.class);
        }
        EventShape shape = new EventShape(CdcInputs.TABLE, CdcInputs.TOPIC, inputs.keySchema(), inputs.tableSchema());
        assertThatThrownBy(() -> ours("insert_field", Map.of("topic.field", "name")).outputShapes(shape))
                .isInstanceOf(ConfigException.class).hasMessageContaining("already has a field 'name'");
    }

    @Test
    void differenceKafkasDefaultTurnsNullsWithADefaultIntoTheDefault() throws Exception {
        ChangeEvent event = withValue(CdcInputs.of(10), "status", null);
        try (Transformation<SinkRecord> theirs = kafka(new InsertField.Value<>(), CONFIG, true)) {
            assertThat(((Struct) theirs.apply(ConnectRecords.toConnect(event)).value()).getWithoutDefault("status"))
                    .isEqualTo("active");
        }
        assertThat(one(ours("insert_field", CONFIG), event).value().get("status")).isNull();
    }

    private static void assertSide(ChangeEvent out, ChangeEvent in, int side, Transformation<SinkRecord> theirs) {
        Row inRow = (Row) in.value().get(side);
        Row outRow = (Row) out.value().get(side);
        if (inRow == null) {
            assertThat(outRow).isNull();
            return;
        }
        ParityAssertions.assertSameRecord(out.withValue(outRow), theirs.apply(ConnectRecords.toConnect(in.withValue(inRow))));
    }

    private static Map<String, Object> withApplyToBefore() {
        Map<String, Object> config = new java.util.HashMap<>(CONFIG);
        config.put("apply_to_before", true);
        return config;
    }
}
