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

    @Test
    void a_field_glob_that_selects_no_column_of_the_tables_is_a_warning_naming_it_and_the_tables() throws Exception {
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        Path file = tmp.resolve("users.yaml");
        Files.writeString(file, """
                version: "1.0"
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: users
                      stream_name: users
                      namespace: app
                      cdc_features:
                        encryption: { fields: [app.users.email, shop.users.email, last_name, users.ssn], key: "%s" }
                sinks:
                  out: { connector: stdout }
                """.formatted(key));

        CliHarness.Result check = CliHarness.run("check", "--config", file.toString());

        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("! encryption gen").doesNotContain(key)
                .contains("sources.gen.config.cdc_features.encryption.fields[1]: 'shop.users.email' selects no column"
                        + " of the 1 table(s) checked (app.users): it encrypts nothing")
                .contains("; did you mean 'app.users.email'")
                .contains("sources.gen.config.cdc_features.encryption.fields[3]: 'users.ssn' selects no column")
                .doesNotContain("fields[0]").doesNotContain("fields[2]");
    }

    @Test
    void the_globs_are_reviewed_against_the_columns_the_transforms_leave() throws Exception {
        CliHarness.Result renamedAway = CliHarness.run("check", "--config", renamingConfig("email").toString());
        assertThat(renamedAway.out()).contains("! encryption gen")
                .contains("fields[0]: 'email' selects no column of the 1 table(s) checked (datagen.datagen)")
                .contains("; did you mean 'mail'");

        CliHarness.Result renamedTo = CliHarness.run("check", "--config", renamingConfig("mail").toString());
        assertThat(renamedTo.exitCode()).as(renamedTo.err()).isZero();
        assertThat(renamedTo.out()).contains("✓ transforms gen").contains("✓ encryption gen")
                .contains("fits the 1 table(s)").doesNotContain("selects no column");
    }

    /** datagen users whose email a transform renames to mail, encrypting {@code field}. */
    private Path renamingConfig(String field) throws Exception {
        return Files.writeString(tmp.resolve("renamed.yaml"), """
                version: "1.0"
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: users
                      transforms:
                        - type: replace_field
                          config: { renames: ["email:mail"] }
                      cdc_features:
                        encryption: { fields: [%s], key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" }
                sinks:
                  out: { connector: stdout }
                """.formatted(field));
    }
}
