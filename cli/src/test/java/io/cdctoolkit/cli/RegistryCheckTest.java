package io.cdctoolkit.cli;

import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} reaches the configured schema registry: real Apicurio, nothing, mock://, a 401 and a 500. */
class RegistryCheckTest {

    @TempDir
    Path tmp;

    private Path config(String external) throws Exception {
        Path file = tmp.resolve("registry.yaml");
        Files.writeString(file, """
                version: "1.0"
                schema_registry:
                  mode: external
                  format: avro
                  external: %s
                sources:
                  gen: { connector: datagen, config: { max_events: 1 } }
                sinks:
                  out: { connector: stdout }
                """.formatted(external));
        return file;
    }

    @Test
    void aReachableApicurioPasses() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();

        CliHarness.Result result = CliHarness.run("check", "--config",
                config("{ url: \"" + registry.ccompatUrl() + "\" }").toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("✓ schema registry: reachable").contains(registry.ccompatUrl());
    }

    /**
     * Apicurio's ccompat API starts at the global level NONE, which registers every new version, incompatible ones
     * too: a warning with the fix; at BACKWARD a pass. (The shared registry is put back at NONE after.)
     */
    @Test
    void aGlobalLevelOfNoneIsAWarning() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        Path file = config("{ url: \"" + registry.ccompatUrl() + "\" }");
        registry.setGlobalCompatibility("NONE");
        CliHarness.Result none = CliHarness.run("check", "--config", file.toString());
        CliHarness.Result backward;
        try {
            registry.setGlobalCompatibility("BACKWARD");
            backward = CliHarness.run("check", "--config", file.toString());
        } finally {
            registry.setGlobalCompatibility("NONE");
        }

