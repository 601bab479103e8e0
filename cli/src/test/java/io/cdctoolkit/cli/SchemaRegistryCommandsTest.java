package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code schema check | register | get | subjects} against a real Apicurio Registry 3.3.3, mock:// and a stub for auth. */
class SchemaRegistryCommandsTest {

    private static final String V1 = """
            {"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"long"}]}""";
    /** V1 plus a field with a default: Avro reads V1 data with it (BACKWARD compatible), not FORWARD's concern. */
    private static final String V2_WITH_DEFAULT = """
            {"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"long"},
             {"name":"note","type":"string","default":""}]}""";
    /** V1 plus a field without a default: cannot read V1 data (BACKWARD incompatible), V1 reads its data (FORWARD compatible). */
    private static final String V2_REQUIRED = """
            {"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"long"},
             {"name":"tier","type":"string"}]}""";

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static boolean avroReads(String reader, String writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(new Schema.Parser().parse(reader), new Schema.Parser().parse(writer))
                .getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    @Test
    void registerGetSubjectsAndCheckAgainstApicurio() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String subject = ApicurioRegistry.uniqueSubject("shop.orders-value");
        registry.setSubjectCompatibility(subject, "BACKWARD");

        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", subject,
                "--schema", file("v1.avsc", V1).toString(), "--registry", url);
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        JsonNode answer = new ObjectMapper().readTree(registered.out());
        assertThat(answer.get("subject").asText()).isEqualTo(subject);
        assertThat(answer.get("version").asInt()).isEqualTo(1);
        int id = answer.get("id").asInt();

        CliHarness.Result byVersion = CliHarness.run("schema", "get", "--subject", subject, "--version", "1", "--registry", url);
        CliHarness.Result byId = CliHarness.run("schema", "get", "--id", Integer.toString(id), "--registry", url);
        CliHarness.Result latest = CliHarness.run("schema", "get", "--subject", subject, "--registry", url);
        for (CliHarness.Result got : List.of(byVersion, byId, latest)) {
            assertThat(got.exitCode()).as(got.err()).isZero();
            assertThat(new Schema.Parser().parse(got.out())).isEqualTo(new Schema.Parser().parse(V1));
        }
        assertThat(byVersion.err()).contains("version 1").contains("id " + id).contains("AVRO");

        CliHarness.Result subjects = CliHarness.run("schema", "subjects", "--registry", url);
        assertThat(subjects.exitCode()).isZero();
        assertThat(subjects.out().lines()).contains(subject);

        // The registry judges at the subject's level (BACKWARD); Avro's own check is the oracle.
        Path compatible = file("v2.avsc", V2_WITH_DEFAULT);
        Path incompatible = file("v2-required.avsc", V2_REQUIRED);
        CliHarness.Result ok = CliHarness.run("schema", "check", "--subject", subject, "--schema", compatible.toString(), "--registry", url);
        CliHarness.Result refused = CliHarness.run("schema", "check", "--subject", subject, "--schema", incompatible.toString(), "--registry", url);
        assertThat(avroReads(V2_WITH_DEFAULT, V1)).isTrue();
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("at BACKWARD").contains("judged by the registry " + url);
        assertThat(avroReads(V2_REQUIRED, V1)).isFalse();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isNotBlank();

        // Another level than the subject's: judged offline against the registry's versions, and said so.
        assertThat(avroReads(V1, V2_REQUIRED)).as("FORWARD: v1 reads the new data").isTrue();
        CliHarness.Result forward = CliHarness.run("schema", "check", "--subject", subject, "--schema", incompatible.toString(),
                "--registry", url, "--level", "forward");
        assertThat(forward.exitCode()).as(forward.err()).isZero();
        assertThat(forward.err()).contains("is at BACKWARD in the registry").contains("checked at FORWARD by cdc-toolkit's offline apicurio rules")
                .contains("against the registry's 1 version").contains("against 1 version fetched from " + url);

