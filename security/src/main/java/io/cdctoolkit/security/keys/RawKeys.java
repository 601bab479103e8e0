package io.cdctoolkit.security.keys;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.util.SecretBytes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Wraps a raw 32-byte key (the {@code key} option) into a one-key Tink keyset, so that raw keys and
 * keysets share one ciphertext format (Tink's 5-byte prefix with the key id) and a raw key can later
 * be moved into a keyset and rotated.
 *
 * <p>The key id is derived, not random, so the same key gives the same id in every run (a random id
 * would make yesterday's ciphertexts undecryptable by today's process): the first four bytes of
 * HKDF-SHA256(key, salt = none, info = {@code "cdc-toolkit/key-id/v1"}), big-endian. Being an HKDF
 * output under its own label, it reveals nothing usable about the key.
 *
 * <p>Deterministic mode needs a 64-byte AES-SIV key (AES256_SIV is two AES-256 keys); it is expanded
 * from the 32-byte key with HKDF-SHA256 (info {@code "cdc-toolkit/aes256-siv/v1"}). Random mode uses
 * the key as the AES256_GCM key directly.
 */
final class RawKeys {

    static final int KEY_BYTES = 32;
    private static final String HMAC = "HMACSHA256";
    private static final byte[] NO_SALT = new byte[0];
    private static final byte[] KEY_ID_INFO = "cdc-toolkit/key-id/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIV_INFO = "cdc-toolkit/aes256-siv/v1".getBytes(StandardCharsets.US_ASCII);

    private RawKeys() {
    }

    /** The key id a raw key gets (see the class comment). */
    static int keyId(byte[] rawKey) throws GeneralSecurityException {
        byte[] id = Hkdf.computeHkdf(HMAC, rawKey, NO_SALT, KEY_ID_INFO, 4);
        return ((id[0] & 0xff) << 24) | ((id[1] & 0xff) << 16) | ((id[2] & 0xff) << 8) | (id[3] & 0xff);
    }

    /** A keyset holding only {@code rawKey} (32 bytes), as the primary key of {@code mode}'s primitive. */
    static KeysetHandle keyset(byte[] rawKey, EncryptionMode mode) throws GeneralSecurityException {
        if (rawKey.length != KEY_BYTES) throw new GeneralSecurityException("a raw key must be 32 bytes");
        TinkRegistration.ensure();
        int id = keyId(rawKey);
        Key key = switch (mode) {
            case RANDOM -> AesGcmKey.builder()
                    .setParameters(AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12)
                            .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.TINK).build())
                    .setKeyBytes(SecretBytes.copyFrom(rawKey, InsecureSecretKeyAccess.get()))
                    .setIdRequirement(id)
                    .build();
            case DETERMINISTIC -> AesSivKey.builder()
                    .setParameters(AesSivParameters.builder().setKeySizeBytes(64)
                            .setVariant(AesSivParameters.Variant.TINK).build())
                    .setKeyBytes(SecretBytes.copyFrom(Hkdf.computeHkdf(HMAC, rawKey, NO_SALT, SIV_INFO, 64),
                            InsecureSecretKeyAccess.get()))
                    .setIdRequirement(id)
                    .build();
        };
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(key).withFixedId(id).makePrimary())
                .build();
    }
}