        assertThat(none.exitCode()).as(none.out() + none.err()).isZero();
        assertThat(none.out()).contains("! schema registry: compatibility level  global level NONE: the registry"
                + " registers any new schema version, incompatible ones too").contains("fix: set a level");
        assertThat(backward.out()).contains("✓ schema registry: compatibility level  global level BACKWARD");
    }

    /**
     * A registry whose global mode takes no registrations (READONLY; Confluent then answers each one 42205 and a run
     * stops at it): a warning with the fix. Apicurio's ccompat API reports the mode it was given (the shared registry
     * is put back at READWRITE after).
     */
    @Test
    void aGlobalModeThatTakesNoRegistrationsIsAWarning() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        Path file = config("{ url: \"" + registry.ccompatUrl() + "\" }");
        CliHarness.Result readOnly;
        try {
            registry.setGlobalMode("READONLY");
            readOnly = CliHarness.run("check", "--config", file.toString());
        } finally {
            registry.setGlobalMode("READWRITE");
        }
        CliHarness.Result readWrite = CliHarness.run("check", "--config", file.toString());

        assertThat(readOnly.exitCode()).as(readOnly.out() + readOnly.err()).isZero();
        assertThat(readOnly.out()).contains("! schema registry: mode").contains("global mode READONLY: the registry"
                        + " takes no new schema version, so a run stops at the first one it needs to register")
                .contains("fix: set it back: PUT {\"mode\": \"READWRITE\"} to the registry's /mode");
        assertThat(readWrite.out()).doesNotContain("schema registry: mode");
    }

    @Test
    void aRegistryNobodyListensOnIsUnreachable() throws Exception {
        int port = CliHarness.freePort();

        CliHarness.Result result = CliHarness.run("check", "--config",
                config("{ url: \"http://127.0.0.1:" + port + "\", retries: 0 }").toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.out()).contains("✗ schema registry").contains("127.0.0.1:" + port)
                .contains("fix: check schema_registry.external.url");
    }

    @Test
    void aMockRegistryIsReachable() throws Exception {
        String url = "mock://check-" + UUID.randomUUID();
        try {
            CliHarness.Result result = CliHarness.run("check", "--config", config("{ url: \"" + url + "\" }").toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.out()).contains("✓ schema registry: reachable").contains(url);
        } finally {
            MockRegistries.drop(url);
        }
    }

    @Test
    void wrongCredentialsFailNamingThemWithoutPrintingThePassword() throws Exception {
        try (RegistryStub registry = RegistryStub.answering(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}")) {
            CliHarness.Result result = CliHarness.run(Map.of("REGISTRY_PASSWORD", "s3cret-Pa55"), "check", "--config",
                    config("{ url: \"" + registry.url() + "\", username: ci-bot, password: \"${REGISTRY_PASSWORD}\" }")
                            .toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(result.out()).contains("✗ schema registry: reachable").contains("401")
                    .contains("username/password");
            assertThat(result.out() + result.err()).doesNotContain("s3cret-Pa55")
                    .doesNotContain(Base64.getEncoder().encodeToString("ci-bot:s3cret-Pa55".getBytes(StandardCharsets.UTF_8)));
            // The credentials were sent (so the 401 is about them, not about their absence).
            assertThat(registry.authorizations()).first().isEqualTo("Basic " + Base64.getEncoder()
                    .encodeToString("ci-bot:s3cret-Pa55".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A registry that answers, each time with an error of its own, is not called unreachable: its failure is named. */
    @Test
    void aRegistryFailingOnTheRequestIsNamedAsFailingNotAsUnreachable() throws Exception {
        try (RegistryStub registry = RegistryStub.answering(500,
                "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}")) {
            CliHarness.Result result = CliHarness.run("check", "--config",
                    config("{ url: \"" + registry.url() + "\", retries: 1 }").toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(result.out()).contains("✗ schema registry: answers")
                    .contains(registry.url() + " (no auth) answered GET /subjects with the same server error at each of 2"
                            + " attempts: HTTP 500: Error in the backend data store (it is reachable and failed on this"
                            + " request: its log says why)")
                    .contains("fix: look in the registry's log for the cause of its HTTP 500")
                    .doesNotContain("cannot be reached");
        }
    }

    /** A registry limiting the request rate (HTTP 429, as Confluent Cloud's) is named as such, not as refusing. */
    @Test
    void aRegistryLimitingTheRequestRateIsNamedAsLimitingNotAsRefusing() throws Exception {
        try (RegistryStub registry = RegistryStub.answering(429,
                "{\"error_code\":42901,\"message\":\"Rate limit exceeded\"}")) {
            CliHarness.Result result = CliHarness.run("check", "--config",
                    config("{ url: \"" + registry.url() + "\", retries: 1 }").toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(result.out()).contains("✗ schema registry: answers")
                    .contains(registry.url() + " (no auth) limits the request rate: it answered GET /subjects with HTTP"
                            + " 429 Too Many Requests at each of 2 attempts: Rate limit exceeded")
                    .contains("fix: try again later").doesNotContain("refused").doesNotContain("cannot be reached");
            assertThat(registry.authorizations()).as("the client's attempts").hasSize(2);

            CliHarness.Result subjects = CliHarness.run("schema", "subjects", "--registry", registry.url());
            assertThat(subjects.exitCode()).as(subjects.out() + subjects.err()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(subjects.err()).contains("limits the request rate: it answered GET /subjects with HTTP 429 Too"
                    + " Many Requests at each of 4 attempts: Rate limit exceeded; try again later")
                    .doesNotContain("cannot be reached");
        }
    }

    @Test
    void aUsernameWithoutAPasswordIsAConfigErrorWithItsKeyPath() throws Exception {
        CliHarness.Result result = CliHarness.run("check", "--config",
                config("{ url: \"http://127.0.0.1:1\", username: ci-bot }").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(result.err()).contains("schema_registry.external.password").contains("needs both username and password");
    }

    @Test
    void mockPersistWithAnHttpRegistryIsAConfigErrorWithItsKeyPath() throws Exception {
        CliHarness.Result result = CliHarness.run("check", "--config",
                config("{ url: \"http://127.0.0.1:1\", mock_persist: true }").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(result.err()).contains("schema_registry.external.mock_persist").contains("only to a mock:// url");
    }
}
