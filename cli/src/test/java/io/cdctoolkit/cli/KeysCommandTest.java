package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code keys generate | rotate | show}, checked with Tink itself as the oracle: the files must be
 * keysets Tink reads, encrypts and decrypts with, and no command may print key material.
 */
class KeysCommandTest {

    private static final byte[] PLAINTEXT = "123-45-6789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = "app.public.users.ssn".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void registerTink() throws Exception {
        AeadConfig.register();
        DeterministicAeadConfig.register();
    }

    @Test
    void generateWritesAnAes256GcmKeysetTinkEncryptsAndDecryptsWith() throws Exception {
        Path file = dir.resolve("keyset.json");
        CliHarness.Result r = CliHarness.run("keys", "generate", "--out", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        KeysetHandle keyset = tinkRead(file);
        assertThat(keyset.size()).isEqualTo(1);
        assertThat(keyset.getPrimary().getKey().getParameters()).isEqualTo(PredefinedAeadParameters.AES256_GCM);
        Aead aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        assertThat(aead.decrypt(aead.encrypt(PLAINTEXT, AD), AD)).isEqualTo(PLAINTEXT);
        assertThat(r.out()).contains("key " + primaryKeyId(file) + " AES256_GCM");
        assertNoKeyMaterial(r, file);
    }

    @Test
    void generateDeterministicWritesAnAes256SivKeyset() throws Exception {
        Path file = dir.resolve("det.json");
        CliHarness.Result r = CliHarness.run("keys", "generate", "--out", file.toString(), "--mode", "deterministic");

        assertThat(r.exitCode()).as(r.err()).isZero();
        KeysetHandle keyset = tinkRead(file);
        assertThat(keyset.getPrimary().getKey().getParameters())
                .isEqualTo(PredefinedDeterministicAeadParameters.AES256_SIV);
        DeterministicAead daead = keyset.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
        byte[] once = daead.encryptDeterministically(PLAINTEXT, AD);
        assertThat(daead.encryptDeterministically(PLAINTEXT, AD)).isEqualTo(once);
        assertThat(daead.decryptDeterministically(once, AD)).isEqualTo(PLAINTEXT);
        assertThat(r.out()).contains("key " + primaryKeyId(file) + " AES256_SIV")
                .contains("keyset: \"${file:" + file.toAbsolutePath() + "}\", mode: deterministic");
        assertNoKeyMaterial(r, file);
    }

    @Test
    void generatedFileIsReadableByItsOwnerOnly() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path file = dir.resolve("keyset.json");
        assertThat(CliHarness.run("keys", "generate", "--out", file.toString()).exitCode()).isZero();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void generateRefusesToOverwriteWithoutForce() throws Exception {
        Path file = dir.resolve("keyset.json");
        assertThat(CliHarness.run("keys", "generate", "--out", file.toString()).exitCode()).isZero();
        String first = Files.readString(file);

        CliHarness.Result refused = CliHarness.run("keys", "generate", "--out", file.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("already exists").contains("--force");
        assertThat(Files.readString(file)).isEqualTo(first);

        CliHarness.Result forced = CliHarness.run("keys", "generate", "--out", file.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(primaryKeyId(file)).isNotEqualTo(JSON.readTree(first).get("primaryKeyId").asText());
        assertNoKeyMaterial(refused, file);
    }

    @Test
    void generateRejectsAnUnknownMode() {
        CliHarness.Result r = CliHarness.run("keys", "generate", "--out", dir.resolve("k.json").toString(), "--mode", "fast");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'fast' is not a mode");
        assertThat(dir.resolve("k.json")).doesNotExist();
    }

    @Test
    void rotateMakesANewPrimaryAndTheOldKeyStillDecrypts() throws Exception {
        Path file = dir.resolve("keyset.json");
        assertThat(CliHarness.run("keys", "generate", "--out", file.toString()).exitCode()).isZero();
        KeysetHandle before = tinkRead(file);
        String oldId = primaryKeyId(file);
        byte[] oldCiphertext = before.getPrimitive(RegistryConfiguration.get(), Aead.class).encrypt(PLAINTEXT, AD);

        CliHarness.Result r = CliHarness.run("keys", "rotate", "--keyset", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        KeysetHandle after = tinkRead(file);
        String newId = primaryKeyId(file);
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(r.out()).contains("new primary key " + newId);
        assertThat(r.err()).as("random values never were equal").doesNotContain("note:");
        assertThat(after.size()).isEqualTo(2);
        KeysetHandle.Entry old = entry(after, oldId);
        assertThat(old.getStatus()).isEqualTo(KeyStatus.ENABLED);
        assertThat(old.isPrimary()).isFalse();
        assertThat(after.getPrimary().getKey().getParameters()).isEqualTo(PredefinedAeadParameters.AES256_GCM);

        Aead rotated = after.getPrimitive(RegistryConfiguration.get(), Aead.class);
        assertThat(rotated.decrypt(oldCiphertext, AD)).isEqualTo(PLAINTEXT);
        byte[] newCiphertext = rotated.encrypt(PLAINTEXT, AD);
        // Tink's output prefix: 0x01, then the encrypting key's id (big-endian).
        assertThat(Integer.toUnsignedString(ByteBuffer.wrap(newCiphertext, 1, 4).getInt())).isEqualTo(newId);
        assertNoKeyMaterial(r, file);
    }

    @Test
    void rotateKeepsADeterministicKeysetDeterministicAndOwnerOnly() throws Exception {
        Path file = dir.resolve("det.json");
        assertThat(CliHarness.run("keys", "generate", "--out", file.toString(), "--mode", "deterministic").exitCode()).isZero();
        byte[] oldCiphertext = tinkRead(file).getPrimitive(RegistryConfiguration.get(), DeterministicAead.class)
                .encryptDeterministically(PLAINTEXT, AD);

        CliHarness.Result r = CliHarness.run("keys", "rotate", "--keyset", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        KeysetHandle after = tinkRead(file);
        assertThat(after.getPrimary().getKey().getParameters()).isEqualTo(PredefinedDeterministicAeadParameters.AES256_SIV);
        DeterministicAead daead = after.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
        assertThat(daead.decryptDeterministically(oldCiphertext, AD)).isEqualTo(PLAINTEXT);
        assertThat(daead.encryptDeterministically(PLAINTEXT, AD)).isNotEqualTo(oldCiphertext);
        assertThat(r.err()).contains("note: a deterministic keyset").contains("encrypted record keys change");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("det.json");
        }
        assertNoKeyMaterial(r, file);
    }

    @Test
    void rotateThroughASymbolicLinkReplacesTheFileNotTheLink() throws Exception {
        Path real = dir.resolve("real.json");
        Path link = dir.resolve("link.json");
        assertThat(CliHarness.run("keys", "generate", "--out", real.toString()).exitCode()).isZero();
        Files.createSymbolicLink(link, real.getFileName());

        assertThat(CliHarness.run("keys", "rotate", "--keyset", link.toString()).exitCode()).isZero();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(tinkRead(real).size()).isEqualTo(2);
    }

    @Test
    void showListsIdsStatusesTypesAndThePrimaryWithoutKeyMaterial() throws Exception {
        // A keyset built with Tink directly: an old disabled key, an enabled one, and the primary.
        KeysetHandle keyset = KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withFixedId(1001).setStatus(KeyStatus.DISABLED))
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withFixedId(1002))
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withFixedId(-5).makePrimary())
                .build();
        Path file = dir.resolve("keyset.json");
        Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));

        CliHarness.Result r = CliHarness.run("keys", "show", "--keyset", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        String primaryId = primaryKeyId(file); // unsigned, as Tink's JSON writes it
        assertThat(primaryId).isEqualTo("4294967291");
        assertThat(lines.get(0)).contains("3 keys").contains("primary " + primaryId);
        assertThat(lines.get(1).split("\\s{2,}")).containsExactly("KEY ID", "STATUS", "TYPE", "OUTPUT PREFIX", "PRIMARY");
        assertThat(lines.subList(2, 5)).map(l -> List.of(l.split("\\s+"))).containsExactly(
                List.of("1001", "DISABLED", "AES256_GCM", "TINK"),
                List.of("1002", "ENABLED", "AES256_GCM", "TINK"),
                List.of(primaryId, "ENABLED", "AES256_GCM", "TINK", "*"));
        assertNoKeyMaterial(r, file);
    }

    @Test
    void showOfAGeneratedAndRotatedKeysetMatchesTheFile() throws Exception {
        Path file = dir.resolve("det.json");
        assertThat(CliHarness.run("keys", "generate", "--out", file.toString(), "--mode", "deterministic").exitCode()).isZero();
        assertThat(CliHarness.run("keys", "rotate", "--keyset", file.toString()).exitCode()).isZero();

        CliHarness.Result r = CliHarness.run("keys", "show", "--keyset", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(file.toFile());
        List<String> expected = new ArrayList<>();
        for (JsonNode key : json.get("key")) {
            boolean primary = key.get("keyId").asText().equals(json.get("primaryKeyId").asText());
            expected.add(key.get("keyId").asText() + " " + key.get("status").asText() + " AES256_SIV "
                    + key.get("outputPrefixType").asText() + (primary ? " *" : ""));
        }
        assertThat(r.out().lines().skip(2).map(l -> l.replaceAll("\\s+", " "))).containsExactlyElementsOf(expected);
        assertNoKeyMaterial(r, file);
    }

    @Test
    void showReadsTheKeysetOfASourcesEncryptionBlock() throws Exception {
        Path file = dir.resolve("keyset.json");
        CliHarness.Result generated = CliHarness.run("keys", "generate", "--out", file.toString());
        assertThat(generated.exitCode()).isZero();
        // The config line generate prints reads the file it wrote.
        String keysetLine = generated.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(keysetLine).startsWith("use it in a source's cdc_features.encryption block: keyset: \"${file:/");
        Path config = dir.resolve("cdc.yaml");
        Files.writeString(config, """
                version: "1.0"
                sources:
                  users:
                    connector: datagen
                    config:
                      pattern: users
                      cdc_features:
                        encryption:
                          enabled: true
                          fields: [email]
                          %s
                  other: { connector: postgres-cdc, config: { host: db, database: app, user: cdc, password: "${DB_PASSWORD}" } }
                sinks:
                  out: { connector: stdout, config: {} }
                """.formatted(keysetLine.substring(keysetLine.indexOf("keyset: "))));
        // Only the source's encryption block is read: another source's password need not be set.

        CliHarness.Result r = CliHarness.run("keys", "show", "--config", config.toString(), "--source", "users");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("sources.users.config.cdc_features.encryption.keyset: 1 key, primary " + primaryKeyId(file));
        assertThat(r.out().lines().skip(2).toList()).singleElement().asString()
                .matches(primaryKeyId(file) + "\\s+ENABLED\\s+AES256_GCM\\s+TINK\\s+\\*");
        assertNoKeyMaterial(r, file);

        CliHarness.Result unknown = CliHarness.run("keys", "show", "--config", config.toString(), "--source", "pg");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no source named 'pg'").contains("users");
    }

    @Test
    void aCorruptKeysetIsAUsageErrorThatQuotesNothingFromTheFile() throws Exception {
        Path file = dir.resolve("keyset.json");
        assertThat(CliHarness.run("keys", "generate", "--out", file.toString()).exitCode()).isZero();
        String json = Files.readString(file);
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, json.substring(0, json.indexOf("\"value\"") + 20));
        Path notAKeyset = dir.resolve("other.json");
        Files.writeString(notAKeyset, "{\"primaryKeyId\": 7, \"key\": [{\"keyId\": 8}]}");

        for (String command : List.of("show", "rotate")) {
            CliHarness.Result cut = CliHarness.run("keys", command, "--keyset", truncated.toString());
            assertThat(cut.exitCode()).isEqualTo(2);
            assertThat(cut.err()).contains("keyset file " + truncated + " is not valid JSON (line ");
            assertNoKeyMaterial(cut, file);

            CliHarness.Result other = CliHarness.run("keys", command, "--keyset", notAKeyset.toString());
            assertThat(other.exitCode()).isEqualTo(2);
            assertThat(other.err()).contains("keyset file " + notAKeyset + " is not a valid Tink JSON keyset");

            CliHarness.Result missing = CliHarness.run("keys", command, "--keyset", dir.resolve("none.json").toString());
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err()).contains("does not exist");
        }
        assertThat(Files.readString(truncated)).isEqualTo(json.substring(0, json.indexOf("\"value\"") + 20));
    }

    @Test
    void anEncryptedKeysetIsNamedAsSuch() throws Exception {
        Path file = dir.resolve("wrapped.json");
        Files.writeString(file, "{\"encryptedKeyset\": \"AAAA\", \"keysetInfo\": {\"primaryKeyId\": 1}}");

        CliHarness.Result r = CliHarness.run("keys", "show", "--keyset", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("encrypted (KMS-wrapped) keyset");
    }

    @Test
    void showFromAConfigNamesASourceWithoutACleartextKeyset() throws Exception {
        Path config = dir.resolve("cdc.yaml");
        Files.writeString(config, """
                version: "1.0"
                sources:
                  raw:
                    connector: datagen
                    config: { pattern: users, cdc_features: { encryption: { enabled: true, fields: [email], key: "${KEY}" } } }
                  kms:
                    connector: datagen
                    config: { pattern: users, cdc_features: { encryption: { enabled: true, fields: [email], kms_uri: "aws-kms://arn:aws:kms:eu-west-1:000000000000:key/k", encrypted_keyset: "{}" } } }
                  none:
                    connector: datagen
                    config: { pattern: users }
                sinks:
                  out: { connector: stdout, config: {} }
                """);
        String rawKey = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'Q');

        CliHarness.Result raw = CliHarness.run(java.util.Map.of("KEY", rawKey), "keys", "show", "--config", config.toString(), "--source", "raw");
        CliHarness.Result kms = CliHarness.run(java.util.Map.of("KEY", rawKey), "keys", "show", "--config", config.toString(), "--source", "kms");
        CliHarness.Result none = CliHarness.run(java.util.Map.of("KEY", rawKey), "keys", "show", "--config", config.toString(), "--source", "none");

        assertThat(raw.exitCode()).isEqualTo(2);
        assertThat(raw.err()).contains("sources.raw.config.cdc_features.encryption has no keyset (it uses key:");
        assertThat(raw.out() + raw.err()).doesNotContain(rawKey);
        assertThat(kms.exitCode()).isEqualTo(2);
        assertThat(kms.err()).contains("sources.kms.config.cdc_features.encryption is a KMS-wrapped keyset");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("source 'none' has no sources.none.config.cdc_features.encryption block");
    }

    @Test
    void showNamesOtherKeyTypesByTheirTypeUrl() throws Exception {
        Path file = dir.resolve("eax.json");
        Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(
                KeysetHandle.generateNew(PredefinedAeadParameters.AES256_EAX), InsecureSecretKeyAccess.get()));

        CliHarness.Result r = CliHarness.run("keys", "show", "--keyset", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().skip(2).toList()).singleElement().asString()
                .matches(primaryKeyId(file) + "\\s+ENABLED\\s+AesEaxKey\\s+TINK\\s+\\*");
    }

    @Test
    void keysWithoutASubcommandIsAUsageError() {
        CliHarness.Result r = CliHarness.run("keys");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("a keys command is required");
    }

    private static KeysetHandle tinkRead(Path file) throws Exception {
        return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
    }

    private static String primaryKeyId(Path file) throws Exception {
        return JSON.readTree(file.toFile()).get("primaryKeyId").asText();
    }

    private static KeysetHandle.Entry entry(KeysetHandle keyset, String unsignedId) {
        for (int i = 0; i < keyset.size(); i++) {
            if (Integer.toUnsignedString(keyset.getAt(i).getId()).equals(unsignedId)) return keyset.getAt(i);
        }
        throw new AssertionError("no key " + unsignedId);
    }

    /**
     * Neither the serialized key data of the file (base64, as the JSON holds it) nor the raw AES key
     * bytes (in base64, base64url or hex, or any 12-character run of them) appear in stdout or stderr.
     */
    private static void assertNoKeyMaterial(CliHarness.Result r, Path keysetFile) throws Exception {
        String printed = r.out() + r.err();
        JsonNode json = JSON.readTree(keysetFile.toFile());
        List<String> secrets = new ArrayList<>();
        StreamSupport.stream(json.get("key").spliterator(), false)
                .map(k -> k.get("keyData").get("value").asText()).forEach(secrets::add);
        KeysetHandle keyset = tinkRead(keysetFile);
        for (int i = 0; i < keyset.size(); i++) {
            byte[] raw = rawKey(keyset.getAt(i).getKey());
            secrets.add(Base64.getEncoder().encodeToString(raw));
            secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
            secrets.add(HexFormat.of().formatHex(raw));
        }
        assertThat(secrets).isNotEmpty();
        for (String secret : secrets) {
            for (int at = 0; at + 12 <= secret.length(); at += 4) {
                assertThat(printed).doesNotContain(secret.substring(at, at + 12));
            }
        }
        assertThat(Arrays.asList(printed.split("\\W+"))).noneMatch(w -> secrets.contains(w));
    }

    private static byte[] rawKey(com.google.crypto.tink.Key key) {
        if (key instanceof AesGcmKey gcm) return gcm.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        if (key instanceof AesSivKey siv) return siv.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        throw new AssertionError("unexpected key type " + key.getClass());
    }
}
