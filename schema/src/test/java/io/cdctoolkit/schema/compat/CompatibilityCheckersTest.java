package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a user reads: the path and kind of each problem, which version it concerns, parse failures. */
class CompatibilityCheckersTest {

    private static SchemaText avro(String fields) {
        return new SchemaText(SchemaType.AVRO,
                "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"int\"}" + fields + "]}");
    }

    private static SchemaText proto(String fields) {
        return new SchemaText(SchemaType.PROTOBUF, "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  int64 id = 1;\n" + fields + "}\n");
    }

    private static SchemaText json(String properties) {
        return new SchemaText(SchemaType.JSON_SCHEMA,
                "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}" + properties + "}}");
    }

    @Test
    void avroProblemsStartWithTheFieldPathAndNameTheVersion() {
        CompatibilityResult result = CompatibilityCheckers.forType(SchemaType.AVRO).check(
                avro(",{\"name\":\"qty\",\"type\":\"string\"}"), List.of(avro(",{\"name\":\"qty\",\"type\":\"int\"}")),
                CompatibilityLevel.BACKWARD);

        assertThat(result.compatible()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("/fields/1/type: TYPE_MISMATCH: ")
                .endsWith("(the new schema cannot read data written with version 1)"));
    }

    /**
     * A column's type changed inside a change envelope: Avro says only that the {@code ["null", Value]} union lacks a
     * RECORD; the problem also names the column, as Avro's check of the two Value records does (before and after both).
     */
    @Test
    void aRecordInANullableUnionThatNoLongerReadsTheOldOneSaysWhichFieldBreaksIt() {
        String envelope = "{\"type\":\"record\",\"name\":\"Envelope\",\"namespace\":\"shop.orders\",\"fields\":["
                + "{\"name\":\"before\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"Value\",\"fields\":["
                + "{\"name\":\"order_id\",\"type\":\"long\"},{\"name\":\"customer_id\",\"type\":\"%s\"}]}],"
                + "\"default\":null},{\"name\":\"after\",\"type\":[\"null\",\"Value\"],\"default\":null},"
                + "{\"name\":\"op\",\"type\":\"string\"}]}";
        CompatibilityResult result = CompatibilityCheckers.forType(SchemaType.AVRO).check(
                new SchemaText(SchemaType.AVRO, envelope.formatted("string")),
                List.of(new SchemaText(SchemaType.AVRO, envelope.formatted("int"))), CompatibilityLevel.BACKWARD);

        String inValue = " (in its record shop.orders.Value: customer_id: %s/fields/1/type: TYPE_MISMATCH: reader type: STRING not"
                + " compatible with writer type: INT)";
        assertThat(result.problems()).containsExactly(
                "/fields/0/type/1: MISSING_UNION_BRANCH: reader union lacking writer type: RECORD"
                        + inValue.formatted("/fields/0/type/1") + " (the new schema cannot read data written with version 1)",
                "/fields/1/type/1: MISSING_UNION_BRANCH: reader union lacking writer type: RECORD"
                        + inValue.formatted("/fields/1/type/1") + " (the new schema cannot read data written with version 1)");
        // A type gone from a union has no branch of its name to look into: Avro's words alone
        CompatibilityResult gone = CompatibilityCheckers.forType(SchemaType.AVRO).check(
                avro(",{\"name\":\"qty\",\"type\":[\"null\",\"string\"]}"),
                List.of(avro(",{\"name\":\"qty\",\"type\":[\"null\",\"int\"]}")), CompatibilityLevel.BACKWARD);
        assertThat(gone.problems()).containsExactly("/fields/1/type/1: MISSING_UNION_BRANCH: reader union lacking"
                + " writer type: INT (the new schema cannot read data written with version 1)");
    }

