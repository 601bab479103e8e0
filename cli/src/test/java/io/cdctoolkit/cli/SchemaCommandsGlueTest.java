package io.cdctoolkit.cli;

import io.cdctoolkit.schema.glue.GlueClients;
import io.cdctoolkit.schema.glue.GlueCredentials;
import io.cdctoolkit.schema.glue.GlueSettings;
import io.cdctoolkit.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Compatibility;
import software.amazon.awssdk.services.glue.model.DataFormat;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.SchemaId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code schema} commands with {@code --config F} and {@code schema_registry.mode: glue}, against moto_server's Glue
 * API. {@code check}: the Glue schema named {@code --subject}, its versions read in order and judged at its
 * compatibility setting ({@code *_ALL} transitive), a definition Glue holds already, {@code DISABLED} (moto refuses such
 * a version too: the oracle), a new schema, another data format, a missing registry and an unreachable endpoint.
 * {@code register} and {@code get}: what they write and read is what Glue's own API (the admin client) shows.
 * ({@code subjects}: moto has no ListSchemas; {@code GlueSchemaRegistryStubTest} covers it.)
 */
class SchemaCommandsGlueTest {

    /** Version 1 of {@code orders}: id and name. */
    private static final String V1 = avro("{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"}");
    /** Version 2, registered while the schema's compatibility was NONE: adds {@code x} without a default. */
    private static final String V2 = avro("{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"x\",\"type\":\"int\"}");
    /** Reads version 2's data, not version 1's (no {@code x} there, and no default). */
    private static final String V3 = avro("{\"name\":\"id\",\"type\":\"int\"},{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"x\",\"type\":\"int\"},{\"name\":\"y\",\"type\":\"string\",\"default\":\"\"}");

    private static final String SECRET = "s3cr3t-glue-key-never-printed";

    private static MotoServer moto;
    private static GlueClient admin;

    @TempDir
    Path tmp;

    private String registry;

    @BeforeEach
    void registry() {
        moto = MotoServer.shared();
        if (admin == null) {
            admin = GlueClients.create(GlueSettings.of(moto.region()).withEndpoint(moto.endpoint()).withRegistryName("x")
                    .withCredentials(GlueCredentials.staticKeys(moto.accessKeyId(), moto.secretAccessKey())));
        }
        registry = "check-" + UUID.randomUUID();
        admin.createRegistry(b -> b.registryName(registry));
    }

