package io.cdctoolkit.security.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

import java.security.GeneralSecurityException;

/**
 * The Tink primitive of one keyset in one {@link EncryptionMode}: encrypts with the keyset's primary
 * key, decrypts with any enabled key (Tink picks it by the key id in the ciphertext's 5-byte prefix).
 * Thread-safe, as Tink's primitives are.
 */
public sealed interface FieldCipher {

    /** Encrypts {@code plaintext}, bound to {@code associatedData}. */
    byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

    /** Decrypts a ciphertext made with the same associated data; fails for any other. */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;

    /**
     * The primitive of {@code keyset} for {@code mode}.
     *
     * @throws GeneralSecurityException when the keyset holds no key of the mode's primitive
     *                                  (an AES-GCM keyset for deterministic mode, say)
     */
    static FieldCipher of(KeysetHandle keyset, EncryptionMode mode) throws GeneralSecurityException {
        TinkRegistration.ensure();
        return switch (mode) {
            case RANDOM -> new Random(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
            case DETERMINISTIC -> new Deterministic(
                    keyset.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class));
        };
    }

    /** AES256_GCM through Tink's {@link Aead}. */
    record Random(Aead aead) implements FieldCipher {
        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            return aead.encrypt(plaintext, associatedData);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            return aead.decrypt(ciphertext, associatedData);
        }

        @Override
        public String toString() {
            return "FieldCipher[random]";
        }
    }

    /** AES256_SIV through Tink's {@link DeterministicAead}. */
    record Deterministic(DeterministicAead daead) implements FieldCipher {
        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            return daead.encryptDeterministically(plaintext, associatedData);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            return daead.decryptDeterministically(ciphertext, associatedData);
        }

        @Override
        public String toString() {
            return "FieldCipher[deterministic]";
        }
    }
}
