package io.cdctoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCheckCommandTest {

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Path avro(String name, String extraField) throws Exception {
        return file(name, "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}"
                + extraField + "]}");
    }

    private Path proto(String name, String fields) throws Exception {
        return file(name, "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  int64 id = 1;\n" + fields + "}\n");
    }

    private Path json(String name, String properties) throws Exception {
        return file(name, "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"id\":{\"type\":\"integer\"}"
                + properties + "}}");
    }

    @Test
    void aCompatibleChangeExitsZeroAndSaysSo() throws Exception {
        Path v1 = avro("v1.avsc", "");
        Path v2 = avro("v2.avsc", ",{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "orders-value",
                "--schema", v2.toString(), "--against", v1.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("compatible").contains("orders-value").contains("BACKWARD");
    }

    @Test
    void anIncompatibleChangeExitsOneWithOneLinePerProblemPathFirst() throws Exception {
        Path v1 = proto("v1.proto", "  string note = 2;\n  double price = 3;\n");
        Path v2 = proto("v2.proto", "  int32 note = 2;\n  string price = 3;\n");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "orders-value",
                "--schema", v2.toString(), "--against", v1.toString(), "--level", "full");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out().lines().toList()).hasSize(4).allSatisfy(line -> assertThat(line).matches("#/Order/[23]: FIELD_SCALAR_KIND_CHANGED: .*"));
        assertThat(result.err()).contains("incompatible").contains("4 problems").contains("version 1 = " + v1);
    }

    @Test
    void transitiveLevelsCheckEveryFileGivenWithAgainst() throws Exception {
        Path v1 = json("v1.json", ",\"code\":{\"type\":\"string\"}");
        Path v2 = json("v2.json", "");
        Path v3 = json("v3.json", ",\"code\":{\"type\":\"integer\"}");

        CliHarness.Result plain = CliHarness.run("schema", "check", "--subject", "s", "--schema", v3.toString(),
                "--against", v1.toString(), v2.toString(), "--level", "backward");
        CliHarness.Result transitive = CliHarness.run("schema", "check", "--subject", "s", "--schema", v3.toString(),
                "--against", v1.toString(), "--against", v2.toString(), "--level", "BACKWARD_TRANSITIVE");

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(transitive.exitCode()).isEqualTo(1);
        assertThat(transitive.out()).startsWith("#/properties/code: TYPE_CHANGED: ").contains("version 1");
    }

    @Test
    void theTypeOptionOverridesTheExtension() throws Exception {
        Path v1 = file("v1.txt", "{\"type\":\"string\"}");
        Path v2 = file("v2.txt", "{\"type\":\"integer\"}");

        CliHarness.Result withoutType = CliHarness.run("schema", "check", "--subject", "s", "--schema", v2.toString(),
                "--against", v1.toString());
        CliHarness.Result asJsonSchema = CliHarness.run("schema", "check", "--subject", "s", "--schema", v2.toString(),
                "--against", v1.toString(), "--type", "json");

        assertThat(withoutType.exitCode()).isEqualTo(2);
        assertThat(withoutType.err()).contains(v2.toString()).contains("--type");
        assertThat(asJsonSchema.exitCode()).isEqualTo(1);
        assertThat(asJsonSchema.out()).startsWith("#: TYPE_CHANGED: ");
    }

    @Test
    void withNeitherAgainstNorRegistryItIsAUsageError() throws Exception {
        Path v1 = avro("v1.avsc", "");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "s", "--schema", v1.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--against").contains("--registry");
    }

    @Test
    void anUnreadableFileIsAUsageErrorNamingIt() throws Exception {
        Path v2 = avro("v2.avsc", "");
        Path missing = tmp.resolve("missing.avsc");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "s", "--schema", v2.toString(),
                "--against", missing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("cannot read " + missing + ": no such file");
    }

    @Test
    void anEmptySchemaFileIsAUsageErrorNotAProtobufSchemaWithoutMessages() throws Exception {
        // what `schema derive ... > v2.proto` leaves when derive fails: an empty file is a valid .proto
        Path v1 = proto("v1.proto", "  string note = 2;\n");
        Path empty = file("v2.proto", "\n");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "s", "--schema", empty.toString(),
                "--against", v1.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(empty + " is empty: expected a PROTOBUF schema");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnparsableEarlierVersionIsAUsageErrorNamingItsFile() throws Exception {
        Path v1 = avro("v1.avsc", "");
        Path broken = file("v2.avsc", "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\"}]}");
        Path v3 = avro("v3.avsc", "");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "s", "--schema", v3.toString(),
                "--against", v1.toString(), broken.toString(), "--level", "none");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(broken + ": not a valid Avro schema: ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnknownLevelIsAUsageError() throws Exception {
        Path v1 = avro("v1.avsc", "");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "s", "--schema", v1.toString(),
                "--against", v1.toString(), "--level", "sideways");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown compatibility level 'sideways'");
    }

    @Test
    void theRulesOptionChoosesWhoseRulesJudgeOffline() throws Exception {
        Path v1 = proto("v1.proto", "  string note = 2;\n");
        Path v2 = proto("v2.proto", "");

        CliHarness.Result byDefault = CliHarness.run("schema", "check", "--subject", "orders-value",
                "--schema", v2.toString(), "--against", v1.toString());
        CliHarness.Result apicurio = CliHarness.run("schema", "check", "--subject", "orders-value",
                "--schema", v2.toString(), "--against", v1.toString(), "--rules", "apicurio");
        CliHarness.Result unknown = CliHarness.run("schema", "check", "--subject", "orders-value",
                "--schema", v2.toString(), "--against", v1.toString(), "--rules", "karapace");

        // Confluent: removing an optional field is compatible; Apicurio: it must be reserved first.
        assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
        assertThat(byDefault.err()).contains("by the confluent rules");
        assertThat(apicurio.exitCode()).as(apicurio.err()).isEqualTo(1);
        assertThat(apicurio.out().lines().toList()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("#/"));
        assertThat(apicurio.err()).contains("by the apicurio rules");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("expected confluent or apicurio");
    }

    /**
     * A .proto file importing another, each version in its own folder as a repository checkout holds them: the
     * imports are read from the file's folder, or from --proto-path where the import path starts higher up, and a
     * change inside the imported file is judged (it was not: without its import the file was checked alone).
     */
    @Test
    void aProtobufFilesImportsAreReadFromItsFolderOrTheProtoPathAndJudgedWithIt() throws Exception {
        String order = "syntax = \"proto3\";\npackage shop;\nimport \"common/money.proto\";\n"
                + "message Order {\n  common.Money total = 1;\n}\n";
        String money = "syntax = \"proto3\";\npackage common;\nmessage Money {\n  %s cents = 1;\n}\n";
        Files.createDirectories(tmp.resolve("v1/common"));
        Files.createDirectories(tmp.resolve("v2/common"));
        Files.createDirectories(tmp.resolve("v2/shop"));
        Path v1 = file("v1/order.proto", order);
        file("v1/common/money.proto", money.formatted("int64"));
        // v2's order file sits below the folder its import path starts from.
        Path v2 = file("v2/shop/order.proto", order);
        file("v2/common/money.proto", money.formatted("string"));

        CliHarness.Result withoutProtoPath = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v2.toString(), "--against", v1.toString());
        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v2.toString(), "--against", v1.toString(), "--proto-path", tmp.resolve("v2").toString());

        assertThat(withoutProtoPath.exitCode()).isEqualTo(2);
        assertThat(withoutProtoPath.err()).contains(v2 + ": import \"common/money.proto\" is in none of the folders"
                + " imports are read from (" + tmp.resolve("v2/shop") + ")").contains("--proto-path DIR");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out().strip()).isEqualTo("common/money.proto#/Money/1: FIELD_SCALAR_KIND_CHANGED: field cents"
                + " changed from int64 to string, which is not wire-compatible (the new schema cannot read data written"
                + " with version 1)");
    }

    @Test
    void protobufImportsThatGoRoundInACycleAreAUsageError() throws Exception {
        Path a = file("a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\nmessage A {\n  int64 id = 1;\n}\n");
        file("b.proto", "syntax = \"proto3\";\nimport \"c.proto\";\nmessage B {\n  int64 id = 1;\n}\n");
        file("c.proto", "syntax = \"proto3\";\nimport \"b.proto\";\nmessage C {\n  int64 id = 1;\n}\n");

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "s", "--schema", a.toString(),
                "--against", a.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("the imports go round in a cycle (b.proto -> c.proto -> b.proto)");
    }

    /**
     * An Avro schema using a named type another file defines (--reference, as Confluent's Avro references): checked
     * with it; without it the schema does not parse, and the error says which name is missing.
     */
    @Test
    void anAvroSchemasReferenceFilesDefineTheNamedTypesItUses() throws Exception {
        Path money = file("money.avsc", "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"com.acme\","
                + "\"fields\":[{\"name\":\"cents\",\"type\":\"long\"}]}");
        Path currency = file("currency.avsc", "{\"type\":\"enum\",\"name\":\"Currency\",\"namespace\":\"com.acme\","
                + "\"symbols\":[\"EUR\",\"USD\"]}");
        String order = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                + "{\"name\":\"total\",\"type\":\"com.acme.Money\"}%s]}";
        Path v1 = file("v1.avsc", order.formatted(""));
        Path withCurrency = file("v2.avsc", order.formatted(",{\"name\":\"currency\",\"type\":\"com.acme.Currency\"}"));

        CliHarness.Result without = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v1.toString(), "--against", v1.toString());
        CliHarness.Result compatible = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v1.toString(), "--against", v1.toString(), "--reference", money.toString());
        CliHarness.Result incompatible = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", withCurrency.toString(), "--against", v1.toString(), "--reference", money.toString(),
                "--reference", currency.toString());
        CliHarness.Result notNamed = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v1.toString(), "--against", v1.toString(), "--reference", file("s.avsc", "\"string\"").toString());
        CliHarness.Result proto = CliHarness.run("schema", "check", "--subject", "s", "--schema",
                proto("v1.proto", "").toString(), "--against", tmp.resolve("v1.proto").toString(), "--reference", money.toString());

        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).contains("com.acme.Money");
        assertThat(compatible.exitCode()).as(compatible.err()).isZero();
        // A field without a default, of a referenced enum: the new schema cannot read version 1's records.
        assertThat(incompatible.exitCode()).as(incompatible.err()).isEqualTo(1);
        assertThat(incompatible.out().strip()).isEqualTo("/fields/1: READER_FIELD_MISSING_DEFAULT_VALUE: currency (the new schema cannot read data"
                + " written with version 1)");
        assertThat(notNamed.exitCode()).isEqualTo(2);
        assertThat(notNamed.err()).contains("a --reference file defines a named type (record, enum or fixed); this one is a string");
        assertThat(proto.exitCode()).isEqualTo(2);
        assertThat(proto.err()).contains("--reference names files of Avro named types")
                .contains("its references are its imports, read from its folder and --proto-path");
    }

    /**
     * A JSON Schema whose $ref names a document beside it: read with it, so a change there is judged (before, everit
     * tried to fetch the $ref and the file did not load); a $ref to a missing file exits 2 naming it.
     */
    @Test
    void aJsonSchemasRefsToOtherFilesAreReadBesideItAndJudgedWithIt() throws Exception {
        String order = "{\"type\":\"object\",\"properties\":{\"total\":{\"$ref\":\"common/money.json#\"}}}";
        String money = "{\"type\":\"object\",\"properties\":{\"cents\":{\"type\":\"%s\"}}}";
        Files.createDirectories(tmp.resolve("v1/common"));
        Files.createDirectories(tmp.resolve("v2/common"));
        Path v1 = file("v1/order.json", order);
        file("v1/common/money.json", money.formatted("integer"));
        Path v2 = file("v2/order.json", order);
        file("v2/common/money.json", money.formatted("string"));
        Path dangling = file("dangling.json", order);

        CliHarness.Result result = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v2.toString(), "--against", v1.toString());
        CliHarness.Result missing = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", dangling.toString(), "--against", v1.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out().strip()).startsWith("#/properties/total/properties/cents: TYPE_CHANGED: the type changed from integer to string");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("$ref \"common/money.json\"").contains(tmp.resolve("common/money.json")
                + ", which does not exist");
    }

    @Test
    void aJsonSchemasRefToTheFileItIsInIsAUsageErrorSayingToWriteAFragment() throws Exception {
        // everit reads "order.json#/…" as another document, also under an $id naming this one (it then fetches it)
        Path named = file("order.json", "{\"$id\":\"https://shop.example/schemas/order.json\",\"type\":\"object\","
                + "\"definitions\":{\"Note\":{\"type\":\"string\"}},\"properties\":{\"note\":"
                + "{\"$ref\":\"order.json#/definitions/Note\"}}}");
        Path fragment = file("fragment.json", Files.readString(named).replace("order.json#", "#"));

        CliHarness.Result self = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", named.toString(), "--against", named.toString());
        CliHarness.Result written = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", fragment.toString(), "--against", fragment.toString());

        assertThat(self.exitCode()).as(self.err()).isEqualTo(2);
        assertThat(self.err()).contains("a $ref to \"order.json\" names the file it is in")
                .contains("write \"#…\" instead of \"order.json#…\"").doesNotContain("cycle");
        assertThat(written.exitCode()).as(written.err()).isZero();
    }

    /**
     * A JSON Schema whose $ref names a document by an absolute URI: read from the --reference file with that $id
     * (before, everit fetched the URI), the reference file's own relative $refs beside it.
     */
    @Test
    void aJsonSchemasAbsoluteRefsAreReadFromTheReferenceFileWithThatId() throws Exception {
        Files.createDirectories(tmp.resolve("common"));
        Path money = file("common/money.json", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"$id\":\"https://shop.example/schemas/money.json\",\"type\":\"object\",\"properties\":{"
                + "\"cents\":{\"type\":\"integer\"},\"currency\":{\"$ref\":\"currency.json\"}}}");
        file("common/currency.json", "{\"type\":\"string\",\"maxLength\":3}");
        Path v1 = file("v1.json", "{\"type\":\"object\",\"properties\":{\"total\":"
                + "{\"$ref\":\"https://shop.example/schemas/money.json\"}}}");
        Path inline = file("v2.json", "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"object\","
                + "\"properties\":{\"cents\":{\"type\":\"string\"},\"currency\":{\"type\":\"string\"}}}}}");
        Path noId = file("no-id.json", "{\"type\":\"string\"}");

        CliHarness.Result same = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v1.toString(), "--against", v1.toString(), "--reference", money.toString());
        CliHarness.Result changed = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", inline.toString(), "--against", v1.toString(), "--reference", money.toString());
        CliHarness.Result withoutId = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v1.toString(), "--against", v1.toString(), "--reference", noId.toString());
        // Without the file everit fetches the URI (.example never resolves): the note says so before its failure
        CliHarness.Result fetched = CliHarness.run("schema", "check", "--subject", "shop.orders-value",
                "--schema", v1.toString(), "--against", v1.toString());

        assertThat(same.exitCode()).as(same.err()).isZero();
        // The referenced document's content is what v1 is compared by: cents was an integer there, the currency's
        // maxLength (from the file beside it) is gone — a widening, allowed
        assertThat(changed.exitCode()).as(changed.err()).isEqualTo(1);
        assertThat(changed.out().strip()).startsWith("#/properties/total/properties/cents: TYPE_CHANGED: the type changed"
                + " from integer to string");
        assertThat(changed.out().strip().lines()).hasSize(1);
        assertThat(withoutId.exitCode()).isEqualTo(2);
        assertThat(withoutId.err()).contains("--reference " + noId + " has no absolute \"$id\"");
        assertThat(same.err()).doesNotContain("note:");
        assertThat(fetched.err()).contains("note: $ref \"https://shop.example/schemas/money.json\" in " + v1.toAbsolutePath()
                + " names a document by a URI no --reference file has as its $id: everit fetches it");
        assertThat(fetched.err().split("note: ", -1)).hasSize(2); // once, though the file is the --against file too
    }
}
