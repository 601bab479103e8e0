package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaText;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field numbers across a subject's versions: a column keeps its number, a new column takes one never used, a dropped
 * column's number is reserved. The oracle is protobuf-java decoding with an older version's descriptor — what a
 * consumer's classes generated from that {@code .proto} do — and Confluent's compatibility rules.
 */
class ProtoFieldNumbersTest {

    private static final String TOPIC = "shop.public.orders";
    private static final RowSchema V1 = RowSchema.builder(TOPIC + ".Value")
            .required("id", FieldType.INT64).optional("customer", FieldType.STRING)
            .optional("qty", FieldType.INT32).optional("note", FieldType.STRING).build();
    /** {@code customer} dropped: with numbers by position, qty (int32) would take customer's number 2 (a string). */
    private static final RowSchema V2 = RowSchema.builder(TOPIC + ".Value")
            .required("id", FieldType.INT64).optional("qty", FieldType.INT32).optional("note", FieldType.STRING).build();
    /** {@code price} added after {@code id}. */
    private static final RowSchema V3 = RowSchema.builder(TOPIC + ".Value")
            .required("id", FieldType.INT64).optional("price", FieldType.FLOAT64)
            .optional("qty", FieldType.INT32).optional("note", FieldType.STRING).build();

    private final ProtobufFormat format = new ProtobufFormat();

    @Test
    void aColumnKeepsItsNumberANewOneTakesANumberNeverUsedAndADroppedOnesNumberAndNameAreReserved() {
        DerivedSchema v1 = format.derive(TOPIC, false, V1);
        assertThat(numbers(v1)).containsExactly(Map.entry("id", 1), Map.entry("customer", 2), Map.entry("qty", 3),
                Map.entry("note", 4));

        DerivedSchema v2 = format.derive(TOPIC, false, V2, v1.text());
        assertThat(numbers(v2)).containsExactly(Map.entry("id", 1), Map.entry("qty", 3), Map.entry("note", 4));
        assertThat(v2.text().text()).contains("  reserved 2;\n  reserved \"customer\";\n");

        DerivedSchema v3 = format.derive(TOPIC, false, V3, v2.text());
        assertThat(numbers(v3)).as("price takes 5, not the reserved 2")
                .containsExactly(Map.entry("id", 1), Map.entry("price", 5), Map.entry("qty", 3), Map.entry("note", 4));
        assertThat(v3.text().text()).contains("  reserved 2;\n");

        // A restart derives against the version it registered: the same text, so the same id.
        assertThat(format.derive(TOPIC, false, V3, v3.text())).isEqualTo(v3);
        // customer back: a new number, never its old one.
        RowSchema v4 = RowSchema.builder(TOPIC + ".Value").required("id", FieldType.INT64)
                .optional("customer", FieldType.STRING).build();
        DerivedSchema derived4 = format.derive(TOPIC, false, v4, v3.text());
        assertThat(numbers(derived4)).containsExactly(Map.entry("id", 1), Map.entry("customer", 6));
        assertThat(derived4.text().text()).as("the name customer is no longer reserved, its number still is")
                .contains("  reserved 2 to 5;\n  reserved \"note\", \"price\", \"qty\";\n");
    }

    @Test
    void dropAColumnIsBackwardCompatibleByConfluentsRulesWhereRenumberingWasNot() {
        SchemaText v1 = format.derive(TOPIC, false, V1).text();
        SchemaText positional = format.derive(TOPIC, false, V2).text();
        SchemaText kept = format.derive(TOPIC, false, V2, v1).text();
        CompatibilityResult renumbered = CompatibilityCheckers.forType(v1.type(), RuleSet.CONFLUENT)
                .check(positional, List.of(v1), CompatibilityLevel.BACKWARD);
        assertThat(renumbered.compatible()).as("qty (int32) at customer's number 2").isFalse();
        assertThat(CompatibilityCheckers.forType(v1.type(), RuleSet.CONFLUENT)
                .check(kept, List.of(v1), CompatibilityLevel.BACKWARD_TRANSITIVE).compatible()).isTrue();
    }

