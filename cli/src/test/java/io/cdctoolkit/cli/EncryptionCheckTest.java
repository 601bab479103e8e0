package io.cdctoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} and {@code spec} on encryption blocks: mistakes are reported by key path, keys never shown. */
class EncryptionCheckTest {

    @TempDir
    Path tmp;

    private Path config(String encryptionBlock) throws Exception {
        Path file = tmp.resolve("enc.yaml");
        Files.writeString(file, """
                version: "1.0"
                sources:
                  gen:
                    connector: datagen
                    config:
                      cdc_features:
                        encryption: %s
                sinks:
                  out: { connector: stdout }
                """.formatted(encryptionBlock));
        return file;
    }

    @Test
    void a_key_of_the_wrong_length_is_a_config_error_with_its_key_path_and_without_the_key() throws Exception {
        String shortKey = "U0VDUkVUS0VZTUFURVJJQUw="; // 17 bytes
        CliHarness.Result check = CliHarness.run("check", "--config", config("{ fields: [ssn], key: \"" + shortKey + "\" }").toString());
        assertThat(check.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(check.err() + check.out()).contains("sources.gen.config.cdc_features.encryption.key")
                .contains("32 bytes").doesNotContain(shortKey);
    }

    @Test
    void two_key_sources_and_a_missing_one_are_config_errors() throws Exception {
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        CliHarness.Result none = CliHarness.run("check", "--config", config("{ fields: [ssn] }").toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(none.err() + none.out()).contains("no key material");

        CliHarness.Result two = CliHarness.run("check", "--config",
                config("{ fields: [ssn], key: \"" + key + "\", kms_uri: \"aws-kms://arn:aws:kms:us-east-1:1:key/x\","
                        + " encrypted_keyset: \"{}\" }").toString());
        assertThat(two.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(two.err() + two.out()).contains("two key sources").doesNotContain(key);
    }

    @Test
    void a_valid_block_passes_check_and_spec_lists_the_feature() throws Exception {
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        CliHarness.Result check = CliHarness.run("check", "--config", config("{ fields: [ssn], key: \"" + key + "\" }").toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.err() + check.out()).doesNotContain(key);

        CliHarness.Result spec = CliHarness.run("spec", "encryption");
        assertThat(spec.exitCode()).as(spec.err()).isZero();
        assertThat(spec.out()).contains("kms_uri", "encrypted_keyset", "deterministic");
    }
}
