package io.cdctoolkit.security.keys;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The key options of an {@code encryption} block — where the keyset comes from — shared by the
 * encryption stage and the decrypt side ({@code FieldDecryptor}, {@code tail --decrypt}). Exactly one
 * source: {@code keyset} (a cleartext Tink JSON keyset), {@code key} (a base64 32-byte key) or
 * {@code kms_uri} + {@code encrypted_keyset} (a Tink keyset encrypted with an AWS KMS key).
 *
 * <p>No message produced here contains key material: a problem names the key path and the reason
 * only, and Tink's or AWS's own messages (which might quote their input) are never passed on.
 */
public final class KeyOptions {

    /** {@code mode}: random (AES256_GCM) or deterministic (AES256_SIV). */
    public static final OptionSpec MODE = OptionSpec.oneOf("mode", "random", "deterministic").defaultValue("random")
            .doc("random: Tink Aead AES256_GCM (equal values encrypt differently); deterministic: Tink"
                    + " DeterministicAead AES256_SIV (equal values in the same column encrypt equally: joins, compaction)")
            .build();
    public static final OptionSpec KEYSET = OptionSpec.string("keyset").secret()
            .doc("Tink JSON keyset (cleartext), e.g. ${file:/secrets/cdc-keyset.json}; its primary key encrypts,"
                    + " every enabled key decrypts").build();
    public static final OptionSpec KEY = OptionSpec.string("key").secret()
            .doc("Base64 32-byte key, e.g. ${CDC_ENCRYPTION_KEY}, wrapped into a one-key keyset whose key id is"
                    + " derived from the key").build();
    public static final OptionSpec KMS_URI = OptionSpec.string("kms_uri").secret()
            .doc("aws-kms://arn:aws:kms:<region>:<account>:key/<id>: the KMS key that encrypted encrypted_keyset").build();
    public static final OptionSpec ENCRYPTED_KEYSET = OptionSpec.string("encrypted_keyset").secret()
            .doc("Tink JSON EncryptedKeyset, encrypted with the kms_uri key (Tink's KMS envelope)").build();
    public static final OptionSpec KMS_ENDPOINT = OptionSpec.string("kms_endpoint")
            .doc("KMS endpoint override (e.g. a local KMS emulator); default: AWS's endpoint for the region").build();
    public static final OptionSpec KMS_REGION = OptionSpec.string("kms_region")
            .doc("KMS region; default: the region in the kms_uri ARN").build();

    private static final String KMS_SCHEME = "aws-kms://";
    /** Tink's KMS envelope with the default (empty) associated data, as Tinkey writes it. */
    private static final byte[] KEYSET_ASSOCIATED_DATA = new byte[0];

    private KeyOptions() {
    }

    /** The mode and key options, in the order {@code spec} lists them. */
    public static List<OptionSpec> specs() {
        return List.of(MODE, KEYSET, KEY, KMS_URI, ENCRYPTED_KEYSET, KMS_ENDPOINT, KMS_REGION);
    }

    /** The mode the options name. */
    public static EncryptionMode mode(Options options) {
        return EncryptionMode.parse(options.string(MODE.name()));
    }

