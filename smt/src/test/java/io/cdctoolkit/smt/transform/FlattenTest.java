package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlattenTest {

    private static final RowSchema CITY = RowSchema.builder("geo").required("lat", FieldType.FLOAT64)
            .optional("lon", FieldType.FLOAT64).build();
    private static final RowSchema ADDRESS = RowSchema.builder("address").required("city", FieldType.STRING)
            .required("geo", new FieldType.Struct(CITY)).build();
    private static final RowSchema EMPTY = RowSchema.builder("empty").build();
    private static final RowSchema CUSTOMER = RowSchema.builder("customer")
            .required("id", FieldType.INT64)
            .optional("address", new FieldType.Struct(ADDRESS))
            .required("tags", new FieldType.Array(new FieldType.Struct(CITY)))
            .required("attrs", new FieldType.MapType(FieldType.STRING))
            .required("nothing", new FieldType.Struct(EMPTY))
            .required("note", FieldType.STRING)
            .build();

    private final FlattenFactory factory = new FlattenFactory();

    private static Row customer(Row address) {
        return Row.of(CUSTOMER, 7L, address, List.of(Row.of(CITY, 1.0, 2.0)), Map.of("k", "v"), Row.of(EMPTY), "n");
    }

    private static Row address() {
        return Row.of(ADDRESS, "Oslo", Row.of(CITY, 59.9, 10.7));
    }

    private static ChangeEvent flat(Row value) {
        return ChangeEvent.builder(TestEvents.USERS, Op.CREATE, TestEvents.TOPIC).value(value).build();
    }

    private static List<String> names(RowSchema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    @Test
    void nestedRowsBecomeTopLevelFieldsInSchemaOrderArraysAndMapsKept() throws Exception {
        Stage flatten = Transforms.create(factory, Map.of());
        Row out = Transforms.one(flatten, flat(customer(address()))).value();
        assertThat(names(out.schema()))
                .containsExactly("id", "address.city", "address.geo.lat", "address.geo.lon", "tags", "attrs", "note");
        assertThat(out.values()).containsExactly(7L, "Oslo", 59.9, 10.7, List.of(Row.of(CITY, 1.0, 2.0)),
                Map.of("k", "v"), "n");
        assertThat(out.schema().field("tags").type()).isEqualTo(new FieldType.Array(new FieldType.Struct(CITY)));
        assertThat(out.schema().name()).isEqualTo("customer");
    }

    @Test
    void fieldsUnderAnOptionalRowBecomeOptionalAndANullRowGivesNulls() throws Exception {
        Stage flatten = Transforms.create(factory, Map.of());
        Row out = Transforms.one(flatten, flat(customer(null))).value();
        assertThat(out.schema().field("address.city").optional()).isTrue();
        assertThat(out.schema().field("address.geo.lat").optional()).isTrue();
        assertThat(out.schema().field("id").optional()).isFalse();
        assertThat(out.schema().field("note").optional()).isFalse();
        assertThat(out.get("address.city")).isNull();
        assertThat(out.get("address.geo.lat")).isNull();
    }

    @Test
    void theDelimiterJoinsNames() throws Exception {
        Stage flatten = Transforms.create(factory, Map.of("delimiter", "__"));
        Row out = Transforms.one(flatten, flat(customer(address()))).value();
        assertThat(names(out.schema())).contains("address__geo__lat");
    }

    @Test
    void maxDepthKeepsDeeperRowsNested() throws Exception {
        Stage flatten = Transforms.create(factory, Map.of("max_depth", 1));
        Row out = Transforms.one(flatten, flat(customer(address()))).value();
        assertThat(names(out.schema())).containsExactly("id", "address.city", "address.geo", "tags", "attrs", "note");
        assertThat(out.get("address.geo")).isEqualTo(Row.of(CITY, 59.9, 10.7));
        assertThat(out.schema().field("address.geo").optional()).as("under an optional row").isTrue();
    }

    @Test
    void collisionsAreSchemaErrorsNamingBothPaths() throws Exception {
        RowSchema schema = RowSchema.builder("t").required("a.b", FieldType.INT32)
                .required("a", new FieldType.Struct(RowSchema.builder("a").required("b", FieldType.INT32).build()))
                .build();
        Stage flatten = Transforms.create(factory, Map.of());
        assertThatThrownBy(() -> flatten.outputShapes(new EventShape(TestEvents.USERS, "t", null, schema)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms[0].config.delimiter")
                .hasMessageContaining("two fields named 'a.b': 'a.b' and 'a' > 'b'");
        assertThatThrownBy(() -> flatten.apply(flat(Row.of(schema, 1, Row.of(((FieldType.Struct) schema.field(1).type())
                .schema(), 2))), e -> { }))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("'a' > 'b'");
    }

    @Test
    void anEnvelopeHasItsBeforeAndAfterFlattenedNotItself() throws Exception {
        RowSchema envelope = Envelope.schema("shop.public.customer", CUSTOMER, TestEvents.SOURCE_SCHEMA);
        Row before = customer(null);
        Row after = customer(address());
        Row value = Envelope.row(envelope, before, after, Row.of(TestEvents.SOURCE_SCHEMA,
                new Object[TestEvents.SOURCE_SCHEMA.size()]), Op.UPDATE, null);
        Stage flatten = Transforms.create(factory, Map.of());
        Row out = Transforms.one(flatten, flat(value)).value();
        assertThat(Envelope.isEnvelope(out.schema())).isTrue();
        assertThat(Envelope.after(out).get("address.geo.lat")).isEqualTo(59.9);
        assertThat(Envelope.before(out).get("address.city")).isNull();
        assertThat(names(Envelope.rowSchema(out.schema()))).contains("address.city");
        assertThat(flatten.outputShapes(new EventShape(TestEvents.USERS, "t", null, envelope)))
                .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(out.schema()));
    }

    @Test
    void aFlatRowIsLeftAsItIsAndTombstonesPass() throws Exception {
        Stage flatten = Transforms.create(factory, Map.of());
        ChangeEvent event = TestEvents.insert(1, "a");
        assertThat(Transforms.one(flatten, event).value()).isEqualTo(event.value());
        ChangeEvent tombstone = ChangeEvent.builder(TestEvents.USERS, Op.DELETE, "t").build();
        assertThat(Transforms.one(flatten, tombstone)).isSameAs(tombstone);
    }

    @Test
    void theKeyVariantFlattensTheKey() throws Exception {
        Stage flatten = Transforms.create(new FlattenKeyFactory(), Map.of("delimiter", "_"));
        ChangeEvent event = ChangeEvent.builder(TestEvents.USERS, Op.CREATE, "t").key(address())
                .value(TestEvents.insert(1, "a").value()).build();
        ChangeEvent out = Transforms.one(flatten, event);
        assertThat(names(out.key().schema())).containsExactly("city", "geo_lat", "geo_lon");
        assertThat(out.value()).isSameAs(event.value());
        assertThat(new FlattenKeyFactory().spec().aliases()).containsExactly("org.apache.kafka.connect.transforms.Flatten$Key");
    }

    @Test
    void defaultsOfNestedFieldsAreKept() throws Exception {
        RowSchema inner = RowSchema.of("inner", new Field("x", FieldType.INT32, true, 5, "doc"));
        RowSchema outer = RowSchema.builder("outer").required("in", new FieldType.Struct(inner)).build();
        Stage flatten = Transforms.create(factory, Map.of());
        RowSchema out = flatten.outputShapes(new EventShape(TestEvents.USERS, "t", null, outer)).get(0).value();
        assertThat(out.fields()).containsExactly(new Field("in.x", FieldType.INT32, true, 5, "doc"));
    }
}
