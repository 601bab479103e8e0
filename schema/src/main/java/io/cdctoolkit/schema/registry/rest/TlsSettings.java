package io.cdctoolkit.schema.registry.rest;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS towards the registry: which server certificates to trust (the JDK's default CAs when no trust
 * store is given) and, for mTLS, the client's own key and certificate.
 *
 * @param trustStore the CAs / certificates to trust, instead of the JDK's
 * @param keyStore   the client key store for mTLS (its password also unlocks the key)
 */
public record TlsSettings(Optional<KeyStoreFile> trustStore, Optional<KeyStoreFile> keyStore) {

    /** The JDK's defaults: its CA certificates, no client certificate. */
    public static final TlsSettings DEFAULT = new TlsSettings(Optional.empty(), Optional.empty());

    public TlsSettings {
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(keyStore, "keyStore");
    }

    /** Whether a client certificate is presented (mTLS). */
    public boolean mutual() {
        return keyStore.isPresent();
    }

    /** The SSL context these settings describe. */
    SSLContext sslContext() {
        if (this.equals(DEFAULT)) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no default TLS context: " + e.getMessage(), e);
            }
        }
        try {
            KeyManager[] keys = null;
            if (keyStore.isPresent()) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore.get().load(), keyStore.get().password().value().toCharArray());
                keys = kmf.getKeyManagers();
            }
            TrustManager[] trust = null;
            if (trustStore.isPresent()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore.get().load());
                trust = tmf.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null); // null: the JDK's defaults for what is not configured
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }
}
