package io.cdctoolkit.security;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.security.TestTables.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A KMS-wrapped keyset against moto_server's KMS: the key is created and the keyset wrapped with the
 * AWS SDK directly (the oracle), the stage unwraps it through kms_uri.
 */
class KmsKeysetMotoTest {

    private static MotoServer moto;
    private static KmsClient kms;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.shared();
        AeadConfig.register();
        kms = KmsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(moto.region()))
                .endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .build();
        // The stage uses the default credential chain; its first link is these system properties.
        System.setProperty("aws.accessKeyId", moto.accessKeyId());
        System.setProperty("aws.secretAccessKey", moto.secretAccessKey());
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (kms != null) kms.close();
    }

    /** The KMS key as a Tink Aead, straight on the AWS SDK (Tink's envelope passes empty associated data). */
    private static Aead kmsAead(String arn) {
        return new Aead() {
            @Override
            public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
                return kms.encrypt(r -> r.keyId(arn).plaintext(SdkBytes.fromByteArray(plaintext)))
                        .ciphertextBlob().asByteArray();
            }

            @Override
            public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
                return kms.decrypt(r -> r.keyId(arn).ciphertextBlob(SdkBytes.fromByteArray(ciphertext)))
                        .plaintext().asByteArray();
            }
        };
    }

    private static Map<String, Object> kmsBlock(String arn, String encryptedKeyset) {
        Map<String, Object> block = new HashMap<>();
        block.put("fields", List.of("ssn"));
        block.put("kms_uri", "aws-kms://" + arn);
        block.put("encrypted_keyset", encryptedKeyset);
        block.put("kms_endpoint", moto.endpoint().toString());
        block.put("kms_region", moto.region());
        return block;
    }

    @Test
    void a_keyset_wrapped_with_a_kms_key_encrypts_and_decrypts_and_tink_reads_it_back() throws Exception {
        String arn = kms.createKey(r -> r.description("cdc-toolkit test")).keyMetadata().arn();
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kmsAead(arn), new byte[0]);
        assertThat(wrapped).contains("encryptedKeyset");

        ChangeEvent out = applyOne(stage(kmsBlock(arn, wrapped)), flatEvent(USERS, user(1, null, "111-11-1111", null)));

        byte[] ct = ciphertext(out.value().get("ssn"));
        assertThat(keyIdOf(ct)).isEqualTo(keyset.getPrimary().getId());
        Aead oracle = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        assertThat(new String(oracle.decrypt(ct, "shop.public.users.ssn".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("\"111-11-1111\"");

        FieldDecryptor decryptor = FieldDecryptor.fromConfig("k", kmsBlock(arn, wrapped));
        assertThat(decryptor.decryptRecord(asJson(out.value()), out.headers().lastString(FieldDecryptor.CONTEXT_HEADER))
                .get("ssn").asText()).isEqualTo("111-11-1111");
    }

    @Test
    void a_keyset_wrapped_with_another_kms_key_is_a_config_error_at_create() throws Exception {
        String right = kms.createKey(r -> r.description("right")).keyMetadata().arn();
        String other = kms.createKey(r -> r.description("other")).keyMetadata().arn();
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        String wrapped = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, kmsAead(right), new byte[0]);

        assertThatThrownBy(() -> stage(kmsBlock(other, wrapped)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cdc_features.encryption.encrypted_keyset")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrapped.substring(20, 60)));
    }
}
