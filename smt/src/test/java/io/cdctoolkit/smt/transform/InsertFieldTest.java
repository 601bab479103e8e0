package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.smt.transform.Transforms.create;
import static io.cdctoolkit.smt.transform.Transforms.one;
import static io.cdctoolkit.smt.transform.Transforms.shapes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsertFieldTest {

    static final RowSchema USERS = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).optional("name", FieldType.STRING).build();

    @Test
    void insertsMetadataFieldsInKafkaOrderAfterTheRowsFields() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("static.value", "eu-west");
        config.put("static.field", "region!");
        config.put("timestamp.field", "changed_at");
        config.put("offset.field", "position");
        config.put("partition.field", "partition");
        config.put("topic.field", "topic!");
        Stage insert = create("org.apache.kafka.connect.transforms.InsertField$Value", config);

        Row out = one(insert, Transforms.flat(Row.of(USERS, 1L, "Ada"))).value();

        assertThat(out.schema().fields()).containsExactly(
                Field.required("id", FieldType.INT64), Field.optional("name", FieldType.STRING),
                Field.required("topic", FieldType.STRING), Field.optional("partition", FieldType.INT32),
                Field.optional("position", FieldType.STRING), Field.optional("changed_at", FieldType.TIMESTAMP_TZ),
                Field.required("region", FieldType.STRING));
        assertThat(out.get("id")).isEqualTo(1L);
        assertThat(out.get("topic")).isEqualTo(Transforms.TOPIC);
        assertThat(out.get("partition")).isNull();
        assertThat(out.get("position")).isEqualTo("lsn=2345");
        assertThat(out.get("changed_at")).isEqualTo(Transforms.SOURCE_TS);
        assertThat(out.get("region")).isEqualTo("eu-west");
    }

    @Test
    void staticFieldsMapAddsStringsInOrder() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("env", "prod");
        fields.put("version!", 3);
        Stage insert = create("insert_field", Map.of("static_fields", fields));
        Row out = one(insert, Transforms.flat(Row.of(USERS, 1L, "Ada"))).value();
        assertThat(out.schema().fields().subList(2, 4)).containsExactly(Field.optional("env", FieldType.STRING),
                Field.required("version", FieldType.STRING));
        assertThat(out.get("env")).isEqualTo("prod");
        assertThat(out.get("version")).isEqualTo("3");
    }

    @Test
    void envelopeGetsTheFieldInAfterOnlyUnlessApplyToBefore() throws Exception {
        Row before = Row.of(USERS, 1L, "Ada");
        Row after = Row.of(USERS, 1L, "Ada L.");
        Stage afterOnly = create("insert_field", Map.of("static_field", "src", "static_value", "pg"));
        ChangeEvent update = one(afterOnly, Transforms.envelope(Op.UPDATE, USERS, before, after));
        assertThat(Envelope.before(update.value())).isEqualTo(before);
        assertThat(Envelope.after(update.value()).get("src")).isEqualTo("pg");
        assertThat(Envelope.after(update.value()).get("name")).isEqualTo("Ada L.");

        ChangeEvent delete = one(afterOnly, Transforms.envelope(Op.DELETE, USERS, before, null));
        assertThat(Envelope.before(delete.value())).isEqualTo(before);
        assertThat(Envelope.after(delete.value())).isNull();

        Stage both = create("insert_field", Map.of("static_field", "src", "static_value", "pg", "apply_to_before", true));
        ChangeEvent updated = one(both, Transforms.envelope(Op.UPDATE, USERS, before, after));
        assertThat(Envelope.before(updated.value()).get("src")).isEqualTo("pg");
        assertThat(Envelope.after(updated.value()).get("src")).isEqualTo("pg");
        ChangeEvent created = one(both, Transforms.envelope(Op.CREATE, USERS, null, after));
        assertThat(Envelope.before(created.value())).isNull();
        assertThat(Envelope.after(created.value()).get("src")).isEqualTo("pg");
    }

    @Test
    void outputShapeShowsTheInsertedFields() throws Exception {
        Stage insert = create("insert_field", Map.of("topic_field", "topic"));
        RowSchema envelope = Transforms.envelopeSchema(USERS);
        RowSchema out = shapes(insert, envelope).get(0).value();
        assertThat(Envelope.rowSchema(out).field("topic")).isEqualTo(Field.optional("topic", FieldType.STRING));
        assertThat(((FieldType.Struct) out.field(Envelope.BEFORE_INDEX).type()).schema()).isEqualTo(USERS);
    }

    @Test
    void anExistingFieldIsAConfigErrorAtTheOption() throws Exception {
        Stage insert = create("insert_field", Map.of("topic.field", "name"));
        assertThatThrownBy(() -> shapes(insert, USERS)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(Transforms.KEY_PATH + ".config.topic_field")
                .hasMessageContaining("already has a field 'name'");
    }

    @Test
    void tombstonesPassAndKeyVariantChangesTheKey() throws Exception {
        Stage insert = create("insert_field", Map.of("topic_field", "topic"));
        ChangeEvent tombstone = Transforms.tombstone(null);
        assertThat(one(insert, tombstone)).isSameAs(tombstone);

        RowSchema keySchema = RowSchema.builder("k").required("id", FieldType.INT64).build();
        for (String type : List.of("insert_field_key", "org.apache.kafka.connect.transforms.InsertField$Key")) {
            Stage key = create(type, Map.of("topic_field", "topic"));
            ChangeEvent out = one(key, Transforms.event(Op.CREATE, Row.of(keySchema, 1L), Row.of(USERS, 1L, "Ada")));
            assertThat(out.key().get("topic")).as(type).isEqualTo(Transforms.TOPIC);
            assertThat(out.value()).as(type).isEqualTo(Row.of(USERS, 1L, "Ada"));
            ChangeEvent deleted = one(key, Transforms.tombstone(Row.of(keySchema, 1L)));
            assertThat(deleted.key().get("topic")).as(type + " on a tombstone's key").isEqualTo(Transforms.TOPIC);
        }
    }

    @Test
    void requiredMetadataTheEventLacksIsAnErrorNamingTheField() throws Exception {
        Stage insert = create("insert_field", Map.of("timestamp_field", "changed_at!"));
        ChangeEvent noTime = ChangeEvent.builder(Transforms.TABLE, Op.CREATE, Transforms.TOPIC)
                .value(Row.of(USERS, 1L, "Ada")).build();
        assertThatThrownBy(() -> one(insert, noTime)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("changed_at").hasMessageContaining("source timestamp");
        Stage optional = create("insert_field", Map.of("timestamp_field", "changed_at", "offset_field", "pos"));
        Row out = one(optional, noTime).value();
        assertThat(out.get("changed_at")).isNull();
        assertThat(out.get("pos")).isNull();
    }

    @Test
    void configProblemsAreFoundAtLoad() {
        assertThatThrownBy(() -> create("insert_field", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no field to insert");
        assertThatThrownBy(() -> create("insert_field", Map.of("static_field", "a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.static_value");
        assertThatThrownBy(() -> create("insert_field", Map.of("static_value", "a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.static_field");
        assertThatThrownBy(() -> create("insert_field", Map.of("partition_field", "p!")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.partition_field")
                .hasMessageContaining("cannot be required");
        assertThatThrownBy(() -> create("insert_field", Map.of("topic_field", "x", "offset_field", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("inserted twice");
        assertThatThrownBy(() -> create("insert_field", Map.of("static_fields", Map.of("a", List.of(1)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.static_fields.a");
    }
}
