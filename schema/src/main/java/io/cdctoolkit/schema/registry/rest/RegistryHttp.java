package io.cdctoolkit.schema.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.cdctoolkit.schema.registry.RegistryThrottledException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One Confluent-style JSON request/answer exchange with retries: 5xx answers, 429 Too Many Requests, 408 Request
 * Timeout and I/O errors (refused connection, timeout, reset) are tried again after {@link RetryPolicy} backoffs (for
 * a 429, at least its {@code Retry-After}, up to the policy's longest pause) and end in a {@link RetryableException} —
 * a {@link RegistryServerErrorException} when every attempt got the same answer saying the registry itself failed, a
 * {@link RegistryThrottledException} when the last was a 429; any other 4xx answer ends at once in a
 * {@link RegistryRequestException} carrying the registry's {@code error_code} and message.
 */
final class RegistryHttp implements AutoCloseable {

    /** What Confluent's own client sends: its versioned media types first, plain JSON last. */
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_BODY_IN_MESSAGE = 2000;

    private final RestRegistrySettings settings;
    private final ObjectMapper json;
    private final HttpClient client;

    RegistryHttp(RestRegistrySettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1: no h2c upgrade dance with registries behind plain-HTTP proxies.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                // Never: a redirect would carry the Authorization header to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equalsIgnoreCase(settings.baseUrl().getScheme())) builder.sslContext(settings.tls().sslContext());
        this.client = builder.build();
    }

    JsonNode get(String pathAndQuery) {
        return exchange("GET", pathAndQuery, null);
    }

    JsonNode post(String pathAndQuery, JsonNode body) {
        return exchange("POST", pathAndQuery, body);
    }

    JsonNode put(String pathAndQuery, JsonNode body) {
        return exchange("PUT", pathAndQuery, body);
    }

    private JsonNode exchange(String method, String pathAndQuery, JsonNode body) {
        HttpRequest request = request(method, pathAndQuery, body);
        RetryPolicy retry = settings.retry();
        String lastProblem = "";
        Exception lastCause = null;
        // The status every attempt was answered with, while they all were answered alike; 0 once one was not.
        int sameStatus = -1;
        int lastStatus = 0;
        Duration retryAfter = Duration.ZERO;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1) pause(longer(retry.backoffAfter(attempt - 1), retryAfter), method, pathAndQuery);
            HttpResponse<byte[]> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                lastProblem = failure(e);
                lastCause = e;
                sameStatus = 0;
                lastStatus = 0;
                retryAfter = Duration.ZERO;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetryableException("interrupted while calling schema registry " + settings.describe(), e);
            }
            int status = response.statusCode();
            // 429: the registry (or a gateway in front of it, e.g. Confluent Cloud's) limits the request rate; 408:
            // it gave up waiting for the request. Neither says anything about the schema, so both are tried again
            // like a 5xx, as Confluent's own clients do, rather than refused (which would send the record to
            // on_error).
            if (status >= 500 || status == 429 || status == 408) {
                String problem = "HTTP " + status + ": " + errorText(response.body());
                sameStatus = sameStatus == -1 || (sameStatus == status && problem.equals(lastProblem)) ? status : 0;
                lastStatus = status;
                lastProblem = problem;
                lastCause = null;
                retryAfter = status == 429 ? retryAfter(response) : Duration.ZERO;
                continue;
            }
            if (status >= 400) throw requestRefused(method, pathAndQuery, status, response.body());
            if (status < 200 || status >= 300) {
                throw new IllegalStateException("schema registry " + settings.describe() + " answered " + method + " "
                        + pathAndQuery + " with HTTP " + status + " (redirects are not followed: give the final URL)");
            }
            return parse(method, pathAndQuery, response.body());
        }
        if (lastStatus == 429) {
            throw new RegistryThrottledException("schema registry " + settings.describe() + " limits the request rate:"
                    + " it answered " + method + " " + pathAndQuery + " with HTTP 429 Too Many Requests"
                    + (sameStatus == 429 ? " " + times(retry.maxAttempts()) : " at the last of " + retry.maxAttempts()
                    + " attempts") + ": " + lastProblem.substring("HTTP 429: ".length()), null);
        }
        if (sameStatus > 0 && RegistryServerErrorException.isTheRegistrysOwnFailure(sameStatus)) {
            throw new RegistryServerErrorException(sameStatus, "schema registry " + settings.describe() + " answered "
                    + method + " " + pathAndQuery + " with the same server error " + times(retry.maxAttempts()) + ": "
                    + lastProblem + " (it is reachable and failed on this request: its log says why)");
        }
        throw new RetryableException("schema registry " + settings.describe() + " failed " + method + " " + pathAndQuery
                + " " + retry.maxAttempts() + " times; last: " + lastProblem, lastCause);
    }

    /** The pause before the next attempt: the backoff, or the registry's {@code Retry-After} up to the longest one. */
    private Duration longer(Duration backoff, Duration retryAfter) {
        Duration longest = settings.retry().maxBackoff();
        Duration asked = retryAfter.compareTo(longest) > 0 ? longest : retryAfter;
        return asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    /** A 429's {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); zero if absent or unreadable. */
    private static Duration retryAfter(HttpResponse<byte[]> response) {
        String value = response.headers().firstValue("Retry-After").map(String::strip).orElse("");
        if (value.isEmpty()) return Duration.ZERO;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException neither) {
                return Duration.ZERO;
            }
        }
    }

    private static String times(int attempts) {
        return attempts == 1 ? "at its only attempt" : "at each of " + attempts + " attempts";
    }

    /**
     * What went wrong with one request, in words: the JDK's HTTP client reports a refused connection as a bare
     * {@code java.net.ConnectException} (no message) and an unknown host as one caused (a level or two down) by an
     * {@code UnresolvedAddressException}.
     */
    private String failure(IOException e) {
        URI url = settings.baseUrl();
        String address = url.getHost() + ":" + (url.getPort() >= 0 ? url.getPort()
                : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection to " + address + " within " + settings.connectTimeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + settings.requestTimeout().toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof UnresolvedAddressException) return "unknown host " + url.getHost();
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                return "nothing accepts connections at " + address + " (connection refused)";
            }
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private HttpRequest request(String method, String pathAndQuery, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + pathAndQuery))
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        settings.auth().authorizationHeader().ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE);
            builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private void pause(Duration pause, String method, String pathAndQuery) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("interrupted while retrying " + method + " " + pathAndQuery
                    + " on schema registry " + settings.describe(), e);
        }
    }

    private JsonNode parse(String method, String pathAndQuery, byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("schema registry " + settings.describe() + " answered " + method + " "
                    + pathAndQuery + " with something that is not JSON: " + truncate(new String(body, StandardCharsets.UTF_8)), e);
        }
    }

    /**
     * A 4xx: the registry's {@code {"error_code": …, "message": …}} (Confluent, Apicurio ccompat,
     * Karapace, Redpanda), whose message carries the incompatibility reasons for 409 and what is
     * wrong with the schema for 422; any further list of messages is appended.
     */
    private RegistryRequestException requestRefused(String method, String pathAndQuery, int status, byte[] body) {
        int errorCode = status;
        String message = errorText(body);
        JsonNode error = tryParse(body);
        if (error != null && error.isObject()) {
            if (error.path("error_code").canConvertToInt()) errorCode = error.path("error_code").asInt();
            if (error.path("messages").isArray() && !error.path("messages").isEmpty()) {
                StringBuilder all = new StringBuilder(message);
                error.path("messages").forEach(m -> all.append("; ").append(m.asText()));
                message = all.toString();
            }
        }
        return new RegistryRequestException(status, errorCode, message + " (HTTP " + status + ", error " + errorCode
                + ", " + method + " " + pathAndQuery + " on " + settings.describe() + ")");
    }

    private String errorText(byte[] body) {
        JsonNode error = tryParse(body);
        if (error != null && error.path("message").isTextual()) return error.path("message").asText();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "(no message)" : truncate(text);
    }

    private JsonNode tryParse(byte[] body) {
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }

    @Override
    public void close() {
        // HttpClient is AutoCloseable from Java 21 on; on 17 its threads end when it is unreachable.
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort
            }
        }
    }
}