    /** Glue (and moto) allow 10 registries per account: each test's goes with it. */
    @AfterEach
    void deleteRegistry() {
        if (admin != null && registry != null) admin.deleteRegistry(b -> b.registryId(r -> r.registryName(registry)));
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) admin.close();
    }

    @Test
    void aNewVersionIsJudgedAgainstTheSchemasVersionsAtItsCompatibilitySetting() throws Exception {
        createSchema("orders", DataFormat.AVRO, V1, Compatibility.NONE);
        admin.registerSchemaVersion(b -> b.schemaId(id("orders")).schemaDefinition(V2));
        setCompatibility("orders", Compatibility.BACKWARD_ALL);
        Path config = config(registry);
        Path v3 = Files.writeString(tmp.resolve("v3.avsc"), V3);

        CliHarness.Result all = check(config, "orders", v3);
        assertThat(all.exitCode()).as(all.out() + all.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(all.out()).as("against version 1 only: version 2 has x").contains("x")
                .contains("version 1").doesNotContain("version 2");
        assertThat(all.err()).contains("cannot be registered under orders at BACKWARD_TRANSITIVE")
                .contains("Glue: BACKWARD_ALL; cdc-toolkit's offline confluent rules against its 2 versions");

        CliHarness.Result latestOnly = check(config, "orders", v3, "--level", "backward");
        assertThat(latestOnly.exitCode()).as(latestOnly.out() + latestOnly.err()).isZero();
        assertThat(latestOnly.err()).contains("may be registered under orders at BACKWARD (Glue: BACKWARD_ALL;");

        setCompatibility("orders", Compatibility.BACKWARD);
        CliHarness.Result backward = check(config, "orders", v3);
        assertThat(backward.exitCode()).as(backward.out() + backward.err()).isZero();
        assertThat(backward.err()).contains("at BACKWARD (Glue: BACKWARD; cdc-toolkit's offline confluent rules against"
                + " its latest version");

        // A definition Glue holds already: registering it adds nothing, whatever the rules would say of it.
        setCompatibility("orders", Compatibility.FORWARD_ALL);
        CliHarness.Result held = check(config, "orders", Files.writeString(tmp.resolve("v2.avsc"), V2));
        assertThat(held.exitCode()).as(held.out() + held.err()).isZero();
        assertThat(held.err()).contains("Glue holds this definition already");
    }

    /**
     * A changed logical type passes Avro's rules yet gives consumers other values: said as a warning against the latest
     * version — the newest of the versions the verdict was judged against (since 2026-12-07 not read a second time),
     * at a transitive level as at a plain one. Version 1 has the candidate's unit, so a comparison with the oldest would
     * warn of nothing.
     */
    @Test
    void aLogicalTypeChangedSinceTheLatestVersionIsWarnedOf() throws Exception {
        String millis = avro("{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}");
        String micros = avro("{\"name\":\"at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}}");
        createSchema("stamps", DataFormat.AVRO, millis, Compatibility.NONE);
        admin.registerSchemaVersion(b -> b.schemaId(id("stamps")).schemaDefinition(micros));
        // Not version 1's definition (Glue would hold it already): a field with a default added.
        Path candidate = Files.writeString(tmp.resolve("millis.avsc"), avro("{\"name\":\"at\",\"type\":{\"type\":"
                + "\"long\",\"logicalType\":\"timestamp-millis\"}},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}"));

        for (Compatibility level : List.of(Compatibility.BACKWARD_ALL, Compatibility.BACKWARD)) {
            setCompatibility("stamps", level);
            CliHarness.Result checked = check(config(registry), "stamps", candidate);
            assertThat(checked.exitCode()).as(level + ": " + checked.out() + checked.err()).isZero();
            assertThat(checked.err()).as(level.toString()).contains("warning: shop.Value.at: long timestamp-micros → long timestamp-millis")
                    .contains("(compared with the latest version of stamps)");
        }
    }

    @Test
    void aDisabledSchemaTakesNoNewVersion() throws Exception {
        createSchema("frozen", DataFormat.AVRO, V1, Compatibility.DISABLED);
        Path v2 = Files.writeString(tmp.resolve("v2.avsc"), V2);

        CliHarness.Result disabled = check(config(registry), "frozen", v2);
        assertThat(disabled.exitCode()).as(disabled.out() + disabled.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(disabled.out()).contains("schema frozen has compatibility DISABLED in Glue, which registers no new"
                + " version of it");
        assertThatThrownBy(() -> admin.registerSchemaVersion(b -> b.schemaId(id("frozen")).schemaDefinition(V2)))
                .as("Glue (moto) refuses the version too").isInstanceOf(GlueException.class)
                .hasMessageContaining("DISABLED");
    }

    @Test
    void aSchemaNotCreatedYetTakesAnyFirstVersionButADataFormatNeverChanges() throws Exception {
        Path config = config(registry);
        Path v1 = Files.writeString(tmp.resolve("v1.avsc"), V1);
        CliHarness.Result fresh = check(config, "invoices", v1);
        assertThat(fresh.exitCode()).as(fresh.out() + fresh.err()).isZero();
        assertThat(fresh.err()).contains("may be registered under invoices (Glue has no schema invoices yet");

        createSchema("orders", DataFormat.AVRO, V1, Compatibility.NONE);
        Path json = Files.writeString(tmp.resolve("orders.json"), "{\"type\":\"object\",\"properties\":"
                + "{\"id\":{\"type\":\"integer\"}}}");
        CliHarness.Result otherFormat = check(config, "orders", json);
        assertThat(otherFormat.exitCode()).as(otherFormat.out() + otherFormat.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(otherFormat.out()).contains("schema orders is AVRO in Glue, which never changes a schema's data"
                + " format; the new schema is JSON_SCHEMA");
    }

    @Test
    void aMissingRegistryIsAConfigErrorAndAnUnreachableGlueExitsThree() throws Exception {
        Path v1 = Files.writeString(tmp.resolve("v1.avsc"), V1);
        CliHarness.Result missing = check(config("no-such-registry"), "orders", v1);
        assertThat(missing.exitCode()).as(missing.out() + missing.err()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(missing.err()).contains("does not exist: create it (aws glue create-registry --registry-name"
                + " no-such-registry) or set schema_registry.glue.registry_name");

        Path unreachable = Files.writeString(tmp.resolve("down.yaml"), yaml(registry, "http://127.0.0.1:9", SECRET));
        CliHarness.Result down = check(unreachable, "orders", v1);
        assertThat(down.exitCode()).as(down.out() + down.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(down.err()).contains("cannot be reached");
        assertThat(down.out() + down.err()).doesNotContain(SECRET);
    }

    /**
     * Glue failing on its side at every attempt the AWS SDK makes (an endpoint answering InternalServiceException, HTTP
     * 500, as Glue does): {@code schema check} says Glue failed on the request (exit 4) and {@code check} shows it on
     * an {@code answers} line — neither says Glue cannot be reached, nor points at the credentials.
     */
    @Test
    void glueFailingOnTheRequestIsNamedAsFailingNotAsUnreachable() throws Exception {
        GlueAnswers failing = answeringEveryRequest(500, "InternalServiceException", "Internal failure");

        assertThat(failing.schemaCheck().exitCode()).as(failing.schemaCheck().out() + failing.schemaCheck().err())
                .isEqualTo(ExitCodes.PIPELINE_FAILED);
        assertThat(failing.schemaCheck().err()).contains("InternalServiceException (HTTP 500) after the AWS SDK's"
                + " retries: Internal failure (Glue is reachable and failed on this request)")
                .doesNotContain("cannot be reached");
        assertThat(failing.check().exitCode()).as(failing.check().out() + failing.check().err())
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(failing.check().out()).contains("GetRegistry: InternalServiceException (HTTP 500) after the AWS"
                        + " SDK's retries: Internal failure (Glue is reachable and failed on this request)")
                .contains("fix: try again later").doesNotContain("cannot be reached").doesNotContain("credentials");
    }

    /**
     * Glue throttling every attempt the AWS SDK makes (ThrottlingException, HTTP 400, as Glue answers an account over
     * its request rate): {@code schema check} and {@code check} say Glue limits the rate — not that it cannot be
     * reached, nor that the credentials are wrong (before, {@code check} said "refused the request" and pointed at
     * them).
     */
    @Test
    void glueThrottlingIsNamedAsItsRateLimitNotAsARefusal() throws Exception {
        GlueAnswers throttled = answeringEveryRequest(400, "ThrottlingException", "Rate exceeded");

        assertThat(throttled.schemaCheck().exitCode()).as(throttled.schemaCheck().out() + throttled.schemaCheck().err())
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(throttled.schemaCheck().err()).contains("ThrottlingException (HTTP 400) after the AWS SDK's retries:"
                        + " Rate exceeded (Glue limits this account's request rate in " + moto.region() + ");"
                        + " try again later")
                .doesNotContain("cannot be reached");
        assertThat(throttled.check().out()).as(throttled.check().out() + throttled.check().err())
                .contains("GetRegistry: ThrottlingException (HTTP 400) after the AWS SDK's retries: Rate exceeded")
                .contains("fix: try again later").doesNotContain("refused").doesNotContain("credentials");
    }

    /** What {@code schema check} and {@code check} printed against an endpoint giving one Glue error to everything. */
    private record GlueAnswers(CliHarness.Result schemaCheck, CliHarness.Result check) {
    }

    /**
     * {@code schema check} and {@code check} against an endpoint answering every request with Glue's error
     * {@code type} (HTTP {@code status}), through the real AWS SDK client: neither prints the secret key, and the SDK
     * made its retries, each signed.
     */
    private GlueAnswers answeringEveryRequest(int status, String type, String message) throws Exception {
        Path v1 = Files.writeString(tmp.resolve("v1.avsc"), V1);
        try (RegistryStub glue = RegistryStub.answering(status,
                "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")) {
            Path config = Files.writeString(tmp.resolve(type + ".yaml"), yaml(registry, glue.url(), SECRET));
            GlueAnswers answers = new GlueAnswers(check(config, "orders", v1),
                    CliHarness.run("check", "--config", config.toString()));
            assertThat(answers.schemaCheck().out() + answers.schemaCheck().err() + answers.check().out()
                    + answers.check().err()).doesNotContain(SECRET);
            assertThat(glue.authorizations()).as("the SDK's attempts, each signed").hasSizeGreaterThan(2)
                    .allMatch(a -> a.startsWith("AWS4-HMAC-SHA256"));
            return answers;
        }
    }

    @Test
    void registerWritesAsThePipelineDoesAndGetReadsWhatGlueHolds() throws Exception {
        Path config = config(registry);
        Path v1 = Files.writeString(tmp.resolve("v1.avsc"), V1);

        CliHarness.Result created = CliHarness.run("schema", "register", "--config", config.toString(), "--subject",
                "orders", "--schema", v1.toString());
        assertThat(created.exitCode()).as(created.out() + created.err()).isZero();
        var latest = admin.getSchemaVersion(b -> b.schemaId(id("orders"))
                .schemaVersionNumber(n -> n.latestVersion(true)));
        assertThat(created.out().trim()).isEqualTo("{\"subject\":\"orders\",\"version\":1,\"id\":\""
                + latest.schemaVersionId() + "\"}");
        assertThat(latest.schemaDefinition()).isEqualTo(V1);
        assertThat(admin.getSchema(b -> b.schemaId(id("orders"))).compatibilityAsString())
                .as("created at the config's compatibility").isEqualTo("BACKWARD");
        CliHarness.Result again = CliHarness.run("schema", "register", "--config", config.toString(), "--subject",
                "orders", "--schema", v1.toString());
        assertThat(again.out()).as("a definition Glue holds: the same version").isEqualTo(created.out());

        Path v2 = Files.writeString(tmp.resolve("v2.avsc"), V2);
        setCompatibility("orders", Compatibility.DISABLED);
        CliHarness.Result refused = CliHarness.run("schema", "register", "--config", config.toString(), "--subject",
                "orders", "--schema", v2.toString());
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(refused.out()).contains("Glue rejected the schema for 'orders'").contains("DISABLED");
        assertThat(refused.err()).contains("refused: ").contains("as schema orders");
        setCompatibility("orders", Compatibility.NONE);
        CliHarness.Result second = CliHarness.run("schema", "register", "--config", config.toString(), "--subject",
                "orders", "--schema", v2.toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        var v2Held = admin.getSchemaVersion(b -> b.schemaId(id("orders"))
                .schemaVersionNumber(n -> n.versionNumber(2L)));
        assertThat(second.out()).contains("\"version\":2").contains(v2Held.schemaVersionId());

        CliHarness.Result first = get(config, "--subject", "orders", "--version", "1");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out().trim()).isEqualTo(V1);
        assertThat(first.err()).contains("schema orders version 1 id " + latest.schemaVersionId() + " type AVRO");
        CliHarness.Result newest = get(config, "--subject", "orders");
        assertThat(newest.out().trim()).isEqualTo(V2);
        assertThat(newest.err()).contains("schema orders version 2 id " + v2Held.schemaVersionId());
        CliHarness.Result byId = get(config, "--id", latest.schemaVersionId());
        assertThat(byId.exitCode()).as(byId.out() + byId.err()).isZero();
        assertThat(byId.out().trim()).isEqualTo(V1);
        assertThat(byId.err()).contains("schema orders version 1 id " + latest.schemaVersionId());

        assertThat(get(config, "--subject", "orders", "--version", "3").exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        CliHarness.Result noSchema = get(config, "--subject", "nothing");
        assertThat(noSchema.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(noSchema.err()).contains("not found: no available version of schema nothing");
        assertThat(get(config, "--id", UUID.randomUUID().toString()).exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        CliHarness.Result notUuid = get(config, "--id", "v7");
        assertThat(notUuid.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(notUuid.err()).contains("--id v7: an AWS Glue schema version id is a UUID");
        CliHarness.Result normalize = CliHarness.run("schema", "register", "--config", config.toString(), "--subject",
                "orders", "--schema", v1.toString(), "--normalize");
        assertThat(normalize.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
    }

    /** Glue keeps one self-contained definition per version: a .proto importing another is refused, naming why. */
    @Test
    void aProtobufFileImportingAnotherIsRefusedForGlueWhichHasNoReferences() throws Exception {
        Path config = config(registry);
        Files.createDirectories(tmp.resolve("common"));
        Files.writeString(tmp.resolve("common/money.proto"),
                "syntax = \"proto3\";\npackage common;\nmessage Money {\n  int64 cents = 1;\n}\n");
        Path order = Files.writeString(tmp.resolve("order.proto"), "syntax = \"proto3\";\npackage shop;\n"
                + "import \"common/money.proto\";\nimport \"google/protobuf/timestamp.proto\";\n"
                + "message Order {\n  common.Money total = 1;\n  google.protobuf.Timestamp at = 2;\n}\n");

        CliHarness.Result checked = check(config, "orders", order);
        CliHarness.Result registered = CliHarness.run("schema", "register", "--config", config.toString(), "--subject",
                "orders", "--schema", order.toString());

        for (CliHarness.Result result : List.of(checked, registered)) {
            assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.CONFIG_ERROR);
            // The well-known import is no reference: only the other file is named.
            assertThat(result.err()).contains(order + " imports common/money.proto: AWS Glue has no schema references");
        }
        assertThatThrownBy(() -> admin.getSchema(b -> b.schemaId(id("orders")))).isInstanceOf(GlueException.class)
                .hasMessageContaining("orders");
    }

    private static CliHarness.Result get(Path config, String... which) {
        List<String> args = new ArrayList<>(List.of("schema", "get", "--config", config.toString()));
        args.addAll(List.of(which));
        return CliHarness.run(args.toArray(String[]::new));
    }

    private static CliHarness.Result check(Path config, String subject, Path schema, String... extra) {
        List<String> args = new ArrayList<>(List.of("schema", "check", "--config", config.toString(), "--subject", subject,
                "--schema", schema.toString()));
        args.addAll(List.of(extra));
        return CliHarness.run(args.toArray(String[]::new));
    }

    private void createSchema(String name, DataFormat format, String definition, Compatibility compatibility) {
        admin.createSchema(b -> b.registryId(r -> r.registryName(registry)).schemaName(name).dataFormat(format)
                .compatibility(compatibility).schemaDefinition(definition));
    }

    private void setCompatibility(String name, Compatibility compatibility) {
        admin.updateSchema(b -> b.schemaId(id(name)).compatibility(compatibility));
    }

    private SchemaId id(String name) {
        return SchemaId.builder().registryName(registry).schemaName(name).build();
    }

    private Path config(String registryName) throws Exception {
        return Files.writeString(tmp.resolve(registryName + ".yaml"), yaml(registryName, moto.endpoint().toString(),
                moto.secretAccessKey()));
    }

    private static String yaml(String registryName, String endpoint, String secretAccessKey) {
        return """
                version: "1.0"
                schema_registry:
                  mode: glue
                  format: avro
                  glue:
                    region: %s
                    endpoint: %s
                    registry_name: %s
                    access_key_id: %s
                    secret_access_key: %s
                sources:
                  gen: { connector: datagen, config: { pattern: orders } }
                sinks:
                  out: { connector: stdout }
                """.formatted(moto.region(), endpoint, registryName, moto.accessKeyId(), secretAccessKey);
    }

    private static String avro(String fields) {
        return "{\"type\":\"record\",\"name\":\"Value\",\"namespace\":\"shop\",\"fields\":[" + fields + "]}";
    }
}
