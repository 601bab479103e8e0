package io.cdctoolkit.schema.glue;

import java.util.Objects;

/**
 * How the Glue client authenticates. Secrets never appear in {@link Object#toString()}, logs or
 * exception messages.
 */
public sealed interface GlueCredentials {

    /** The AWS SDK's default provider chain (environment, system properties, profile, container/instance role). */
    static GlueCredentials defaultChain() {
        return DefaultChain.INSTANCE;
    }

    /** A static access key pair (no session token). */
    static GlueCredentials staticKeys(String accessKeyId, String secretAccessKey) {
        return new StaticKeys(accessKeyId, secretAccessKey, null);
    }

    /** The SDK's default credentials provider chain. */
    enum DefaultChain implements GlueCredentials {
        INSTANCE;

        @Override
        public String toString() {
            return "default credentials chain";
        }
    }

    /**
     * A static access key, with an optional session token (temporary credentials).
     *
     * @param accessKeyId     the access key id (shown in messages: it is not a secret)
     * @param secretAccessKey the secret key (never shown)
     * @param sessionToken    the session token, or null (never shown)
     */
    record StaticKeys(String accessKeyId, String secretAccessKey, String sessionToken) implements GlueCredentials {
        public StaticKeys {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            if (accessKeyId.isBlank()) throw new IllegalArgumentException("access key id is empty");
            if (secretAccessKey.isBlank()) throw new IllegalArgumentException("secret access key is empty");
        }

        @Override
        public String toString() {
            return "static access key " + accessKeyId + (sessionToken == null ? "" : " with session token");
        }
    }
}
