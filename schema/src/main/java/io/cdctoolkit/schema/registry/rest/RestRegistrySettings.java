package io.cdctoolkit.schema.registry.rest;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything {@link ConfluentRestRegistryClient} needs to reach one Confluent-compatible registry.
 * Immutable; printing it never shows a password or token.
 *
 * @param baseUrl        the API base, e.g. {@code https://sr:8081} or Apicurio's
 *                       {@code http://host:8080/apis/ccompat/v7}; without credentials in it
 * @param auth           credentials sent with every request
 * @param tls            trust store and, for mTLS, client key store (used for {@code https} URLs)
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for an answer to one request
 * @param retry          retries of 5xx answers and I/O errors
 */
public record RestRegistrySettings(URI baseUrl, RegistryAuth auth, TlsSettings tls,
                                   Duration connectTimeout, Duration requestTimeout, RetryPolicy retry) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public RestRegistrySettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("schema registry URL must be an absolute http or https URL");
        }
        // The URL ends up in messages and logs: credentials in it would leak there (the URL is not echoed here either).
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("schema registry URL must not contain credentials: give them as auth settings");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("schema registry URL must not have a query or fragment: " + baseUrl);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("schema registry timeouts must be positive");
        }
        String text = baseUrl.toString();
        while (text.endsWith("/")) text = text.substring(0, text.length() - 1);
        baseUrl = URI.create(text);
    }

    /** No auth, default TLS, 10 s to connect, 30 s per request, {@link RetryPolicy#DEFAULT}. */
    public static RestRegistrySettings of(String baseUrl) {
        return new RestRegistrySettings(URI.create(baseUrl), RegistryAuth.NONE, TlsSettings.DEFAULT,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, RetryPolicy.DEFAULT);
    }

    public RestRegistrySettings withAuth(RegistryAuth newAuth) {
        return new RestRegistrySettings(baseUrl, newAuth, tls, connectTimeout, requestTimeout, retry);
    }

    public RestRegistrySettings withTls(TlsSettings newTls) {
        return new RestRegistrySettings(baseUrl, auth, newTls, connectTimeout, requestTimeout, retry);
    }

    public RestRegistrySettings withTimeouts(Duration connect, Duration request) {
        return new RestRegistrySettings(baseUrl, auth, tls, connect, request, retry);
    }

    public RestRegistrySettings withRetry(RetryPolicy newRetry) {
        return new RestRegistrySettings(baseUrl, auth, tls, connectTimeout, requestTimeout, newRetry);
    }

    /** The URL and the kind of credentials, never the credentials: for messages. */
    public String describe() {
        return baseUrl + " (" + auth.describe() + (tls.mutual() ? ", mTLS" : "") + ")";
    }
}
