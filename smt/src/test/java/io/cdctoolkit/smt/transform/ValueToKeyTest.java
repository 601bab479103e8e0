package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static io.cdctoolkit.smt.transform.Cdc.row;
import static io.cdctoolkit.smt.transform.Cdc.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueToKeyTest {

    private static final ValueToKeyFactory FACTORY = new ValueToKeyFactory();
    private static final EventShape ENVELOPE_SHAPE = new EventShape(Cdc.USERS, Cdc.TOPIC, Cdc.KEY, Cdc.ENVELOPE);

    private static Stage valueToKey(Object fields) throws ConfigException {
        return Cdc.create(FACTORY, Map.of("fields", fields));
    }

    @Test
    void aFlatRowsFieldsBecomeTheKeyInTheOrderNamed() throws Exception {
        ChangeEvent flat = ChangeEvent.builder(Cdc.USERS, Op.CREATE, Cdc.TOPIC).value(row(1, "Ann")).build();
        ChangeEvent out = run(valueToKey(List.of("name", "id")), flat).get(0);
        RowSchema keySchema = RowSchema.builder("pg.public.users.Key")
                .required("name", FieldType.STRING).required("id", FieldType.INT64).build();
        assertThat(out.key()).isEqualTo(Row.of(keySchema, "Ann", 1L));
        assertThat(out.value()).isSameAs(flat.value());
    }

    @Test
    void aCommaSeparatedListIsAcceptedAsKafkaWritesIt() throws Exception {
        ChangeEvent flat = ChangeEvent.builder(Cdc.USERS, Op.CREATE, Cdc.TOPIC).value(row(1, "Ann")).build();
        Row key = run(valueToKey("id, email"), flat).get(0).key();
        assertThat(key.schema().fields()).containsExactly(Field.required("id", FieldType.INT64),
                Field.optional("email", FieldType.STRING));
        assertThat(key.get(1)).isEqualTo("ann@example.com");
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"CREATE", "READ", "UPDATE"})
    void anEnvelopesKeyComesFromAfter(Op op) throws Exception {
        ChangeEvent event = Cdc.event(op, op == Op.UPDATE ? row(1, "Ann") : null, row(1, "Bob"));
        ChangeEvent out = run(valueToKey("name"), event).get(0);
        assertThat(out.key().get("name")).isEqualTo("Bob");
        assertThat(out.value()).as("the envelope is kept").isSameAs(event.value());
    }

    @Test
    void aDeletesKeyComesFromBefore() throws Exception {
        ChangeEvent out = run(valueToKey("id,name"), Cdc.delete(7, "Ann")).get(0);
        assertThat(out.key().get("id")).isEqualTo(7L);
        assertThat(out.key().get("name")).isEqualTo("Ann");
    }

    @Test
    void tombstonesAndTruncatesKeepTheirKey() throws Exception {
        ChangeEvent tombstone = Cdc.tombstone(7);
        assertThat(run(valueToKey("name"), tombstone)).containsExactly(tombstone);
        ChangeEvent truncate = Cdc.truncate();
        assertThat(run(valueToKey("name"), truncate)).containsExactly(truncate);
    }

    @Test
    void aNestedFieldBecomesAKeyFieldOfItsOwnName() throws Exception {
        ChangeEvent out = run(valueToKey("id,address.city"), Cdc.insert(1, "Ann")).get(0);
        assertThat(out.key().schema().fields()).containsExactly(Field.required("id", FieldType.INT64),
                Field.optional("city", FieldType.STRING));
        assertThat(out.key().get("city")).isEqualTo("Oslo");
        Row noAddress = Row.of(Cdc.ROW, 2L, "Bo", null, null);
        assertThat(run(valueToKey("address.city"), Cdc.event(Op.CREATE, null, noAddress)).get(0).key().get("city"))
                .as("a path through a null row reads null").isNull();
        Row key = run(valueToKey("address"), Cdc.insert(1, "Ann")).get(0).key();
        assertThat(key.get("address")).isEqualTo(Row.of(Cdc.ADDRESS, "Oslo", null));
    }

    @Test
    void twoPathsEndingInOneNameAreASchemaError() throws Exception {
        RowSchema row = RowSchema.builder("t.Value").required("city", FieldType.STRING)
                .required("address", new FieldType.Struct(Cdc.ADDRESS)).build();
        Stage stage = valueToKey("city,address.city");
        assertThatThrownBy(() -> stage.outputShapes(new EventShape(Cdc.USERS, Cdc.TOPIC, null, row)))
                .hasMessageContaining("'city' and 'address.city' would both be the key field 'city'");
    }

    @Test
    void aMissingFieldIsFoundByCheckAndFailsTheEventNamingIt() throws Exception {
        Stage stage = valueToKey("id,tenant");
        assertThatThrownBy(() -> stage.outputShapes(ENVELOPE_SHAPE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.pg.config.transforms[0].config.fields")
                .hasMessageContaining("no field 'tenant'")
                .hasMessageContaining("id, name, email, address");
        assertThatThrownBy(() -> run(stage, Cdc.insert(1, "Ann"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("value_to_key").hasMessageContaining("field 'tenant'")
                .hasMessageContaining("shop.public.users");
    }

    @Test
    void outputShapesChangeTheKeySchemaOnly() throws Exception {
        List<EventShape> shapes = valueToKey("email").outputShapes(ENVELOPE_SHAPE);
        RowSchema key = RowSchema.builder("pg.public.users.Key").optional("email", FieldType.STRING).build();
        assertThat(shapes).containsExactly(ENVELOPE_SHAPE.withKey(key));
        EventShape tombstone = ENVELOPE_SHAPE.withValue(null);
        assertThat(valueToKey("email").outputShapes(tombstone)).containsExactly(tombstone);
        RowSchema other = RowSchema.builder("orders").required("n", FieldType.INT32).build();
        assertThat(valueToKey("n").outputShapes(new EventShape(Cdc.USERS, "o", null, other)).get(0).key().name())
                .isEqualTo("orders.Key");
    }

    @Test
    void noFieldsIsAConfigError() {
        assertThatThrownBy(() -> valueToKey(List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms[0].config.fields");
        assertThatThrownBy(() -> Cdc.create(FACTORY, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("fields");
    }

    @Test
    void theKafkaClassNameIsAnAlias() {
        assertThat(ComponentCatalog.load().transform("org.apache.kafka.connect.transforms.ValueToKey")).get()
                .isInstanceOf(ValueToKeyFactory.class);
    }
}
