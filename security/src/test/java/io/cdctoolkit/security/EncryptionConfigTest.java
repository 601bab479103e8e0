package io.cdctoolkit.security;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static io.cdctoolkit.security.TestTables.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptionConfigTest {

    private static final String AT = "sources.pg.config.cdc_features.encryption";
    private static final String KEY = EncryptionStageTest.rawKey();

    private static List<ConfigProblem> problems(Map<String, Object> block) throws ConfigException {
        EncryptionFactory factory = new EncryptionFactory();
        return factory.validate(Options.of(AT, factory.spec().options(), block));
    }

    private static String text(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }

    private static Map<String, Object> block(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        m.put("fields", List.of("ssn"));
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    @Test
    void is_found_by_the_service_loader_and_lists_every_key_option_as_secret() {
        FeatureFactory found = ServiceLoader.load(FeatureFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.spec().name().equals("encryption")).findFirst().orElseThrow();
        assertThat(found.spec().options()).contains(FeatureFactory.ENABLED);
        assertThat(found.spec().options().stream().filter(OptionSpec::secret).map(OptionSpec::name))
                .containsExactlyInAnyOrder("keyset", "key", "kms_uri", "encrypted_keyset");
    }

    @Test
    void no_key_material_is_a_problem_at_the_block() throws Exception {
        List<ConfigProblem> problems = problems(block());
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo(AT);
            assertThat(p.message()).contains("no key material");
        });
    }

    @Test
    void two_key_sources_are_a_problem_that_quotes_neither() throws Exception {
        String keyset = json(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        List<ConfigProblem> problems = problems(block("keyset", keyset, "key", KEY));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("two key sources"));
        assertThat(text(problems)).doesNotContain(KEY).doesNotContain(keyset).doesNotContain("AESGCM");
    }

    @Test
    void a_key_that_is_not_32_base64_bytes_is_a_problem_that_does_not_quote_it() throws Exception {
        String notBase64 = "this is my secret key!!";
        String short16 = "AAECAwQFBgcICQoLDA0ODw==";
        List<ConfigProblem> a = problems(block("key", notBase64));
        List<ConfigProblem> b = problems(block("key", short16));
        assertThat(a).singleElement().satisfies(p -> assertThat(p.keyPath()).isEqualTo(AT + ".key"));
        assertThat(b).singleElement().satisfies(p -> assertThat(p.message()).contains("32 bytes", "16"));
        assertThat(text(a)).doesNotContain(notBase64).doesNotContain("secret key");
        assertThat(text(b)).doesNotContain(short16);
    }

    @Test
    void a_keyset_that_is_not_a_keyset_or_of_the_wrong_primitive_is_a_problem() throws Exception {
        String broken = "{\"primaryKeyId\": 1, \"key\": [{\"keyData\": {\"value\": \"TOPSECRETMATERIAL\"";
        List<ConfigProblem> a = problems(block("keyset", broken));
        assertThat(a).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo(AT + ".keyset");
            assertThat(p.message()).isEqualTo("is not a Tink JSON keyset");
        });
        assertThat(text(a)).doesNotContain("TOPSECRET");
        assertThat(a.get(0).fix()).as("JSON that does not parse").contains("keys generate").doesNotContain("${file:");

        List<ConfigProblem> path = problems(block("keyset", "./secret-keys.json"));
        assertThat(path).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo(AT + ".keyset");
            assertThat(p.message()).isEqualTo("is not a Tink JSON keyset");
            assertThat(p.fix()).as("a file name where the keyset's text belongs").contains("${file:keyset.json}");
        });
        assertThat(text(path)).as("the value is never echoed").doesNotContain("secret-keys");

        String gcm = json(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        List<ConfigProblem> b = problems(block("keyset", gcm, "mode", "deterministic"));
        assertThat(b).singleElement().satisfies(p -> assertThat(p.fix()).contains("AES256_SIV"));
        assertThat(text(b)).doesNotContain(gcm);
    }

    @Test
    void kms_options_must_come_together_and_name_a_kms_key() throws Exception {
        assertThat(problems(block("kms_uri", "aws-kms://arn:aws:kms:us-east-1:123456789012:key/abc")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("needs encrypted_keyset"));
        assertThat(problems(block("kms_uri", "gcp-kms://projects/x", "encrypted_keyset", "{}")))
                .singleElement().satisfies(p -> assertThat(p.keyPath()).isEqualTo(AT + ".kms_uri"));
        assertThat(problems(block("key", KEY, "kms_region", "eu-west-1")))
                .singleElement().satisfies(p -> assertThat(p.keyPath()).isEqualTo(AT + ".kms_region"));
        assertThat(problems(block("kms_uri", "aws-kms://arn:aws:kms:us-east-1:123456789012:key/abc",
                "encrypted_keyset", "{}"))).isEmpty(); // unwrapping needs KMS: create() does it
    }

    @Test
    void bad_field_globs_are_problems_at_their_index() throws Exception {
        Map<String, Object> b = block("key", KEY);
        b.put("fields", List.of("ok", "a..b"));
        assertThat(problems(b)).singleElement().satisfies(p -> assertThat(p.keyPath()).isEqualTo(AT + ".fields[1]"));
    }

    @Test
    void create_throws_the_same_problems_and_the_exception_never_quotes_key_material() {
        assertThatThrownBy(() -> stage(block("key", "c2VjcmV0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AT + ".key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2VjcmV0"));
    }

    @Test
    void a_raw_key_gets_the_same_derived_key_id_in_every_run_so_old_ciphertexts_keep_decrypting() throws Exception {
        ChangeEvent first = applyOne(stage(block("key", KEY)), flatEvent(USERS, user(1, null, "111", null)));
        ChangeEvent second = applyOne(stage(block("key", KEY)), flatEvent(USERS, user(1, null, "111", null)));
        int id = keyIdOf(ciphertext(first.value().get("ssn")));
        assertThat(keyIdOf(ciphertext(second.value().get("ssn")))).isEqualTo(id);
        // The id is HKDF-SHA256(key, info "cdc-toolkit/key-id/v1")[0..4], computed here with the JDK alone.
        assertThat(id).isEqualTo(hkdfKeyId(java.util.Base64.getDecoder().decode(KEY)));
        // A restarted process (a new decryptor from the same key) decrypts the first run's rows.
        FieldDecryptor later = FieldDecryptor.fromConfig("k", Map.of("key", KEY));
        assertThat(later.decryptValue((String) first.value().get("ssn"), "shop.public.users", "ssn").asText())
                .isEqualTo("111");
    }

    /** RFC 5869 HKDF-SHA256 with an empty salt, first four bytes: an oracle independent of Tink. */
    private static int hkdfKeyId(byte[] ikm) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new javax.crypto.spec.SecretKeySpec(prk, "HmacSHA256"));
        mac.update("cdc-toolkit/key-id/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        byte[] t = mac.doFinal();
        return ((t[0] & 0xff) << 24) | ((t[1] & 0xff) << 16) | ((t[2] & 0xff) << 8) | (t[3] & 0xff);
    }

    @Test
    void options_print_without_key_material() throws Exception {
        EncryptionFactory factory = new EncryptionFactory();
        Options options = Options.of(AT, factory.spec().options(), block("key", KEY));
        assertThat(options.toString()).doesNotContain(KEY);
        assertThat(stage(block("key", KEY)).toString()).doesNotContain(KEY);
    }
}