    /**
     * What is wrong with the key options without connecting anywhere: no source or two, a keyset that
     * does not parse or holds no key of the mode's primitive, a key that is not 32 base64 bytes, a
     * malformed {@code kms_uri}.
     */
    public static List<ConfigProblem> validate(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        String at = options.keyPath();
        List<String> given = new ArrayList<>();
        for (OptionSpec source : List.of(KEYSET, KEY, KMS_URI)) {
            if (options.has(source.name())) given.add(source.name());
        }
        if (given.isEmpty()) {
            problems.add(new ConfigProblem(at, "no key material: set one of keyset, key, or kms_uri with"
                    + " encrypted_keyset", "e.g. keyset: ${file:/secrets/cdc-keyset.json}"));
            return problems;
        }
        if (given.size() > 1) {
            problems.add(new ConfigProblem(at + "." + given.get(1), "two key sources given (" + String.join(" and ", given)
                    + ")", "keep exactly one of keyset, key, kms_uri"));
            return problems;
        }
        boolean kms = options.has(KMS_URI.name());
        if (kms != options.has(ENCRYPTED_KEYSET.name())) {
            problems.add(kms
                    ? new ConfigProblem(at + "." + KMS_URI.name(), "kms_uri needs encrypted_keyset", null)
                    : new ConfigProblem(at + "." + ENCRYPTED_KEYSET.name(), "encrypted_keyset needs kms_uri", null));
        }
        if (!kms) {
            for (OptionSpec kmsOnly : List.of(KMS_ENDPOINT, KMS_REGION)) {
                if (options.has(kmsOnly.name())) {
                    problems.add(new ConfigProblem(at + "." + kmsOnly.name(), kmsOnly.name() + " is only used with kms_uri", null));
                }
            }
        }
        EncryptionMode mode = mode(options);
        try {
            if (options.has(KEYSET.name())) {
                FieldCipher.of(cleartextKeyset(options), mode);
            } else if (options.has(KEY.name())) {
                rawKey(options);
            } else {
                kmsKeyArn(options);
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (GeneralSecurityException e) {
            problems.add(wrongPrimitive(at + "." + KEYSET.name(), mode));
        }
        return problems;
    }

    /**
     * The keyset the options name; unwraps a KMS-wrapped keyset through AWS KMS (network).
     *
     * @throws ConfigException when the key material is missing or unusable (the problem names the
     *                         key path, never the material)
     */
    public static KeysetHandle load(Options options) throws ConfigException {
        List<ConfigProblem> problems = validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        String at = options.keyPath();
        EncryptionMode mode = mode(options);
        KeysetHandle keyset;
        if (options.has(KEYSET.name())) {
            keyset = cleartextKeyset(options);
        } else if (options.has(KEY.name())) {
            try {
                keyset = RawKeys.keyset(rawKey(options), mode);
            } catch (GeneralSecurityException e) {
                throw new ConfigException(at + "." + KEY.name(), "cannot make a keyset of the key", null);
            }
        } else {
            keyset = kmsKeyset(options);
        }
        try {
            FieldCipher.of(keyset, mode);
        } catch (GeneralSecurityException e) {
            String where = options.has(KMS_URI.name()) ? ENCRYPTED_KEYSET.name() : KEYSET.name();
            throw new ConfigException(List.of(wrongPrimitive(at + "." + where, mode)));
        }
        return keyset;
    }

    private static ConfigProblem wrongPrimitive(String keyPath, EncryptionMode mode) {
        return new ConfigProblem(keyPath, "the keyset has no usable primary key for mode "
                + mode.optionValue(), mode == EncryptionMode.RANDOM
                ? "mode random needs an AEAD keyset (AES256_GCM)"
                : "mode deterministic needs a DeterministicAead keyset (AES256_SIV)");
    }

    private static KeysetHandle cleartextKeyset(Options options) throws ConfigException {
        TinkRegistration.ensure();
        String text = options.string(KEYSET.name());
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(text, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Tink's parse errors may quote the input, and so would an echo of the value: only say what was expected.
            // Not JSON at all is most often the keyset file's name written where its text belongs.
            throw new ConfigException(options.keyPath() + "." + KEYSET.name(), "is not a Tink JSON keyset",
                    text.strip().startsWith("{")
                            ? "write it with `cdc-toolkit keys generate` or Tinkey (--out-format json)"
                            : "keyset takes the keyset's JSON text, not a file name: to read a file, write keyset:"
                                    + " \"${file:keyset.json}\", a path relative to the config file's folder;"
                                    + " `cdc-toolkit keys generate` writes one");
        }
    }

    private static byte[] rawKey(Options options) throws ConfigException {
        String at = options.keyPath() + "." + KEY.name();
        byte[] key;
        try {
            String text = options.string(KEY.name()).strip();
            // Both base64 alphabets: a key pasted from a url-safe tool is as good.
            key = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "is not base64", "e.g. openssl rand -base64 32");
        }
        if (key.length != RawKeys.KEY_BYTES) {
            throw new ConfigException(at, "must decode to 32 bytes, decodes to " + key.length,
                    "e.g. openssl rand -base64 32");
        }
        return key;
    }

    /** The key ARN of {@code kms_uri} ({@code aws-kms://<arn>}). */
    private static String kmsKeyArn(Options options) throws ConfigException {
        String uri = options.string(KMS_URI.name()).strip();
        String at = options.keyPath() + "." + KMS_URI.name();
        if (!uri.startsWith(KMS_SCHEME)) {
            throw new ConfigException(at, "must start with aws-kms://", "aws-kms://arn:aws:kms:<region>:<account>:key/<id>");
        }
        String arn = uri.substring(KMS_SCHEME.length());
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("kms") || parts[3].isEmpty()
                || parts[5].isEmpty()) {
            throw new ConfigException(at, "does not hold a KMS key ARN", "aws-kms://arn:aws:kms:<region>:<account>:key/<id>");
        }
        return arn;
    }

    private static KeysetHandle kmsKeyset(Options options) throws ConfigException {
        String arn = kmsKeyArn(options);
        String region = options.optionalString(KMS_REGION.name()).orElse(arn.split(":")[3]);
        software.amazon.awssdk.services.kms.KmsClientBuilder client = KmsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        options.optionalString(KMS_ENDPOINT.name()).ifPresent(e -> client.endpointOverride(URI.create(e)));
        try (KmsClient kms = client.build()) {
            return unwrap(options, new KmsAead(kms, arn));
        } catch (SdkException e) {
            throw new ConfigException(options.keyPath() + "." + KMS_URI.name(), "cannot reach AWS KMS: "
                    + KmsAead.reason(e), null);
        }
    }

    /** The keyset of {@code encrypted_keyset}, decrypted with {@code keyEncryptionKey}. */
    static KeysetHandle unwrap(Options options, com.google.crypto.tink.Aead keyEncryptionKey) throws ConfigException {
        TinkRegistration.ensure();
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(options.string(ENCRYPTED_KEYSET.name()),
                    keyEncryptionKey, KEYSET_ASSOCIATED_DATA);
        } catch (GeneralSecurityException | RuntimeException e) {
            String why = e.getMessage() != null && e.getMessage().startsWith("AWS KMS") ? ": " + e.getMessage() : "";
            throw new ConfigException(options.keyPath() + "." + ENCRYPTED_KEYSET.name(),
                    "cannot be decrypted with the kms_uri key" + why,
                    "it must be a Tink JSON encrypted keyset made with this KMS key");
        }
    }
}
