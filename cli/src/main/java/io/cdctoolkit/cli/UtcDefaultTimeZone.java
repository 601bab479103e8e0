package io.cdctoolkit.cli;

import java.util.TimeZone;

/**
 * The command runs in UTC unless {@code -Duser.timezone} says otherwise: the Debezium engine's snapshots build
 * JDBC timestamps in the JVM's default zone, where a wall clock inside a daylight-saving gap cannot exist and
 * moves an hour, and MariaDB's {@code TIMESTAMP} text is read in it (see {@code JvmTimeZone} in the sources
 * module). Every time the toolkit writes (events, logs' data) is UTC anyway; the log lines' own time stamps
 * follow.
 */
final class UtcDefaultTimeZone {

    private UtcDefaultTimeZone() {
    }

    /** Sets UTC as the default zone when {@code explicitZone} (the {@code user.timezone} property at start) is unset. */
    static void applyUnless(String explicitZone) {
        if (explicitZone == null || explicitZone.isBlank()) TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }
}
