package io.cdctoolkit.cli;

import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;

/**
 * The encryption modes of {@code cdc_features.encryption.mode} and the Tink key type each one
 * uses; {@code keys generate --mode} names them the same way.
 */
enum KeysetMode {
    /** AES-256-GCM (Tink {@code Aead}): a fresh nonce per value. */
    RANDOM(PredefinedAeadParameters.AES256_GCM),
    /** AES-256-SIV (Tink {@code DeterministicAead}): equal plaintexts give equal ciphertexts. */
    DETERMINISTIC(PredefinedDeterministicAeadParameters.AES256_SIV);

    private final Parameters parameters;

    KeysetMode(Parameters parameters) {
        this.parameters = parameters;
    }

    /** Tink's parameters of a new key of this mode (with Tink's 5-byte key id prefix). */
    Parameters parameters() {
        return parameters;
    }
}
