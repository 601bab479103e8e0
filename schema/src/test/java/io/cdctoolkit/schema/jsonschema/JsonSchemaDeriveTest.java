package io.cdctoolkit.schema.jsonschema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class JsonSchemaDeriveTest {

    private final JsonSchemaFormat format = new JsonSchemaFormat();

    /** The FieldType → JSON Schema table of docs/formats/json-schema.md, one row per case. */
    static Stream<Arguments> fieldTypes() {
        FieldType address = new FieldType.Struct(Rows.ADDRESS);
        return Stream.of(
                arguments(FieldType.BOOLEAN, "{'type':'boolean','cdc.type':'boolean'}"),
                arguments(FieldType.INT8, "{'type':'integer','minimum':-128,'maximum':127,'connect.type':'int8','cdc.type':'int8'}"),
                arguments(FieldType.INT16, "{'type':'integer','minimum':-32768,'maximum':32767,'connect.type':'int16','cdc.type':'int16'}"),
                arguments(FieldType.INT32, "{'type':'integer','minimum':-2147483648,'maximum':2147483647,'connect.type':'int32','cdc.type':'int32'}"),
                arguments(FieldType.INT64, "{'type':'integer','connect.type':'int64','cdc.type':'int64'}"),
                arguments(FieldType.FLOAT32, "{'oneOf':[{'type':'number','connect.type':'float32'},{'enum':['NaN','Infinity','-Infinity']}],'cdc.type':'float32'}"),
                arguments(FieldType.FLOAT64, "{'oneOf':[{'type':'number','connect.type':'float64'},{'enum':['NaN','Infinity','-Infinity']}],'cdc.type':'float64'}"),
                arguments(FieldType.STRING, "{'type':'string','cdc.type':'string'}"),
                arguments(FieldType.BYTES, "{'type':'string','contentEncoding':'base64','connect.type':'bytes','cdc.type':'bytes'}"),
                arguments(new FieldType.Decimal(10, 2), "{'type':'string','pattern':'^-?[0-9]+(\\\\.[0-9]+)?$','cdc.precision':10,'cdc.scale':2,'cdc.type':'decimal'}"),
                arguments(FieldType.DATE, "{'type':'string','format':'date','pattern':'^[0-9]{4}-[0-9]{2}-[0-9]{2}$','cdc.type':'date'}"),
                arguments(FieldType.TIME, "{'type':'string','pattern':'^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\\\.[0-9]{6}$','cdc.type':'time'}"),
                arguments(FieldType.TIMESTAMP, "{'type':'string','format':'date-time','pattern':'" + TIMESTAMP_PATTERN + "','cdc.type':'timestamp'}"),
                arguments(FieldType.TIMESTAMP_TZ, "{'type':'string','format':'date-time','pattern':'" + TIMESTAMP_PATTERN + "','cdc.type':'timestamp_tz'}"),
                arguments(FieldType.UUID, "{'type':'string','format':'uuid','pattern':'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$','cdc.type':'uuid'}"),
                arguments(FieldType.JSON, "{'type':'string','contentMediaType':'application/json','cdc.type':'json'}"),
                arguments(new FieldType.Enum(List.of("a", "b c")), "{'enum':['a','b c'],'cdc.type':'enum'}"),
                arguments(new FieldType.Array(FieldType.INT64),
                        "{'type':'array','items':{'oneOf':[{'type':'null'},{'type':'integer','connect.type':'int64','cdc.type':'int64'}]},'cdc.type':'array'}"),
                arguments(new FieldType.MapType(FieldType.STRING),
                        "{'type':'object','additionalProperties':{'oneOf':[{'type':'null'},{'type':'string','cdc.type':'string'}]},'connect.type':'map','cdc.type':'map'}"),
                arguments(address, "{'$ref':'#/definitions/db.public.address'}"));
    }

    private static final String TIMESTAMP_PATTERN =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\\\.[0-9]{6}Z$";

    @Test
    void theTableCoversEveryKind() {
        Set<FieldType.Kind> covered = EnumSet.noneOf(FieldType.Kind.class);
        fieldTypes().forEach(a -> covered.add(((FieldType) a.get()[0]).kind()));
        assertThat(covered).containsExactlyInAnyOrder(FieldType.Kind.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldTypes")
    void requiredFieldOfEachTypeIsItsTypeSchema(FieldType type, String expected) {
        JsonNode doc = derive("t", false, RowSchema.builder("t.Value").required("v", type).build());

        assertThat(withoutIndex(doc.at("/properties/v"))).isEqualTo(json(expected));
        assertThat(doc.at("/properties/v/connect.index").asInt(-1)).isEqualTo(0);
        assertThat(names(doc.get("required"))).containsExactly("v");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldTypes")
    void optionalFieldOfEachTypeIsNullOrItsTypeSchema(FieldType type, String expected) {
        JsonNode doc = derive("t", false, RowSchema.builder("t.Value").optional("v", type).build());

        assertThat(withoutIndex(doc.at("/properties/v")))
                .isEqualTo(json("{'oneOf':[{'type':'null'}," + expected + "]}"));
        assertThat(doc.has("required")).as("an optional field is not required").isFalse();
    }

    @Test
    void aFlatRowIsAClosedObjectTitledForTheTopicWithPropertiesInFieldOrder() {
        DerivedSchema derived = format.derive("db.public.everything", false, Rows.EVERYTHING);
        JsonNode doc = json(derived.text().text());

        assertThat(derived.text().type()).isEqualTo(SchemaType.JSON_SCHEMA);
        assertThat(doc.get("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(doc.get("title").asText()).isEqualTo("db.public.everything.Value").isEqualTo(derived.recordName());
        assertThat(doc.get("type").asText()).isEqualTo("object");
        assertThat(doc.get("additionalProperties").asBoolean(true)).isFalse();
        List<String> fieldNames = Rows.EVERYTHING.fields().stream().map(Field::name).toList();
        assertThat(names(doc.get("properties"))).containsExactlyElementsOf(fieldNames);
        for (int i = 0; i < fieldNames.size(); i++) {
            assertThat(doc.at("/properties/" + fieldNames.get(i) + "/connect.index").asInt(-1)).isEqualTo(i);
        }
        assertThat(names(doc.get("required"))).containsExactly("id", "name", "level");
    }

    @Test
    void namesFollowSchemaNamesForKeysValuesEnvelopesAndOddTopics() {
        RowSchema key = RowSchema.builder("db.public.everything.Key").required("id", FieldType.INT64).build();

        assertThat(format.derive("db.public.everything", true, key).recordName()).isEqualTo("db.public.everything.Key");
        assertThat(format.derive("db.public.everything", false, Rows.ENVELOPE).recordName())
                .isEqualTo("db.public.everything.Envelope");
        assertThat(json(format.derive("my-topic.2024", false, key).text().text()).get("title").asText())
                .isEqualTo("my_topic._2024.Value");
    }

    @Test
    void anEnvelopeDefinesTheTableRowOnceForBeforeAndAfterAndTheSourceBlock() {
        JsonNode doc = json(format.derive("db.public.everything", false, Rows.ENVELOPE).text().text());

        JsonNode rowRef = json("{'oneOf':[{'type':'null'},{'$ref':'#/definitions/db.public.everything.Value'}]}");
        assertThat(withoutIndex(doc.at("/properties/before"))).isEqualTo(rowRef);
        assertThat(withoutIndex(doc.at("/properties/after"))).isEqualTo(rowRef);
        assertThat(withoutIndex(doc.at("/properties/source")))
                .isEqualTo(json("{'$ref':'#/definitions/io.debezium.connector.postgresql.Source'}"));
        assertThat(names(doc.get("definitions"))).containsExactlyInAnyOrder(
                "db.public.everything.Value", "db.public.address", "io.debezium.connector.postgresql.Source");
        assertThat(names(doc.get("required"))).containsExactly("source", "op");
        JsonNode row = doc.at("/definitions/db.public.everything.Value");
        assertThat(row.get("title").asText()).isEqualTo("db.public.everything.Value");
        assertThat(row.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(doc.at("/definitions/db.public.address/additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void twoDifferentNestedRowsOfOneNameGetTwoDefinitions() {
        RowSchema other = RowSchema.builder("db.public.address").required("line", FieldType.STRING).build();
        RowSchema schema = RowSchema.builder("t.Value")
                .required("a", new FieldType.Struct(Rows.ADDRESS))
                .required("b", new FieldType.Struct(other))
                .required("c", new FieldType.Struct(Rows.ADDRESS))
                .build();

        JsonNode doc = derive("t", false, schema);

        assertThat(doc.at("/properties/a/$ref").asText()).isEqualTo("#/definitions/db.public.address");
        assertThat(doc.at("/properties/b/$ref").asText()).isEqualTo("#/definitions/db.public.address_2");
        assertThat(doc.at("/properties/c/$ref").asText()).isEqualTo("#/definitions/db.public.address");
        assertThat(names(doc.at("/definitions/db.public.address_2/properties"))).containsExactly("line");
    }

    @Test
    void docsBecomeDescriptionsAndDefaultsTakeThePayloadsShape() {
        RowSchema schema = RowSchema.builder("t.Value")
                .field(new Field("price", new FieldType.Decimal(6, 2), false, new BigDecimal("1.50"), "unit price"))
                .field(new Field("seen", FieldType.TIMESTAMP_TZ, true, Instant.parse("2024-01-31T12:00:00Z"), null))
                .field(new Field("n", FieldType.INT16, false, (short) 5, null))
                .build();

        JsonNode doc = derive("t", false, schema);

        assertThat(doc.at("/properties/price/description").asText()).isEqualTo("unit price");
        assertThat(doc.at("/properties/price/default")).isEqualTo(json("'1.50'".replace('\'', '"')));
        assertThat(doc.at("/properties/seen/default").asText()).isEqualTo("2024-01-31T12:00:00.000000Z");
        assertThat(doc.at("/properties/n/default").isIntegralNumber()).isTrue();
        assertThat(doc.at("/properties/n/default").asInt()).isEqualTo(5);
        assertThat(doc.at("/properties/seen").has("description")).isFalse();
    }

    @Test
    void aDefaultThatIsNotAValueOfItsTypeIsRejectedNamingTheField() {
        RowSchema schema = RowSchema.builder("t.Value")
                .field(new Field("when", FieldType.DATE, false, "yesterday", null)).build();

        assertThatThrownBy(() -> format.derive("t", false, schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'when'");
    }

    @Test
    void derivedDocumentsAreValidDraft07Schemas() {
        List<String> documents = new ArrayList<>();
        documents.add(format.derive("db.public.everything", false, Rows.EVERYTHING).text().text());
        documents.add(format.derive("db.public.everything", false, Rows.ENVELOPE).text().text());
        documents.add(format.derive("db.public.everything", true,
                RowSchema.builder("k").required("id", FieldType.INT64).build()).text().text());
        fieldTypes().forEach(a -> documents.add(format.derive("t", false,
                RowSchema.builder("t.Value").optional("v", (FieldType) a.get()[0]).build()).text().text()));

        for (String document : documents) {
            assertThat(Oracles.draft07MetaSchema(document)).as(document).isEmpty();
        }
        // The meta-schema check can fail: a document with a malformed keyword does.
        assertThat(Oracles.draft07MetaSchema("{\"type\":\"object\",\"required\":\"id\"}")).isNotEmpty();
    }

    @Test
    void derivingTwiceGivesTheSameText() {
        assertThat(format.derive("db.public.everything", false, Rows.ENVELOPE))
                .isEqualTo(format.derive("db.public.everything", false, Rows.ENVELOPE));
    }

    private JsonNode derive(String topic, boolean key, RowSchema schema) {
        return json(format.derive(topic, key, schema).text().text());
    }

    private static JsonNode withoutIndex(JsonNode property) {
        ObjectNode copy = property.deepCopy();
        copy.remove("connect.index");
        return copy;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isArray()) node.forEach(n -> names.add(n.asText()));
        else node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** JSON written with single quotes for readability; numbers compare by value. */
    private static JsonNode json(String text) {
        return Oracles.tree(text.startsWith("{") && text.contains("'") ? text.replace('\'', '"') : text);
    }
}
