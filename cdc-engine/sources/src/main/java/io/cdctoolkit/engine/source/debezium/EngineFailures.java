package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** Sorts a Debezium engine failure into "cannot reach / log in" and everything else. */
final class EngineFailures {

    private EngineFailures() {
    }

    /**
     * A {@link ConnectivityException} when the cause chain shows an unreachable host or a refused
     * login (SQL states 08xxx and 28xxx), else a {@link FatalException}; both carry Debezium's message.
     */
    static Exception classify(String description, String message, Throwable error) {
        String detail = rootMessage(message, error);
        if (isConnectivity(error) || looksLikeConnectivity(detail)) {
            return new ConnectivityException(description + ": cannot connect: " + detail, error);
        }
        return new FatalException(description + ": Debezium stopped: " + detail, error);
    }

    static boolean isConnectivity(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28"))) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    /**
     * Debezium reports failed connector validation (its first connection attempt) as a message
     * without the driver's exception, so the drivers' wording is the only clue left.
     */
    static boolean looksLikeConnectivity(String message) {
        if (message == null) return false;
        String m = message.toLowerCase(java.util.Locale.ROOT);
        for (String clue : CONNECTIVITY_CLUES) {
            if (m.contains(clue)) return true;
        }
        return false;
    }

    private static final java.util.List<String> CONNECTIVITY_CLUES = java.util.List.of(
            "connection refused", "refused. check that the hostname", "password authentication failed",
            "no pg_hba.conf entry", "access denied for user", "communications link failure", "unknownhostexception",
            "unknown host", "could not connect", "socket fail to connect", "login failed for user",
            "the tcp/ip connection to the host");

    /**
     * Debezium's message with the deepest message of the cause chain: that one says what went wrong, the outer ones
     * ("An exception occurred in the change event producer") only where. The deepest cause itself may have none (a
     * DDL parser's {@code NoViableAltException}, under the {@code ParsingException} naming the statement).
     */
    private static String rootMessage(String message, Throwable error) {
        String rootText = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) rootText = t.getMessage();
        }
        if (rootText == null || rootText.isBlank()) return message;
        if (message == null || message.isBlank() || message.contains(rootText)) return rootText;
        return message + " (" + rootText + ")";
    }
}
