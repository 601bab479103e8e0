package io.cdctoolkit.security.keys;

import java.util.Locale;

/** How listed fields are encrypted: the {@code mode} option of the {@code encryption} block. */
public enum EncryptionMode {
    /** Tink {@code Aead}, AES256_GCM: a fresh nonce per value, so equal plaintexts give different ciphertexts. */
    RANDOM,
    /** Tink {@code DeterministicAead}, AES256_SIV: equal plaintexts (and place) give equal ciphertexts. */
    DETERMINISTIC;

    /** The option spelling ({@code random}, {@code deterministic}). */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode an option value names. */
    public static EncryptionMode parse(String optionValue) {
        return valueOf(optionValue.toUpperCase(Locale.ROOT));
    }
}
