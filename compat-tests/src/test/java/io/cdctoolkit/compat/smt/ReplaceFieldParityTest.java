package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Stage;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.cdctoolkit.compat.smt.MaskFieldParityTest.kafka;
import static io.cdctoolkit.compat.smt.MaskFieldParityTest.one;
import static io.cdctoolkit.compat.smt.MaskFieldParityTest.ours;
import static io.cdctoolkit.compat.smt.MaskFieldParityTest.withValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * replace_field vs Kafka Connect 4.1.1 {@code ReplaceField} (docs/transforms.md, "replace_field"):
 * include/exclude/renames give equal records on flat rows, on each row of an envelope and on keys.
 */
class ReplaceFieldParityTest {

    /** Exclude wins over include; filtering on original names; a swap and a rename onto a freed name. */
    static final List<Map<String, String>> CONFIGS = List.of(
            Map.of("exclude", "avatar,profile,address"),
            Map.of("include", "id,name,nickname,price,status,address", "exclude", "nickname"),
            Map.of("renames", "name:nickname,nickname:name,price:cost"),
            Map.of("exclude", "name", "renames", "nickname:name,tags:labels"),
            Map.of("include", "id,visits,updated_at,counters", "renames", "visits:visit_count,counters:stats"));

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void flatRowsLikeKafka(int config) throws Exception {
        CdcInputs inputs = CdcInputs.of(config + 1);
        Stage ours = ours("replace_field", CONFIGS.get(config));
        try (Transformation<SinkRecord> theirs = kafka(new ReplaceField.Value<>(), CONFIGS.get(config))) {
            for (ChangeEvent event : inputs.flatRows(40)) {
                ParityAssertions.assertSameRecord(one(ours, event), theirs.apply(ConnectRecords.toConnect(event)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3})
    void envelopesChangeBothRowsAsKafkaChangesEachRow(int config) throws Exception {
        CdcInputs inputs = CdcInputs.of(config + 10);
        Stage ours = ours("rename_field", CONFIGS.get(config));
        try (Transformation<SinkRecord> theirs = kafka(new ReplaceField.Value<>(), CONFIGS.get(config))) {
            for (ChangeEvent event : inputs.envelopes(40)) {
                ChangeEvent out = one(ours, event);
                for (int side : new int[] {Envelope.BEFORE_INDEX, Envelope.AFTER_INDEX}) {
                    Row in = (Row) event.value().get(side);
                    Row replaced = (Row) out.value().get(side);
                    if (in == null) {
                        assertThat(replaced).isNull();
                        continue;
                    }
                    ParityAssertions.assertSameRecord(out.withValue(replaced),
                            theirs.apply(ConnectRecords.toConnect(event.withValue(in))));
                }
                assertThat(Envelope.source(out.value())).isEqualTo(Envelope.source(event.value()));
            }
        }
    }

    @Test
    void tombstonesAndKeysLikeKafka() throws Exception {
        CdcInputs inputs = CdcInputs.of(20);
        Map<String, String> config = Map.of("renames", "id:user_id");
        Stage ours = ours("replace_field_key", config);
        Stage value = ours("replace_field", Map.of("exclude", "name"));
        try (Transformation<SinkRecord> theirs = kafka(new ReplaceField.Key<>(), config);
             Transformation<SinkRecord> theirsValue = kafka(new ReplaceField.Value<>(), Map.of("exclude", "name"))) {
            for (ChangeEvent event : inputs.allShapes(36)) {
                ParityAssertions.assertSameRecord(one(ours, event), theirs.apply(ConnectRecords.toConnect(event)));
                if (event.isTombstone()) {
                    ParityAssertions.assertSameRecord(one(value, event),
                            theirsValue.apply(ConnectRecords.toConnect(event)));
                }
            }
        }
    }

    @Test
    void replaceNullWithDefaultTrueIsKafkasDefault() throws Exception {
        CdcInputs inputs = CdcInputs.of(21);
        Stage fill = ours("replace_field", Map.of("exclude", "avatar", "replace_null_with_default", true));
        Stage keep = ours("replace_field", Map.of("exclude", "avatar"));
        try (Transformation<SinkRecord> theirs = kafka(new ReplaceField.Value<>(), Map.of("exclude", "avatar"), true)) {
            for (int i = 0; i < 20; i++) {
                ChangeEvent event = withValue(inputs, "status", null);
                ParityAssertions.assertSameRecord(one(fill, event), theirs.apply(ConnectRecords.toConnect(event)));
                assertThat(one(fill, event).value().get("status")).isEqualTo("active");
                assertThat(one(keep, event).value().get("status")).as("our default keeps the null").isNull();
            }
        }
    }

    @Test
    void differenceCollisionsAndMissingFieldsAreFoundBeforeRunning() throws Exception {
        CdcInputs inputs = CdcInputs.of(22);
        EventShape shape = new EventShape(CdcInputs.TABLE, CdcInputs.TOPIC, inputs.keySchema(), inputs.tableSchema());
        ChangeEvent event = inputs.flatRows(1).get(0);
        try (Transformation<SinkRecord> theirs = kafka(new ReplaceField.Value<>(), Map.of("renames", "nickname:name"))) {
            assertThatThrownBy(() -> theirs.apply(ConnectRecords.toConnect(event))).isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> ours("replace_field", Map.of("renames", "nickname:name")).outputShapes(shape))
                .isInstanceOf(ConfigException.class).hasMessageContaining("collides with the kept field 'name'");

        try (Transformation<SinkRecord> theirs = kafka(new ReplaceField.Value<>(), Map.of("exclude", "pasword"))) {
            assertThat(((org.apache.kafka.connect.data.Struct) theirs.apply(ConnectRecords.toConnect(event)).value())
                    .schema().fields()).as("Kafka ignores the typo").hasSize(inputs.tableSchema().size());
        }
        assertThatThrownBy(() -> ours("replace_field", Map.of("exclude", "pasword")).outputShapes(shape))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no field 'pasword'");
    }
}