    @Test
    void aConsumerWithTheFirstVersionsDescriptorReadsEveryLaterRowByItsNames() throws Exception {
        SchemaText v1 = format.derive(TOPIC, false, V1).text();
        DerivedSchema v2 = format.derive(TOPIC, false, V2, v1);
        DerivedSchema v3 = format.derive(TOPIC, false, V3, v2.text());
        Descriptor firstVersion = ProtoTextParser.parse(v1.text()).getMessageTypes().get(0);

        DynamicMessage fromV3 = DynamicMessage.parseFrom(firstVersion, write(V3, v3, Row.of(V3, 7L, 9.5, 3, "gift")));
        assertThat(values(fromV3)).containsExactly(Map.entry("id", 7L), Map.entry("note", "gift"), Map.entry("qty", 3));
        assertThat(fromV3.getUnknownFields().hasField(5)).as("price, unknown to the first version").isTrue();

        // By position, V2's qty would have been number 2: the first version's reader took it for 'customer'.
        DynamicMessage positional = DynamicMessage.parseFrom(firstVersion,
                write(V2, format.derive(TOPIC, false, V2), Row.of(V2, 7L, 3, "gift")));
        assertThat(values(positional)).doesNotContainEntry("qty", 3);
    }

    @Test
    void theRowInsideAnEnvelopeAndItsSourceBlockKeepTheirNumbers() throws Exception {
        RowSchema source = RowSchema.builder("io.cdctoolkit.test.Source").required("db", FieldType.STRING)
                .required("lsn", FieldType.INT64).build();
        RowSchema env1 = Envelope.schema(TOPIC, V1, source);
        RowSchema env2 = Envelope.schema(TOPIC, V2, source);
        DerivedSchema v1 = format.derive(TOPIC, false, env1);
        DerivedSchema v2 = format.derive(TOPIC, false, env2, v1.text());
        assertThat(v2.text().text()).contains("message Value {\n    int64 id = 1;\n    optional int32 qty = 3;\n"
                + "    optional string note = 4;\n    reserved 2;\n    reserved \"customer\";\n  }");

        Row after = Row.of(V2, 7L, 3, "gift");
        Row event = Envelope.row(env2, null, after, Row.of(source, "shop", 42L), Op.CREATE, Instant.ofEpochMilli(5));
        Descriptor firstVersion = ProtoTextParser.parse(v1.text().text()).getMessageTypes().get(0);
        DynamicMessage read = DynamicMessage.parseFrom(firstVersion, write(env2, v2, event));
        DynamicMessage afterRead = (DynamicMessage) read.getField(firstVersion.findFieldByName("after"));
        assertThat(values(afterRead)).containsExactly(Map.entry("id", 7L), Map.entry("note", "gift"), Map.entry("qty", 3));
        // The writer follows the text: the same bytes from the text parsed back as from the derivation.
        assertThat(format.reader(v2.text()).read(write(env2, v2, event), 0, write(env2, v2, event).length)
                .path("after").path("qty").asInt()).isEqualTo(3);
    }

    @Test
    void reservedNumbersSurviveTheTextRoundTrip() {
        String text = """
                syntax = "proto3";

                package p;

                message Value {
                  int64 id = 1;
                  optional string b = 7;
                  reserved 2, 4 to 6, 9 to 11;
                  reserved "old";
                }
                """;
        RowSchema next = RowSchema.builder("p.Value").required("id", FieldType.INT64)
                .optional("b", FieldType.STRING).optional("c", FieldType.STRING).build();
        DerivedSchema derived = format.derive("p", false, next, new SchemaText(io.cdctoolkit.schema.format.SchemaType.PROTOBUF, text));
        assertThat(numbers(derived)).containsExactly(Map.entry("id", 1), Map.entry("b", 7), Map.entry("c", 12));
        assertThat(derived.text().text()).contains("  reserved 2, 4 to 6, 9 to 11;\n  reserved \"old\";\n");
        assertThat(ProtobufFormatPrint.roundTrip(derived.text().text())).isEqualTo(derived.text().text());
    }

    private byte[] write(RowSchema schema, DerivedSchema derived, Row row) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writer(TOPIC, false, schema, derived).write(row, out);
        return out.toByteArray();
    }

    private static Map<String, Integer> numbers(DerivedSchema derived) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (FieldDescriptor f : ProtoTextParser.parse(derived.text().text()).getMessageTypes().get(0).getFields()) {
            out.put(f.getName(), f.getNumber());
        }
        return out;
    }

    private static Map<String, Object> values(DynamicMessage message) {
        Map<String, Object> out = new TreeMap<>();
        message.getAllFields().forEach((f, v) -> out.put(f.getName(), v));
        return out;
    }

    /** Parse and print again, as the next derivation reads a registered text. */
    private static final class ProtobufFormatPrint {
        static String roundTrip(String text) {
            return ProtoTextPrinter.print(ProtoTextParser.parse(text));
        }
    }
}
