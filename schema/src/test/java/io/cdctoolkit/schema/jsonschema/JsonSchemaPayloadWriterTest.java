package io.cdctoolkit.schema.jsonschema;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.PayloadWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class JsonSchemaPayloadWriterTest {

    private static final String TOPIC = "db.public.everything";
    private final JsonSchemaFormat format = new JsonSchemaFormat();

    static Stream<Arguments> validRows() {
        return Stream.of(
                arguments("every type", Rows.full()),
                arguments("every optional value null", Rows.nulls()),
                arguments("edge values (NaN, -Infinity, null elements, empty collections, year 1 and 9999)", Rows.edges()),
                arguments("envelope: insert", Rows.envelope(null, Rows.full(), Op.CREATE)),
                arguments("envelope: update", Rows.envelope(Rows.nulls(), Rows.edges(), Op.UPDATE)),
                arguments("envelope: delete", Rows.envelope(Rows.full(), null, Op.DELETE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRows")
    void writesTheDisabledModesJsonAndBothValidatorsAcceptIt(String name, Row row) throws IOException {
        String schemaText = format.derive(TOPIC, false, row.schema()).text().text();

        byte[] payload = write(format.writer(TOPIC, false, row.schema()), row);

        assertThat(Rows.utf8(payload)).isEqualTo(RowJson.toJson(row));
        assertThat(Oracles.everit(schemaText, payload)).isEmpty();
        assertThat(Oracles.networknt(schemaText, payload)).isEmpty();
    }

    @Test
    void keysAreWrittenAndValidatedLikeValues() throws IOException {
        RowSchema keySchema = RowSchema.builder("db.public.everything.Key")
                .required("id", io.cdctoolkit.engine.data.FieldType.INT64).build();
        Row key = Row.of(keySchema, 42L);
        String schemaText = format.derive(TOPIC, true, keySchema).text().text();

        byte[] payload = write(format.writer(TOPIC, true, keySchema), key);

        assertThat(Rows.utf8(payload)).isEqualTo("{\"id\":42}");
        assertThat(Oracles.networknt(schemaText, payload)).isEmpty();
    }

    /** Rows that break their schema: the field each should be reported at, and the value that must not leak. */
    static Stream<Arguments> invalidRows() {
        return Stream.of(
                arguments("a string in an int32 field", Rows.full().toBuilder().set("i32", "secret-7").build(),
                        "'i32'", "secret-7"),
                arguments("an int8 field holding 300", Rows.full().toBuilder().set("i8", 300).build(), "'i8'", "300"),
                arguments("a symbol outside the enum", Rows.full().toBuilder().set("mood", "secret-mood").build(),
                        "'mood'", "secret-mood"),
                arguments("a uuid field holding other text", Rows.full().toBuilder().set("uid", "secret-id").build(),
                        "'uid'", "secret-id"),
                arguments("null in a required field", Rows.full().toBuilder().set("name", null).build(), "'name'", null),
                arguments("a date RFC 3339 cannot write (year 10000)",
                        Rows.full().toBuilder().set("d", LocalDate.of(10000, 1, 1)).build(), "'d'", "10000"),
                arguments("null in a nested row's required field",
                        Rows.full().toBuilder().set("home", Row.of(Rows.ADDRESS, null, "secret-zip")).build(),
                        "'home.street'", "secret-zip"),
                arguments("a bad row inside an array",
                        Rows.full().toBuilder().set("previous",
                                List.of(Row.of(Rows.ADDRESS, "ok", null), Row.of(Rows.ADDRESS, null, null))).build(),
                        "'previous[1].street'", null),
                arguments("a bad map value, whose key is data",
                        Rows.full().toBuilder().set("stamps",
                                Map.of("secret-key", Instant.parse("+10000-01-01T00:00:00Z"))).build(),
                        "'stamps[*]'", "secret-key"),
                arguments("a map value of the wrong Java type, whose key is data",
                        Rows.full().toBuilder().set("attrs", Map.of("secret-key", "x")).build(),
                        "'attrs[*]'", "secret-key"),
                arguments("a bad value inside an envelope's after",
                        Rows.envelope(null, Rows.full().toBuilder().set("mood", "secret-mood").build(), Op.CREATE),
                        "'after.mood'", "secret-mood"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRows")
    void rowsThatBreakTheSchemaAreRejectedNamingTheFieldButNotTheValue(
            String name, Row row, String field, String secret) {
        PayloadWriter writer = format.writer(TOPIC, false, row.schema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> writer.write(row, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field)
                .satisfies(e -> {
                    if (secret != null) assertThat(messages(e)).doesNotContain(secret);
                });
        assertThat(out.size()).as("nothing is written").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRows")
    void theSecondValidatorRejectsTheSameDocuments(String name, Row row, String field, String secret) {
        String schemaText = format.derive(TOPIC, false, row.schema()).text().text();
        byte[] json;
        try {
            json = RowJson.toBytes(row);
        } catch (ClassCastException e) {
            return; // RowJson cannot render it at all: there is no document to judge
        }
        assertThat(Oracles.networknt(schemaText, json)).isNotEmpty();
    }

    @Test
    void fieldsWhoseNamesNeedEscapingInAJsonPointerAreNamedAsTheSourceSpellsThem() throws IOException {
        RowSchema schema = RowSchema.builder("t.Value")
                .optional("a/b~c", io.cdctoolkit.engine.data.FieldType.INT8)
                .optional("order id", io.cdctoolkit.engine.data.FieldType.STRING)
                .build();
        PayloadWriter writer = format.writer("t", false, schema);

        assertThat(Rows.utf8(write(writer, Row.of(schema, (byte) 1, "x")))).isEqualTo("{\"a/b~c\":1,\"order id\":\"x\"}");
        assertThatThrownBy(() -> writer.write(Row.of(schema, 300, "x"), new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field 'a/b~c' (int8)");
    }

    @Test
    void withValidationOffTheSameJsonIsWrittenUnchecked() throws IOException {
        Row row = Rows.full().toBuilder().set("mood", "not-a-symbol").build();
        JsonSchemaFormat unchecked = new JsonSchemaFormat(false);

        byte[] payload = write(unchecked.writer(TOPIC, false, row.schema()), row);

        assertThat(unchecked.validates()).isFalse();
        assertThat(Rows.utf8(payload)).isEqualTo(RowJson.toJson(row));
        assertThat(Oracles.networknt(format.derive(TOPIC, false, row.schema()).text().text(), payload)).isNotEmpty();
    }

    @Test
    void aWriterCanBeReusedAfterARejectedRow() throws IOException {
        PayloadWriter writer = format.writer(TOPIC, false, Rows.EVERYTHING);
        Row bad = Rows.full().toBuilder().set("mood", "nope").build();

        assertThatThrownBy(() -> writer.write(bad, new ByteArrayOutputStream())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Rows.utf8(write(writer, Rows.nulls()))).isEqualTo(RowJson.toJson(Rows.nulls()));
    }

    private static byte[] write(PayloadWriter writer, Row row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(row, out);
        return out.toByteArray();
    }

    /** The message of the exception and of every cause. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        return all.toString();
    }
}
