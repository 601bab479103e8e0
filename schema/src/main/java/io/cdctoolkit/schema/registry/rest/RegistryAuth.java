package io.cdctoolkit.schema.registry.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How requests prove who sends them: nothing, HTTP basic, or a bearer token. (mTLS is a client key
 * store in {@link TlsSettings}.) {@code toString()} never shows a password or token.
 */
public sealed interface RegistryAuth {

    /** No credentials. */
    RegistryAuth NONE = new None();

    /** The {@code Authorization} header value, if any. */
    Optional<String> authorizationHeader();

    /** What kind of credentials, for messages (never the credentials). */
    String describe();

    /** No credentials. */
    record None() implements RegistryAuth {
        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no auth";
        }
    }

    /** HTTP basic authentication (RFC 7617, UTF-8). */
    record Basic(String username, Secret password) implements RegistryAuth {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.indexOf(':') >= 0) throw new IllegalArgumentException("a basic-auth username cannot contain ':'");
        }

        @Override
        public Optional<String> authorizationHeader() {
            String pair = username + ":" + password.value();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String describe() {
            return "basic auth";
        }
    }

    /** A bearer token (e.g. an OAuth access token), sent as {@code Authorization: Bearer …}. */
    record Bearer(Secret token) implements RegistryAuth {
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token.value());
        }

        @Override
        public String describe() {
            return "bearer token";
        }
    }
}
