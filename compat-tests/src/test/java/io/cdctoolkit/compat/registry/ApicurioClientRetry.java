package io.cdctoolkit.compat.registry;

import io.vertx.core.http.HttpClosedException;

import java.util.function.Supplier;

/**
 * Runs a call into Apicurio's serdes (3.1.7) again when their HTTP client sent it on a pooled connection
 * that the server had already closed.
 *
 * <p>Why by hand: it is a known bug in Apicurio's client, Apicurio/apicurio-registry#7844 ("Intermittent
 * HttpClosedException in Vert.x client"). Its SDK retries {@code HttpClosedException}, but in 3.1.7 it looks
 * only at the exception Kiota's adapter throws, and that one wraps the closed connection in
 * {@code RuntimeException(ExecutionException(HttpClosedException))}. So the retry never fires. 3.1.7 is the
 * newest serde Maven Central serves here. A fresh-clone CI run failed once on it, in
 * {@code WeReadApicurioBytesTest}, while the registry answered every other test of that JVM. This helper does
 * what the fixed SDK does: a bounded retry of the same request when the cause chain holds a closed
 * connection. The requests are idempotent: a lookup, or an auto-register that finds or creates one version.
 * Any other failure, and a third closed connection in a row, is thrown as it is.
 */
public final class ApicurioClientRetry {

    private static final int ATTEMPTS = 3;

    private ApicurioClientRetry() {
    }

    /** {@code call}'s result, asked again (at most {@value #ATTEMPTS} times in all) after a closed connection. */
    public static <T> T call(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !closedConnection(e)) throw e;
                // Said, so that a test log shows the retry happened.
                System.err.println("Apicurio's client sent a request on a connection the server had closed (attempt "
                        + attempt + " of " + ATTEMPTS + "): asking again");
                pause(100L * attempt);
            }
        }
    }

    static boolean closedConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) return true;
        }
        return false;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to ask Apicurio Registry again", e);
        }
    }
}
