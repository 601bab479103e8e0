package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.sql.SQLException;

/**
 * The walsender's refusal to send a value in binary: {@code no binary output function available for type …}
 * (SQLSTATE 42883), raised by pgoutput in binary mode for a value whose type has no send function — an array of one
 * ({@code aclitem[]}) passes pgoutput's own check, as arrays have one. The source's column types are checked at start,
 * but a publication may hold tables the source does not capture ({@code FOR ALL TABLES}, or one made by hand).
 *
 * <p>Known by its SQLSTATE alone: the server words its messages in its {@code lc_messages} ("keine binäre
 * Ausgabefunktion verfügbar für Typ aclitem" on a German server), and while streaming nothing else raises 42883 — were
 * something to, the answer (reading in text mode) would still read every value right, only slower.
 */
final class NoBinaryOutput {

    private static final String UNDEFINED_FUNCTION = "42883";

    private NoBinaryOutput() {
    }

    /** Whether {@code failure} or one of its causes is that refusal. */
    static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && UNDEFINED_FUNCTION.equals(sql.getSQLState())) return true;
        }
        return false;
    }
}
