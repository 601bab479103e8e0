package io.cdctoolkit.compat.registry;

import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry around Apicurio's serdes: only a closed connection, as 3.1.7 wraps it, and at most three times. */
class ApicurioClientRetryTest {

    /** What Kiota's Vert.x adapter throws for a request on a closed connection (the CI run's stack trace). */
    private static RuntimeException closedAsApicurioThrowsIt() {
        return new RuntimeException(new ExecutionException(new HttpClosedException("Connection was closed")));
    }

    @Test
    void aClosedConnectionIsAskedAgainAndTheAnswerReturned() {
        AtomicInteger calls = new AtomicInteger();
        String answer = ApicurioClientRetry.call(() -> {
            if (calls.incrementAndGet() == 1) throw closedAsApicurioThrowsIt();
            return "bytes";
        });
        assertThat(answer).isEqualTo("bytes");
        assertThat(calls).hasValue(2);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException refused = new IllegalStateException("409 Conflict: incompatible schema");
        assertThatThrownBy(() -> ApicurioClientRetry.call(() -> {
            calls.incrementAndGet();
            throw refused;
        })).isSameAs(refused);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aThirdClosedConnectionInARowIsThrown() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> ApicurioClientRetry.call(() -> {
            calls.incrementAndGet();
            throw closedAsApicurioThrowsIt();
        })).hasRootCauseInstanceOf(HttpClosedException.class);
        assertThat(calls).hasValue(3);
    }
}