        // Registering what the subject's level refuses: exit 1 with Apicurio's reason (it names the field).
        CliHarness.Result rejected = CliHarness.run("schema", "register", "--subject", subject, "--schema", incompatible.toString(),
                "--registry", url);
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.out()).contains("tier");
        assertThat(rejected.err()).contains("incompatible").contains("BACKWARD");
        CliHarness.Result stillOne = CliHarness.run("schema", "get", "--subject", subject, "--version", "2", "--registry", url);
        assertThat(stillOne.exitCode()).as("no version 2 was registered").isEqualTo(1);
    }

    @Test
    void getNamesTheFilesAProtobufSchemaImportsFromTheRegistry() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String moneySubject = ApicurioRegistry.uniqueSubject("shop.money");
        String orderSubject = ApicurioRegistry.uniqueSubject("shop.orders-value");
        String money = "syntax = \"proto3\";\npackage shop;\nmessage Money {\n  int64 cents = 1;\n}\n";
        String order = "syntax = \"proto3\";\npackage shop;\nimport \"shop/money.proto\";\nmessage Order {\n  Money total = 1;\n}\n";
        ObjectMapper json = new ObjectMapper();
        // Registered as a Protobuf serializer registers a file with an import: the imported file first, then the
        // schema with a reference naming it by its import path.
        post(url + "/subjects/" + moneySubject + "/versions", json.createObjectNode().put("schema", money)
                .put("schemaType", "PROTOBUF").toString());
        var withReference = json.createObjectNode().put("schema", order).put("schemaType", "PROTOBUF");
        withReference.putArray("references").addObject().put("name", "shop/money.proto").put("subject", moneySubject)
                .put("version", 1);
        int id = json.readTree(post(url + "/subjects/" + orderSubject + "/versions", withReference.toString())).get("id").asInt();

        CliHarness.Result got = CliHarness.run("schema", "get", "--id", Integer.toString(id), "--registry", url);
        CliHarness.Result latest = CliHarness.run("schema", "get", "--subject", orderSubject, "--registry", url);

        assertThat(got.exitCode()).as(got.err()).isZero();
        assertThat(got.out()).contains("import \"shop/money.proto\";").contains("Money total = 1;");
        assertThat(got.err().strip()).isEqualTo("id " + id + " type PROTOBUF references shop/money.proto");
        assertThat(latest.exitCode()).as(latest.err()).isZero();
        assertThat(latest.out()).isEqualTo(got.out());
        assertThat(latest.err().strip()).isEqualTo("subject " + orderSubject + " version 1 id " + id
                + " type PROTOBUF references shop/money.proto");
    }

    /**
     * A .proto file importing another: {@code register} registers the imported file under the subject named as its
     * import path and the file with a reference to that version (as Confluent's and Apicurio's serializers do), and
     * {@code check} sends the references too, so the registry judges the file with its import. The oracle is what
     * the registry holds afterwards and what it answers.
     */
    @Test
    void aProtobufFileIsRegisteredWithItsImportsAsReferencesAndJudgedByTheRegistryWithThem() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String orderSubject = ApicurioRegistry.uniqueSubject("shop.orders-value");
        String moneyImport = moneyImport(orderSubject);
        String moneySubjectPath = pathSegment(moneyImport);
        String money = "syntax = \"proto3\";\npackage common;\nmessage Money {\n  %s cents = 1;\n}\n";
        String order = "syntax = \"proto3\";\npackage shop;\nimport \"" + moneyImport + "\";\n"
                + "message Order {\n  %s total = 1;\n%s}\n";
        Files.createDirectories(tmp.resolve("v1/" + moneyImport).getParent());
        Files.createDirectories(tmp.resolve("v2/" + moneyImport).getParent());
        file("v1/" + moneyImport, money.formatted("int64"));
        file("v2/" + moneyImport, money.formatted("string"));
        Path v1 = file("v1/order.proto", order.formatted("common.Money", ""));
        Path noteAdded = file("v1/note-added.proto", order.formatted("common.Money", "  string note = 2;\n"));
        Path totalAsText = file("v1/total-as-text.proto", order.formatted("string", ""));
        Path centsAsText = file("v2/order.proto", order.formatted("common.Money", ""));
        registry.setSubjectCompatibility(orderSubject, "BACKWARD");
        registry.setSubjectCompatibility(moneyImport, "BACKWARD");

        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", orderSubject,
                "--schema", v1.toString(), "--registry", url);
        JsonNode latest = new ObjectMapper().readTree(get(url + "/subjects/" + orderSubject + "/versions/latest"));
        JsonNode moneyVersion = new ObjectMapper().readTree(get(url + "/subjects/" + moneySubjectPath + "/versions/1"));
        CliHarness.Result compatible = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", noteAdded.toString(), "--registry", url);
        CliHarness.Result incompatible = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", totalAsText.toString(), "--registry", url);
        CliHarness.Result importChanged = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", centsAsText.toString(), "--registry", url);
        CliHarness.Result importRefused = CliHarness.run("schema", "register", "--subject", orderSubject,
                "--schema", centsAsText.toString(), "--registry", url);

        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(latest.path("references")).hasSize(1);
        assertThat(latest.path("references").get(0).path("name").asText()).isEqualTo(moneyImport);
        assertThat(latest.path("references").get(0).path("subject").asText()).isEqualTo(moneyImport);
        assertThat(latest.path("references").get(0).path("version").asInt()).isEqualTo(1);
        assertThat(moneyVersion.path("schema").asText()).contains("int64 cents = 1;");
        assertThat(compatible.exitCode()).as(compatible.err()).isZero();
        assertThat(compatible.err()).contains("compatible: " + noteAdded + " may be registered under " + orderSubject);
        // Apicurio 3.3.3's compatibility endpoint calls such a file invalid (its register judges it): the versions
        // are judged by its rules offline instead, and the note says so.
        assertThat(compatible.err()).contains("note: the registry " + url + " did not judge " + noteAdded
                + " (Apicurio Registry's compatibility endpoint does not resolve schema references)")
                .contains("checked at BACKWARD by cdc-toolkit's offline apicurio rules against the registry's 1 version");
        assertThat(incompatible.exitCode()).as(incompatible.err()).isEqualTo(1);
        assertThat(incompatible.out()).contains("Field type changed").contains("common.Money");
        assertThat(incompatible.err()).contains("incompatible: " + totalAsText);
        // The changed import is not in the registry: the check cannot name it, says so, and registers nothing.
        assertThat(importChanged.exitCode()).isEqualTo(2);
        assertThat(importChanged.err()).contains("the imported file " + moneyImport + " is not registered under subject "
                + moneyImport);
        // Registering it registers the import first, which the registry refuses at its subject's level.
        assertThat(importRefused.exitCode()).as(importRefused.err()).isEqualTo(1);
        assertThat(importRefused.err()).contains("refused the reference " + moneyImport + " of " + centsAsText
                + " under " + moneyImport + " at the subject's level BACKWARD");
        assertThat(new ObjectMapper().readTree(get(url + "/subjects/" + moneySubjectPath + "/versions")).toString())
                .isEqualTo("[1]");
        assertThat(new ObjectMapper().readTree(get(url + "/subjects/" + orderSubject + "/versions")).toString())
                .isEqualTo("[1]");
    }

    /**
     * An import a serializer registered as printed from its descriptor, the local file written by hand: Apicurio's
     * lookup compares Protobuf texts as written (it finds neither), so the registered versions are compared by their
     * canonical text.
     */
    @Test
    void anImportRegisteredInAnotherLayoutIsFoundByItsCanonicalText() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String orderSubject = ApicurioRegistry.uniqueSubject("shop.invoices-value");
        String moneyImport = moneyImport(orderSubject);
        String moneySubjectPath = pathSegment(moneyImport);
        post(url + "/subjects/" + moneySubjectPath + "/versions", new ObjectMapper().writeValueAsString(Map.of(
                "schemaType", "PROTOBUF",
                "schema", "syntax = \"proto3\";\npackage common;\n\nmessage Money {\n  int64 cents = 1;\n}\n")));
        String byHand = "syntax = \"proto3\";\n\n// Amounts of money.\npackage common;\n\n/* In cents. */\nmessage Money {\n"
                + "    %s cents = 1; // the smallest unit\n}\n";
        Files.createDirectories(tmp.resolve("same/" + moneyImport).getParent());
        Files.createDirectories(tmp.resolve("other/" + moneyImport).getParent());
        file("same/" + moneyImport, byHand.formatted("int64"));
        file("other/" + moneyImport, byHand.formatted("int32"));
        String order = "syntax = \"proto3\";\npackage shop;\nimport \"" + moneyImport + "\";\n"
                + "message Invoice {\n  common.Money total = 1;\n}\n";
        Path same = file("same/invoice.proto", order);
        Path other = file("other/invoice.proto", order);
        registry.setSubjectCompatibility(orderSubject, "BACKWARD");

        CliHarness.Result asLaidOut = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", same.toString(), "--registry", url);
        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", orderSubject,
                "--schema", same.toString(), "--registry", url);
        CliHarness.Result changed = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", other.toString(), "--registry", url);

        assertThat(asLaidOut.exitCode()).as(asLaidOut.err()).isZero();
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(new ObjectMapper().readTree(get(url + "/subjects/" + orderSubject + "/versions/latest"))
                .path("references").toString()).isEqualTo("[{\"name\":\"" + moneyImport + "\",\"subject\":\""
                + moneyImport + "\",\"version\":1}]");
        assertThat(new ObjectMapper().readTree(get(url + "/subjects/" + moneySubjectPath + "/versions")).toString())
                .isEqualTo("[1]");
        assertThat(changed.exitCode()).as(changed.err()).isEqualTo(2);
        assertThat(changed.err()).contains("the imported file " + moneyImport + " is not registered under subject "
                + moneyImport);
    }

    /**
     * An Avro schema using a named type another file defines ({@code --reference}): registered with a reference to
     * that type's version under the subject named as its full name, then judged with it. The oracle is what the
     * registry holds and answers: the registered schema, read back, is the order with the type inlined.
     */
    @Test
    void anAvroSchemaIsRegisteredWithItsReferenceFilesAndJudgedWithThem() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String orderSubject = ApicurioRegistry.uniqueSubject("shop.orders-value");
        String namespace = "t" + orderSubject.substring(orderSubject.lastIndexOf('-') + 1); // unique per run
        String moneyName = namespace + ".Money";
        Path money = file("money.avsc", "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"" + namespace
                + "\",\"fields\":[{\"name\":\"cents\",\"type\":\"long\"}]}");
        String order = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                + "{\"name\":\"total\",\"type\":\"" + moneyName + "\"}%s]}";
        Path v1 = file("order.avsc", order.formatted(""));
        Path noteAdded = file("note-added.avsc", order.formatted(",{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}"));
        Path noteRequired = file("note-required.avsc", order.formatted(",{\"name\":\"note\",\"type\":\"string\"}"));
        registry.setSubjectCompatibility(orderSubject, "BACKWARD");

        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", orderSubject,
                "--schema", v1.toString(), "--reference", money.toString(), "--registry", url);
        JsonNode latest = new ObjectMapper().readTree(get(url + "/subjects/" + orderSubject + "/versions/latest"));
        CliHarness.Result readBack = CliHarness.run("schema", "get", "--subject", orderSubject, "--registry", url);
        CliHarness.Result compatible = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", noteAdded.toString(), "--reference", money.toString(), "--registry", url);
        CliHarness.Result incompatible = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", noteRequired.toString(), "--reference", money.toString(), "--registry", url);
        // The same schema with the type written in full, no reference: Apicurio's endpoint still refuses to judge it
        // against the version with references (422), and the offline rules do.
        Path inline = file("inline.avsc", order.formatted(",{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}")
                .replace("\"" + moneyName + "\"", Files.readString(money)));
        CliHarness.Result inlined = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", inline.toString(), "--registry", url);

        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(latest.path("references").toString()).isEqualTo("[{\"name\":\"" + moneyName + "\",\"subject\":\""
                + moneyName + "\",\"version\":1}]");
        assertThat(new Schema.Parser().parse(readBack.out()).getField("total").schema().getField("cents")).isNotNull();
        assertThat(compatible.exitCode()).as(compatible.err()).isZero();
        // Apicurio 3.3.3's compatibility endpoint cannot resolve Avro references either ("Syntax violation").
        assertThat(compatible.err()).contains("did not judge " + noteAdded + " (Apicurio Registry's compatibility"
                + " endpoint does not resolve schema references)");
        assertThat(incompatible.exitCode()).as(incompatible.err()).isEqualTo(1);
        assertThat(incompatible.out().strip()).isEqualTo("/fields/1: READER_FIELD_MISSING_DEFAULT_VALUE: note (the new"
                + " schema cannot read data written with version 1)");
        assertThat(incompatible.err()).contains("incompatible: " + noteRequired);
        assertThat(inlined.exitCode()).as(inlined.err()).isZero();
        assertThat(inlined.err()).contains("did not judge " + inline + " (it answered: ")
                .contains("HTTP 422");
    }

    /**
     * A JSON Schema whose $ref names a document beside it: registered with that document as a reference under the
     * subject named as the $ref (as Confluent's JSON Schema references name it), then judged with it.
     */
    @Test
    void aJsonSchemaIsRegisteredWithTheDocumentsItsRefsNameAndJudgedWithThem() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String orderSubject = ApicurioRegistry.uniqueSubject("shop.orders-value");
        String moneyRef = moneyDocument(orderSubject);
        String order = "{\"type\":\"object\",\"properties\":{\"total\":{\"$ref\":\"" + moneyRef + "\"}%s}}";
        Path v1 = file("order.json", order.formatted(""));
        Path totalAsText = file("total-as-text.json", "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"string\"}}}");
        registry.setSubjectCompatibility(orderSubject, "BACKWARD");

        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", orderSubject,
                "--schema", v1.toString(), "--registry", url);
        JsonNode latest = new ObjectMapper().readTree(get(url + "/subjects/" + orderSubject + "/versions/latest"));
        CliHarness.Result same = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", v1.toString(), "--registry", url);
        CliHarness.Result incompatible = CliHarness.run("schema", "check", "--subject", orderSubject,
                "--schema", totalAsText.toString(), "--registry", url);

        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(latest.path("references").toString()).isEqualTo("[{\"name\":\"" + moneyRef + "\",\"subject\":\""
                + moneyRef + "\",\"version\":1}]");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(incompatible.exitCode()).as(incompatible.err()).isEqualTo(1);
        assertThat(incompatible.err()).contains("incompatible: " + totalAsText);
    }

    @Test
    void aJsonSchemasAbsoluteRefIsRegisteredFromTheReferenceFileUnderItsUri() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String subject = ApicurioRegistry.uniqueSubject("shop.receipts-value");
        String moneyUri = "https://shop.example/" + subject.substring(subject.lastIndexOf('-') + 1) + "/money.json";
        Path money = file("money-by-id.json", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"$id\":\""
                + moneyUri + "\",\"type\":\"object\",\"properties\":{\"cents\":{\"type\":\"integer\"}}}");
        Path receipt = file("receipt.json", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                + "\"properties\":{\"total\":{\"$ref\":\"" + moneyUri + "\"}}}");
        registry.setSubjectCompatibility(subject, "BACKWARD");

        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", subject,
                "--schema", receipt.toString(), "--reference", money.toString(), "--registry", url);
        JsonNode latest = new ObjectMapper().readTree(get(url + "/subjects/" + subject + "/versions/latest"));
        JsonNode moneyVersion = new ObjectMapper().readTree(get(url + "/subjects/"
                + pathSegment(moneyUri) + "/versions/1"));
        CliHarness.Result same = CliHarness.run("schema", "check", "--subject", subject,
                "--schema", receipt.toString(), "--reference", money.toString(), "--registry", url);

        assertThat(registered.exitCode()).as(registered.err()).isZero();
        assertThat(latest.path("references").toString()).isEqualTo("[{\"name\":\"" + moneyUri + "\",\"subject\":\""
                + moneyUri + "\",\"version\":1}]");
        assertThat(moneyVersion.path("schema").asText()).contains(moneyUri).contains("\"cents\"");
        assertThat(same.exitCode()).as(same.err()).isZero();
    }

    @Test
    void registeringAJsonSchemaWithARefToAUriNoReferenceFileHasSaysItGoesWithoutAReference() throws Exception {
        Path receipt = file("receipt-uri.json", "{\"type\":\"object\",\"properties\":{\"total\":"
                + "{\"$ref\":\"https://shop.example/schemas/money.json\"}}}");

        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", "receipts-value",
                "--schema", receipt.toString(), "--registry", "mock://uri-refs-" + System.nanoTime());

        assertThat(registered.err()).contains("note: $ref \"https://shop.example/schemas/money.json\" in "
                + receipt.toAbsolutePath() + " names a document by a URI no --reference file has as its $id: it goes"
                + " without a reference, for the registry to resolve");
    }

    @Test
    void atATransitiveLevelAnEarlierVersionsReferencesAreJudgedOfflineToo() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String subject = ApicurioRegistry.uniqueSubject("shop.payments-value");
        String moneyRef = moneyDocument(subject);
        Path withRef = file("payment.json", "{\"type\":\"object\",\"properties\":{\"amount\":{\"$ref\":\"" + moneyRef + "\"}}}");
        Path inline = file("inline.json", "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"object\","
                + "\"properties\":{\"cents\":{\"type\":\"integer\"}}}}}");
        Path amountAsText = file("amount-as-text.json", "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"string\"}}}");
        registry.setSubjectCompatibility(subject, "NONE");
        assertThat(CliHarness.run("schema", "register", "--subject", subject, "--schema", withRef.toString(),
                "--registry", url).exitCode()).isZero();
        assertThat(CliHarness.run("schema", "register", "--subject", subject, "--schema", inline.toString(),
                "--registry", url).exitCode()).isZero();
        registry.setSubjectCompatibility(subject, "BACKWARD_TRANSITIVE");

        // the latest version has no references, the first has: Apicurio's endpoint would ask about both and fail on it
        CliHarness.Result same = CliHarness.run("schema", "check", "--subject", subject, "--schema", inline.toString(),
                "--registry", url);
        CliHarness.Result incompatible = CliHarness.run("schema", "check", "--subject", subject,
                "--schema", amountAsText.toString(), "--registry", url);

        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.err()).contains("did not judge").contains("against the registry's 2 versions");
        assertThat(incompatible.exitCode()).as(incompatible.err()).isEqualTo(1);
        assertThat(incompatible.err()).contains("incompatible: " + amountAsText);
    }

    @Test
    void aJsonSchemaApicuriosLoaderCannotResolveIsRefusedByTheCheckAsTheRegistryFailsToJudgeIt() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String subject = ApicurioRegistry.uniqueSubject("shop.refunds-value");
        String moneyRef = moneyDocument(subject);
        // An $id without $schema: Apicurio's loader reads draft 4 and resolves "money.json" against no base
        String refund = "{\"$id\":\"https://shop.example/schemas/refund.json\",\"type\":\"object\","
                + "\"properties\":{\"amount\":{\"$ref\":\"" + moneyRef + "\"}%s}}";
        Path v1 = file("refund.json", refund.formatted(""));
        Path v2 = file("refund-v2.json", refund.formatted(",\"reason\":{\"type\":\"string\"}"));
        registry.setSubjectCompatibility(subject, "NONE");
        assertThat(CliHarness.run("schema", "register", "--subject", subject, "--schema", v1.toString(),
                "--registry", url).exitCode()).isZero();
        registry.setSubjectCompatibility(subject, "BACKWARD");

        CliHarness.Result byRegistry = CliHarness.run("schema", "register", "--subject", subject,
                "--schema", v2.toString(), "--registry", url);
        CliHarness.Result checked = CliHarness.run("schema", "check", "--subject", subject,
                "--schema", v2.toString(), "--registry", url);

        // The oracle: Apicurio Registry cannot judge it either (its own error at every attempt: reported as that, not
        // as a registry that cannot be reached), nothing registered
        assertThat(byRegistry.exitCode()).as(byRegistry.err()).isEqualTo(4);
        assertThat(byRegistry.err()).contains("with the same server error at each of 4 attempts: HTTP 500: External"
                + " JSON Schema resolution is disabled (it is reachable and failed on this request: its log says why)")
                .doesNotContain("cannot be reached");
        assertThat(new ObjectMapper().readTree(get(url + "/subjects/" + subject + "/versions")).size()).isEqualTo(1);
        assertThat(checked.exitCode()).as(checked.err()).isEqualTo(2);
        assertThat(checked.err()).contains("Apicurio Registry's JSON Schema loader does not resolve a $ref of it")
                .contains("add \"$schema\": \"http://json-schema.org/draft-07/schema#\"");
    }

    /** A {@code .proto} import path unique to {@code subject} (the registry outlives a test): {@code <id>/money.proto}. */
    private static String moneyImport(String subject) {
        return subject.substring(subject.lastIndexOf('-') + 1) + "/money.proto";
    }

    /** A subject as one segment of a registry URL path. */
    private static String pathSegment(String subject) {
        return java.net.URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    /** A JSON Schema money document named uniquely for {@code subject} (the registry outlives a test): its name. */
    private String moneyDocument(String subject) throws Exception {
        String name = subject.substring(subject.lastIndexOf('-') + 1) + "-money.json";
        file(name, "{\"type\":\"object\",\"properties\":{\"cents\":{\"type\":\"integer\"}}}");
        return name;
    }

    private static String get(String url) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static String post(String url, String body) throws Exception {
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** A Protobuf field removed without {@code reserved}: Confluent's rules allow it BACKWARD, Apicurio's refuse it. */
    private static final String PROTO_V1 = "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  int64 id = 1;\n  string note = 2;\n}\n";
    private static final String PROTO_NOTE_REMOVED = "syntax = \"proto3\";\npackage shop;\nmessage Order {\n  int64 id = 1;\n}\n";

    @Test
    void atAnotherLevelAnApicurioRegistrysVersionsAreJudgedByApicuriosRulesAsTheRegistryWould() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String subject = ApicurioRegistry.uniqueSubject("shop.proto-value");
        registry.setSubjectCompatibility(subject, "NONE");
        Path v1 = file("v1.proto", PROTO_V1);
        Path removed = file("v2.proto", PROTO_NOTE_REMOVED);
        assertThat(CliHarness.run("schema", "register", "--subject", subject, "--schema", v1.toString(), "--registry", url).exitCode()).isZero();

        CliHarness.Result byUrl = CliHarness.run("schema", "check", "--subject", subject, "--schema", removed.toString(),
                "--registry", url, "--level", "backward");
        CliHarness.Result confluent = CliHarness.run("schema", "check", "--subject", subject, "--schema", removed.toString(),
                "--registry", url, "--level", "backward", "--rules", "confluent");
        // At the subject's own NONE, the registry accepts anything: compatible, and said to be a check that cannot fail
        CliHarness.Result atNone = CliHarness.run("schema", "check", "--subject", subject, "--schema", removed.toString(),
                "--registry", url);
        registry.setSubjectCompatibility(subject, "BACKWARD");
        CliHarness.Result byRegistry = CliHarness.run("schema", "check", "--subject", subject, "--schema", removed.toString(),
                "--registry", url);

        assertThat(byUrl.err()).contains("offline apicurio rules");
        assertThat(byRegistry.err()).contains("judged by the registry");
        assertThat(byUrl.exitCode()).as(byUrl.err()).isEqualTo(byRegistry.exitCode()).isEqualTo(1);
        assertThat(confluent.exitCode()).as(confluent.err()).isZero();
        assertThat(confluent.err()).contains("offline confluent rules");
        assertThat(atNone.exitCode()).as(atNone.err()).isZero();
        assertThat(atNone.err()).contains("note: " + subject + " is at NONE in the registry")
                .contains("this check cannot fail").contains("at NONE (judged by the registry");
        assertThat(byRegistry.err()).doesNotContain("cannot fail");
    }

    @Test
    void aMockRegistryJudgesByTheConfigsFlavor() throws Exception {
        String scope = "flavor-" + System.nanoTime();
        Path v1 = file("v1.proto", PROTO_V1);
        Path removed = file("v2.proto", PROTO_NOTE_REMOVED);
        List<Integer> exits = new java.util.ArrayList<>();
        for (String flavor : List.of("confluent", "apicurio")) {
            Path config = file(flavor + ".yaml", """
                    version: "1.0"
                    schema_registry:
                      mode: external
                      external: { url: "mock://%s-%s", flavor: %s }
                    sources:
                      orders: { connector: datagen, config: { pattern: orders } }
                    sinks:
                      out: { connector: stdout, config: {} }
                    """.formatted(scope, flavor, flavor));
            CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", "orders-value", "--schema", v1.toString(),
                    "--config", config.toString());
            assertThat(registered.exitCode()).as(registered.err()).isZero();
            CliHarness.Result checked = CliHarness.run("schema", "check", "--subject", "orders-value", "--schema", removed.toString(),
                    "--config", config.toString());
            assertThat(checked.err()).contains("(judged by the registry of " + config + ")");
            exits.add(checked.exitCode());
        }
        // A mock registry's level is BACKWARD (Confluent's default): allowed by Confluent's rules, refused by Apicurio's.
        assertThat(exits).containsExactly(0, 1);
    }

    @Test
    void anUnreachableRegistryExitsThree() throws Exception {
        String url = "http://127.0.0.1:" + CliHarness.freePort() + "/apis/ccompat/v7";
        Path v1 = file("v1.avsc", V1);

        List<CliHarness.Result> results = List.of(
                CliHarness.run("schema", "check", "--subject", "s", "--schema", v1.toString(), "--registry", url),
                CliHarness.run("schema", "register", "--subject", "s", "--schema", v1.toString(), "--registry", url),
                CliHarness.run("schema", "get", "--id", "1", "--registry", url),
                CliHarness.run("schema", "subjects", "--registry", url));

        assertThat(results).allSatisfy(r -> {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
            assertThat(r.err()).contains("cannot be reached").contains("127.0.0.1");
        });
    }

    /**
     * A config whose registry is a kept {@code mock://} scope ({@code mock_persist}): the schema commands read and
     * write the registry its pipelines registered in, in the config's state folder, not an empty one of the same name.
     */
    @Test
    void theSchemaCommandsOfAConfigUseTheMockRegistryItsPipelinesKeep() throws Exception {
        Path config = file("kept.yaml", """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: external
                  format: avro
                  external: { url: "mock://kept-%d", mock_persist: true }
                sources:
                  orders: { connector: datagen, topic: kept.orders, config: { pattern: orders, max_events: 2, events_per_second: 0 } }
                sinks:
                  out: { connector: file, config: { path: %s } }
                pipelines:
                  p: { source: orders, sink: out }
                """.formatted(tmp.resolve("state"), System.nanoTime(), tmp.resolve("out.jsonl")));
        CliHarness.Result run = CliHarness.run("run", "--config", config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        CliHarness.Result subjects = CliHarness.run("schema", "subjects", "--config", config.toString());
        assertThat(subjects.exitCode()).as(subjects.err()).isZero();
        assertThat(subjects.out().lines()).containsExactly("kept.orders-key", "kept.orders-value");
        CliHarness.Result value = CliHarness.run("schema", "get", "--subject", "kept.orders-value", "--config",
                config.toString());
        assertThat(value.exitCode()).as(value.err()).isZero();
        assertThat(new Schema.Parser().parse(value.out()).getField("after")).as(value.out()).isNotNull();
    }

    @Test
    void mockRegistryCommandsShareTheScopeWithinTheProcess() throws Exception {
        String url = "mock://schema-commands-" + System.nanoTime();
        String subject = "orders-value";
        Path v1 = file("v1.avsc", V1);

        CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", subject, "--schema", v1.toString(), "--registry", url);
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        int id = new ObjectMapper().readTree(registered.out()).get("id").asInt();

        CliHarness.Result got = CliHarness.run("schema", "get", "--id", Integer.toString(id), "--registry", url);
        assertThat(new Schema.Parser().parse(got.out())).isEqualTo(new Schema.Parser().parse(V1));
        CliHarness.Result missing = CliHarness.run("schema", "get", "--subject", "nobody-value", "--registry", url);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("not found: ");
        assertThat(CliHarness.run("schema", "subjects", "--registry", url).out().lines()).containsExactly(subject);
    }

    @Test
    void credentialsComeFromTheEnvironmentOrTheConfigAndAreNeverPrinted() throws Exception {
        try (RegistryStub stub = RegistryStub.answering(200, "[\"a-value\"]")) {
            String url = stub.url();
            CliHarness.Result basic = CliHarness.run(Map.of("CDC_REGISTRY_USERNAME", "ci", "CDC_REGISTRY_PASSWORD", "s3cret-pw"),
                    "schema", "subjects", "--registry", url);
            CliHarness.Result bearer = CliHarness.run(Map.of("CDC_REGISTRY_BEARER_TOKEN", "tok-123"),
                    "schema", "subjects", "--registry", url);
            Path config = file("pipeline.yaml", """
                    version: "1.0"
                    schema_registry:
                      mode: external
                      external: { url: "%s", username: sr-user, password: "${SR_PASSWORD}" }
                    sources:
                      orders: { connector: datagen, config: { pattern: orders } }
                      pg:
                        connector: postgres-cdc
                        config: { host: db, port: "${DB_PORT}", database: app, user: cdc, password: "${DB_PASSWORD}" }
                    sinks:
                      out: { connector: stdout, config: {} }
                    """.formatted(url));
            // Only the registry's variables are needed: a CI job that checks schemas has no database password.
            CliHarness.Result fromConfig = CliHarness.run(Map.of("SR_PASSWORD", "from-config-pw"),
                    "schema", "subjects", "--config", config.toString());

            for (CliHarness.Result r : List.of(basic, bearer, fromConfig)) {
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.out().lines()).containsExactly("a-value");
                assertThat(r.out() + r.err()).doesNotContain("s3cret-pw").doesNotContain("tok-123").doesNotContain("from-config-pw");
            }
            assertThat(basic.err()).contains("basic auth");
            assertThat(stub.authorizations()).containsExactly(
                    "Basic " + java.util.Base64.getEncoder().encodeToString("ci:s3cret-pw".getBytes(StandardCharsets.UTF_8)),
                    "Bearer tok-123",
                    "Basic " + java.util.Base64.getEncoder().encodeToString("sr-user:from-config-pw".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aConfigWithoutAnExternalRegistryIsAUsageError() throws Exception {
        Path config = file("plain.yaml", """
                version: "1.0"
                sources:
                  orders: { connector: datagen, config: { pattern: orders } }
                sinks:
                  out: { connector: stdout, config: {} }
                """);

        CliHarness.Result result = CliHarness.run("schema", "subjects", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("schema_registry.mode is disabled").contains("mode: external");
    }

    @Test
    void getHasHelpDespiteItsVersionOption() {
        CliHarness.Result help = CliHarness.run("schema", "get", "--help");

        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("--version=N|latest").contains("--id=ID");
    }

    @Test
    void registryAndConfigAreExclusiveAndOneIsNeeded() {
        CliHarness.Result none = CliHarness.run("schema", "subjects");
        CliHarness.Result both = CliHarness.run("schema", "subjects", "--registry", "mock://x", "--config", "x.yaml");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
