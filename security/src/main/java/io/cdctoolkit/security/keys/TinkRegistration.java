package io.cdctoolkit.security.keys;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.daead.DeterministicAeadConfig;

import java.security.GeneralSecurityException;

/**
 * Registers Tink's AEAD and deterministic-AEAD key types once per JVM: Tink needs them registered to
 * parse keysets of those types (its registry is global by design; registering twice is a no-op).
 */
final class TinkRegistration {

    private TinkRegistration() {
    }

    private static final class Once {
        static final boolean DONE = register();

        private static boolean register() {
            try {
                AeadConfig.register();
                DeterministicAeadConfig.register();
                return true;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot register Tink's AEAD key types", e);
            }
        }
    }

    static void ensure() {
        if (!Once.DONE) throw new IllegalStateException("Tink registration failed");
    }
}