    @Test
    void forwardProblemsSayTheOldVersionCannotReadTheNewSchema() {
        CompatibilityResult result = CompatibilityCheckers.forType(SchemaType.AVRO).check(
                avro(""), List.of(avro(",{\"name\":\"note\",\"type\":\"string\"}")), CompatibilityLevel.FORWARD);

        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("/fields/1: READER_FIELD_MISSING_DEFAULT_VALUE: note")
                .endsWith("(version 1 cannot read data written with the new schema)"));
    }

    @Test
    void transitiveLevelsReportEachEarlierVersionThatBreaks() {
        CompatibilityChecker checker = CompatibilityCheckers.forType(SchemaType.PROTOBUF);
        List<SchemaText> history = List.of(proto("  string note = 2;\n"), proto(""));
        SchemaText reuse = proto("  int32 count = 2;\n");

        assertThat(checker.check(reuse, history, CompatibilityLevel.FULL).compatible()).isTrue();
        CompatibilityResult transitive = checker.check(reuse, history, CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(transitive.problems()).containsExactly(
                "#/Order/2: FIELD_SCALAR_KIND_CHANGED: field note changed from string to int32, which is not wire-compatible"
                        + " (the new schema cannot read data written with version 1)",
                "#/Order/2: FIELD_SCALAR_KIND_CHANGED: field count changed from int32 to string, which is not wire-compatible"
                        + " (version 1 cannot read data written with the new schema)");
    }

    @Test
    void protobufTypesAreResolvedInTheirScopeSoANestedMessageOfTheSameNameIsNotAChange() {
        SchemaText before = new SchemaText(SchemaType.PROTOBUF, """
                syntax = "proto3";
                package shop;
                message Order { Line line = 1; message Line { string sku = 1; } }
                """);
        SchemaText after = new SchemaText(SchemaType.PROTOBUF, """
                syntax = "proto3";
                package shop;
                message Order { .shop.Order.Line line = 1; message Line { string sku = 1; int32 qty = 2; } }
                """);
        SchemaText otherType = new SchemaText(SchemaType.PROTOBUF, """
                syntax = "proto3";
                package shop;
                message Order { Item line = 1; message Line { string sku = 1; } }
                message Item { string sku = 1; }
                """);
        CompatibilityChecker checker = CompatibilityCheckers.forType(SchemaType.PROTOBUF);

        assertThat(checker.check(after, List.of(before), CompatibilityLevel.BACKWARD).compatible()).isTrue();
        assertThat(checker.check(otherType, List.of(before), CompatibilityLevel.BACKWARD).problems()).singleElement()
                .satisfies(p -> assertThat(p).startsWith("#/Order/1: FIELD_NAMED_TYPE_CHANGED: field line changed from message Order.Line to message Item"));
    }

    /**
     * Confluent's rules resolve a field's type among the schema's references and compare the message it names
     * there (its {@code FieldSchemaDiff}): a change inside an imported file is found, and an imported enum is a
     * scalar as a local one is.
     */
    @Test
    void protobufTypesFromImportedFilesAreResolvedAmongTheReferencesAndTheirMessagesCompared() {
        String order = """
                syntax = "proto3";
                package shop;
                import "common/money.proto";
                message Order { common.Money total = 1; %s }
                """;
        String money = """
                syntax = "proto3";
                package common;
                message Money { %s cents = 1; }
                enum Status { NEW = 0; PAID = 1; }
                """;
        SchemaText before = new SchemaText(SchemaType.PROTOBUF, order.formatted("int32 status = 2;"),
                Map.of("common/money.proto", new SchemaText(SchemaType.PROTOBUF, money.formatted("int64"))));
        SchemaText enumFromTheImport = new SchemaText(SchemaType.PROTOBUF, order.formatted("common.Status status = 2;"),
                Map.of("common/money.proto", new SchemaText(SchemaType.PROTOBUF, money.formatted("int64"))));
        SchemaText centsAsText = new SchemaText(SchemaType.PROTOBUF, order.formatted("int32 status = 2;"),
                Map.of("common/money.proto", new SchemaText(SchemaType.PROTOBUF, money.formatted("string"))));
        CompatibilityChecker checker = CompatibilityCheckers.forType(SchemaType.PROTOBUF);

        assertThat(checker.check(enumFromTheImport, List.of(before), CompatibilityLevel.FULL).problems()).isEmpty();
        assertThat(checker.check(centsAsText, List.of(before), CompatibilityLevel.BACKWARD).problems()).containsExactly(
                "common/money.proto#/Money/1: FIELD_SCALAR_KIND_CHANGED: field cents changed from int64 to string, which"
                        + " is not wire-compatible (the new schema cannot read data written with version 1)");
        // The message names the imported file a parse error is in.
        SchemaText brokenImport = new SchemaText(SchemaType.PROTOBUF, order.formatted(""),
                Map.of("common/money.proto", new SchemaText(SchemaType.PROTOBUF, "message {")));
        assertThatThrownBy(() -> checker.check(brokenImport, List.of(before), CompatibilityLevel.BACKWARD))
                .hasMessageContaining("imported file common/money.proto");
    }

    /** An Avro schema using a named type from its references (Confluent's Avro references) is judged with it. */
    @Test
    void avroNamedTypesFromTheReferencesAreResolvedAndCompared() {
        String order = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                + "{\"name\":\"total\",\"type\":\"com.acme.Money\"}]}";
        String money = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"com.acme\",\"fields\":["
                + "{\"name\":\"cents\",\"type\":\"%s\"}]}";
        SchemaText before = new SchemaText(SchemaType.AVRO, order,
                Map.of("com.acme.Money", new SchemaText(SchemaType.AVRO, money.formatted("long"))));
        SchemaText centsAsText = new SchemaText(SchemaType.AVRO, order,
                Map.of("com.acme.Money", new SchemaText(SchemaType.AVRO, money.formatted("string"))));
        CompatibilityChecker checker = CompatibilityCheckers.forType(SchemaType.AVRO);

        assertThat(checker.check(before, List.of(before), CompatibilityLevel.FULL).problems()).isEmpty();
        assertThat(checker.check(centsAsText, List.of(before), CompatibilityLevel.BACKWARD).problems()).singleElement()
                .satisfies(p -> assertThat(p).startsWith("/fields/0/type/fields/0/type: TYPE_MISMATCH: reader type: STRING"
                        + " not compatible with writer type: LONG"));
        // Without its reference the schema does not parse: the name is undefined.
        assertThatThrownBy(() -> checker.check(new SchemaText(SchemaType.AVRO, order), List.of(before),
                CompatibilityLevel.BACKWARD)).hasMessageContaining("com.acme.Money");
    }

    /**
     * A JSON Schema whose {@code $ref} names another document among its references (a reference's own relative
     * {@code $ref} resolving beside it) is judged with the documents loaded, nothing fetched, by both rule sets.
     */
    @Test
    void jsonSchemaDocumentsTheRefsNameAreLoadedFromTheReferences() {
        String order = "{\"type\":\"object\",\"properties\":{\"total\":{\"$ref\":\"common/money.json\"}}}";
        String money = "{\"type\":\"object\",\"properties\":{\"cents\":{\"type\":\"integer\"},"
                + "\"currency\":{\"$ref\":\"currency.json\"}}}";
        String currency = "{\"type\":\"string\",\"maxLength\":%d}";
        java.util.function.IntFunction<SchemaText> withCurrencyLength = length -> new SchemaText(SchemaType.JSON_SCHEMA,
                order, Map.of("common/money.json", new SchemaText(SchemaType.JSON_SCHEMA, money,
                        Map.of("currency.json", new SchemaText(SchemaType.JSON_SCHEMA, currency.formatted(length))))));

        CompatibilityResult confluent = CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA)
                .check(withCurrencyLength.apply(3), List.of(withCurrencyLength.apply(10)), CompatibilityLevel.BACKWARD);
        CompatibilityResult apicurio = CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA, RuleSet.APICURIO)
                .check(withCurrencyLength.apply(3), List.of(withCurrencyLength.apply(10)), CompatibilityLevel.BACKWARD);

        assertThat(confluent.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("#/properties/total/properties/currency/maxLength: MAX_LENGTH_DECREASED: lowered from 10 to 3"));
        // Apicurio's difference finder loads the documents (without them it would fetch the $ref and fail) but
        // compares a $ref to another document by the reference, not its content: no difference, as Apicurio judges.
        assertThat(apicurio.problems()).isEmpty();
        SchemaText centsAsText = new SchemaText(SchemaType.JSON_SCHEMA, order, Map.of("common/money.json",
                new SchemaText(SchemaType.JSON_SCHEMA, money.replace("integer", "string"),
                        Map.of("currency.json", new SchemaText(SchemaType.JSON_SCHEMA, currency.formatted(10))))));
        assertThat(CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA).check(centsAsText,
                List.of(withCurrencyLength.apply(10)), CompatibilityLevel.BACKWARD).problems()).containsExactly(
                "#/properties/total/properties/cents: TYPE_CHANGED: the type changed from integer to string (the new schema"
                        + " cannot read data written with version 1)");
        assertThat(CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA).check(withCurrencyLength.apply(10),
                List.of(withCurrencyLength.apply(3)), CompatibilityLevel.BACKWARD).compatible()).isTrue();
    }

    @Test
    void apicuriosRulesRefuseAJsonSchemaWhoseRefsTheirLoaderResolvesAgainstNoBase() {
        String order = "{%s\"$id\":\"https://shop.example/schemas/order.json\",\"type\":\"object\","
                + "\"properties\":{\"total\":{\"$ref\":\"money.json\"}%s}}";
        Map<String, SchemaText> money = Map.of("money.json", new SchemaText(SchemaType.JSON_SCHEMA,
                "{\"type\":\"object\",\"properties\":{\"cents\":{\"type\":\"integer\"}}}"));
        String draft7 = "\"$schema\":\"http://json-schema.org/draft-07/schema#\",";
        SchemaText undeclared = new SchemaText(SchemaType.JSON_SCHEMA, order.formatted("", ""), money);
        SchemaText declared = new SchemaText(SchemaType.JSON_SCHEMA, order.formatted(draft7, ""), money);
        SchemaText declaredWithNote = new SchemaText(SchemaType.JSON_SCHEMA,
                order.formatted(draft7, ",\"note\":{\"type\":\"string\"}"), money);
        CompatibilityChecker apicurio = CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA, RuleSet.APICURIO);
        CompatibilityChecker confluent = CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA);

        // Without $schema Apicurio's loader reads draft 4, whose base is "id": "money.json" names no reference there,
        // and everit would fetch it — Apicurio Registry 3.3.3 answers such a schema 500 (SchemaRegistryCommandsTest).
        assertThatThrownBy(() -> apicurio.check(undeclared, List.of(undeclared), CompatibilityLevel.BACKWARD))
                .isInstanceOf(SchemaParseException.class)
                .hasMessageContaining("does not resolve a $ref of it to one of its references (no protocol: money.json")
                .hasMessageContaining("add \"$schema\": \"http://json-schema.org/draft-07/schema#\"");
        assertThat(confluent.check(undeclared, List.of(undeclared), CompatibilityLevel.BACKWARD).compatible()).isTrue();
        assertThat(apicurio.check(declared, List.of(declared), CompatibilityLevel.BACKWARD).compatible()).isTrue();
        assertThat(apicurio.check(declaredWithNote, List.of(declared), CompatibilityLevel.BACKWARD).problems())
                .containsExactly("#/propertySchemasAdded: OBJECT_TYPE_PROPERTY_SCHEMAS_NARROWED (the new schema cannot read"
                        + " data written with version 1)");
    }

    @Test
    void jsonSchemaProblemsNameThePropertyPath() {
        CompatibilityResult result = CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA).check(
                json(",\"note\":{\"type\":\"string\",\"maxLength\":5}"),
                List.of(json(",\"note\":{\"type\":\"string\",\"maxLength\":10}")), CompatibilityLevel.BACKWARD);

        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("#/properties/note/maxLength: MAX_LENGTH_DECREASED: lowered from 10 to 5"));
    }

    @Test
    void aRecursiveJsonSchemaIsCheckedWithoutLoopingForever() {
        String tree = "{\"definitions\":{\"node\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"%s},"
                + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/node\"}}}}},\"$ref\":\"#/definitions/node\"}";
        SchemaText before = new SchemaText(SchemaType.JSON_SCHEMA, tree.formatted(""));
        SchemaText after = new SchemaText(SchemaType.JSON_SCHEMA, tree.formatted(",\"maxLength\":3"));
        CompatibilityChecker checker = CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA);

        assertThat(checker.check(before, List.of(before), CompatibilityLevel.FULL).compatible()).isTrue();
        assertThat(checker.check(after, List.of(before), CompatibilityLevel.BACKWARD).problems())
                .anySatisfy(p -> assertThat(p).startsWith("#/properties/name/maxLength: MAX_LENGTH_ADDED"));
    }

    @Test
    void noneAcceptsAnythingButStillRejectsASchemaThatDoesNotParse() {
        CompatibilityChecker checker = CompatibilityCheckers.forType(SchemaType.AVRO);
        assertThat(checker.check(avro(",{\"name\":\"x\",\"type\":\"string\"}"), List.of(avro("")), CompatibilityLevel.NONE).compatible()).isTrue();

        assertThatThrownBy(() -> checker.check(avro(""), List.of(avro(""), new SchemaText(SchemaType.AVRO, "{\"type\":\"recrd\"}")),
                CompatibilityLevel.NONE))
                .isInstanceOfSatisfying(SchemaParseException.class, e -> assertThat(e.version()).isEqualTo(1))
                .hasMessageStartingWith("earlier version 2 does not parse: ");
        assertThatThrownBy(() -> CompatibilityCheckers.forType(SchemaType.PROTOBUF).check(
                new SchemaText(SchemaType.PROTOBUF, "message Order { int64 id = ; }"), List.of(), CompatibilityLevel.BACKWARD))
                .isInstanceOfSatisfying(SchemaParseException.class, e -> assertThat(e.version()).isEqualTo(SchemaParseException.CANDIDATE))
                .hasMessageStartingWith("the new schema does not parse: ");
        assertThatThrownBy(() -> CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA).check(
                new SchemaText(SchemaType.JSON_SCHEMA, "{\"type\": "), List.of(), CompatibilityLevel.BACKWARD))
                .isInstanceOf(SchemaParseException.class);
    }

    @Test
    void theApicurioRuleSetRefusesAProtobufFieldRemovedWithoutReservingItWhereConfluentsAllowsIt() {
        List<SchemaText> history = List.of(proto("  string note = 2;\n"));
        SchemaText removed = proto("");
        SchemaText reserved = proto("  reserved 2;\n  reserved \"note\";\n");

        assertThat(CompatibilityCheckers.forType(SchemaType.PROTOBUF, RuleSet.CONFLUENT)
                .check(removed, history, CompatibilityLevel.BACKWARD).compatible()).isTrue();
        CompatibilityChecker apicurio = CompatibilityCheckers.forType(SchemaType.PROTOBUF, RuleSet.APICURIO);
        assertThat(apicurio.check(removed, history, CompatibilityLevel.BACKWARD).problems()).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith("#/: ")
                        .endsWith("(the new schema cannot read data written with version 1)"));
        assertThat(apicurio.check(reserved, history, CompatibilityLevel.BACKWARD).compatible()).isTrue();
    }

    @Test
    void theApicurioRuleSetCombinesFullAsBothDirections() {
        // A new field: Apicurio's rules refuse it FORWARD (the old schema does not know it), so FULL too.
        CompatibilityChecker apicurio = CompatibilityCheckers.forType(SchemaType.PROTOBUF, RuleSet.APICURIO);
        List<SchemaText> history = List.of(proto(""));
        SchemaText added = proto("  string note = 2;\n");

        assertThat(apicurio.check(added, history, CompatibilityLevel.BACKWARD).compatible()).isTrue();
        assertThat(apicurio.check(added, history, CompatibilityLevel.FORWARD).compatible()).isFalse();
        assertThat(apicurio.check(added, history, CompatibilityLevel.FULL).problems()).isNotEmpty()
                .allSatisfy(p -> assertThat(p).endsWith("(version 1 cannot read data written with the new schema)"));
    }

    @Test
    void theApicurioRuleSetNamesJsonSchemaDifferencesByApicuriosPathAndType() {
        CompatibilityResult result = CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA, RuleSet.APICURIO).check(
                json(",\"note\":{\"type\":\"string\",\"maxLength\":5}"),
                List.of(json(",\"note\":{\"type\":\"string\",\"maxLength\":10}")), CompatibilityLevel.BACKWARD);

        assertThat(result.compatible()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("#/").contains("MAX_LENGTH")
                .endsWith("(the new schema cannot read data written with version 1)"));
    }

    @Test
    void bothRuleSetsReportASchemaThatDoesNotParseTheSameWay() {
        for (RuleSet rules : RuleSet.values()) {
            assertThatThrownBy(() -> CompatibilityCheckers.forType(SchemaType.PROTOBUF, rules).check(
                    proto(""), List.of(new SchemaText(SchemaType.PROTOBUF, "message Order { int64 id = ; }")), CompatibilityLevel.NONE))
                    .as("%s", rules)
                    .isInstanceOfSatisfying(SchemaParseException.class, e -> assertThat(e.version()).isZero())
                    .hasMessageStartingWith("earlier version 1 does not parse: ");
            assertThatThrownBy(() -> CompatibilityCheckers.forType(SchemaType.JSON_SCHEMA, rules).check(
                    new SchemaText(SchemaType.JSON_SCHEMA, "{\"type\": "), List.of(json("")), CompatibilityLevel.BACKWARD))
                    .as("%s", rules)
                    .isInstanceOfSatisfying(SchemaParseException.class, e -> assertThat(e.version()).isEqualTo(SchemaParseException.CANDIDATE));
        }
    }

    @Test
    void ruleSetsAreNamedAsUsersWriteThem() {
        assertThat(RuleSet.parse(" Apicurio ")).isEqualTo(RuleSet.APICURIO);
        assertThat(RuleSet.parse("confluent")).isEqualTo(RuleSet.CONFLUENT);
        assertThat(RuleSet.APICURIO.id()).isEqualTo("apicurio");
        assertThatThrownBy(() -> RuleSet.parse("karapace")).hasMessageContaining("expected confluent or apicurio");
    }
}
