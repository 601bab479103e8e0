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
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.ValueToKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our {@code value_to_key} against Kafka Connect's {@link ValueToKey}. On flat rows the records must be
 * the same except the key schema's name (Kafka's is an unnamed struct; ours is {@code pg.public.users.Key},
 * see {@link #ourKeySchemaHasTheTablesKeyName}). Kafka runs with {@code replace.null.with.default=false}:
 * its default puts column defaults in the key where the value is null, which ours never does
 * ({@link #kafkasDefaultReplacesNullsWhereOursKeepsThem}). On envelopes ours reads the row (documented
 * difference): its key is Kafka's key of the flat {@code after} (or {@code before}) row.
 */
class ValueToKeyParityTest {

    /** Comparison for every test here: the key schema's name is the documented difference. */
    private static final Comparison KEY_NAME_DIFFERS = Comparison.STRICT.ignoringSchemaNames();

    @ParameterizedTest(name = "fields: {0}")
    @ValueSource(strings = {"id", "name,id", "nickname", "status", "price,rate,total", "birth_date,wake_time,created_at",
            "updated_at,external_id,profile", "active,tiny,small,visits,big,ratio,score", "avatar",
            "tags,counters", "address", "address,id,status"})
    void sameRecordsAsKafkaOnFlatRows(String fields) throws Exception {
        Stage ours = ours(fields);
        try (ValueToKey<SinkRecord> theirs = kafka(fields)) {
            for (ChangeEvent event : CdcInputs.of(fields.hashCode()).flatRows(90)) {
                ParityAssertions.assertSameRecord(run(ours, event), theirs.apply(ConnectRecords.toConnect(event)),
                        KEY_NAME_DIFFERS);
            }
        }
    }

    @Test
    void onAnEnvelopeTheKeyIsKafkasKeyOfTheRow() throws Exception {
        String fields = "id,name,address";
        Stage ours = ours(fields);
        try (ValueToKey<SinkRecord> theirs = kafka(fields)) {
            for (ChangeEvent event : CdcInputs.of(3).envelopes(80)) {
                Row value = event.value();
                Row row = Envelope.after(value) != null ? Envelope.after(value) : Envelope.before(value);
                SinkRecord kafkaOnRow = theirs.apply(ConnectRecords.toConnect(event.withValue(row)));
                ChangeEvent out = run(ours, event);
                assertThat(out.value()).as("the envelope is kept").isSameAs(value);
                ParityAssertions.assertSameRecord(out.withValue(row), kafkaOnRow, KEY_NAME_DIFFERS);
                if (event.op() == Op.DELETE) assertThat(out.key().get("id")).isEqualTo(Envelope.before(value).get("id"));
            }
            ChangeEvent insert = CdcInputs.of(4).envelope(Op.CREATE);
            assertThatThrownBy(() -> theirs.apply(ConnectRecords.toConnect(insert)))
                    .as("Kafka's reads the envelope's top level").isInstanceOf(DataException.class)
                    .hasMessageContaining("id");
        }
    }

    @Test
    void tombstonesPassWhereKafkaFails() throws Exception {
        ChangeEvent tombstone = CdcInputs.of(6).tombstone();
        assertThat(run(ours("id"), tombstone)).isSameAs(tombstone);
        try (ValueToKey<SinkRecord> theirs = kafka("id")) {
            assertThatThrownBy(() -> theirs.apply(ConnectRecords.toConnect(tombstone))).isInstanceOf(DataException.class);
        }
    }

    @Test
    void ourKeySchemaHasTheTablesKeyName() throws Exception {
        ChangeEvent flat = CdcInputs.of(8).flatRow(Op.CREATE);
        try (ValueToKey<SinkRecord> theirs = kafka("id")) {
            assertThat(theirs.apply(ConnectRecords.toConnect(flat)).keySchema().name()).isNull();
        }
        assertThat(run(ours("id"), flat).key().schema().name()).isEqualTo("pg.public.users.Key");
    }

    @Test
    void kafkasDefaultReplacesNullsWhereOursKeepsThem() throws Exception {
        ChangeEvent withNullStatus = CdcInputs.of(9).flatRows(200).stream()
                .filter(e -> e.value().get("status") == null).findFirst().orElseThrow();
        SinkRecord theirs;
        try (ValueToKey<SinkRecord> smt = new ValueToKey<>()) {
            smt.configure(Map.of("fields", "status"));
            theirs = smt.apply(ConnectRecords.toConnect(withNullStatus));
        }
        assertThat(((org.apache.kafka.connect.data.Struct) theirs.key()).get("status")).isEqualTo("active");
        assertThat(run(ours("status"), withNullStatus).key().get("status")).isNull();
    }

    private static ValueToKey<SinkRecord> kafka(String fields) {
        ValueToKey<SinkRecord> smt = new ValueToKey<>();
        smt.configure(Map.of("fields", fields, "replace.null.with.default", "false"));
        return smt;
    }

    private static Stage ours(String fields) throws Exception {
        TransformFactory factory = ComponentCatalog.load().transform("org.apache.kafka.connect.transforms.ValueToKey")
                .orElseThrow();
        String keyPath = "transforms[0]";
        Options options = Options.of(keyPath + ".config", factory.spec().options(), Map.of("fields", fields));
        assertThat(factory.validate(options)).isEmpty();
        return factory.create(options, null, new ComponentContext(factory.spec().name(), keyPath, null,
                Path.of("target", "parity-state"), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    private static ChangeEvent run(Stage stage, ChangeEvent event) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
