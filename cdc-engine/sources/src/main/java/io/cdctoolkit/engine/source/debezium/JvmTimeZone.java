package io.cdctoolkit.engine.source.debezium;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The JVM's default time zone, as Debezium's snapshots depend on it: they read {@code DATETIME}/{@code TIMESTAMP}
 * (MariaDB) and {@code timestamp} (PostgreSQL) through JDBC timestamps built in that zone. In a zone with
 * daylight-saving transitions a wall clock inside the spring-forward gap cannot be represented there and moves an
 * hour (and one inside the fall-back overlap is ambiguous), silently; in a zone with a fixed offset (UTC) every
 * value survives. Hence the CLI runs in UTC, and a reader built in another JVM says so at start.
 */
public final class JvmTimeZone {

    private JvmTimeZone() {
    }

    /** The default zone's offset when it never changes (UTC, {@code Etc/GMT+5}, {@code +03:00}), else empty. */
    public static Optional<ZoneOffset> fixedOffset() {
        var rules = ZoneId.systemDefault().getRules();
        return rules.isFixedOffset() ? Optional.of(rules.getOffset(Instant.EPOCH)) : Optional.empty();
    }

    /**
     * The warning a Debezium snapshot of {@code values} needs in this JVM, or empty when the default zone has a
     * fixed offset.
     */
    public static Optional<String> snapshotWarning(String values) {
        if (fixedOffset().isPresent()) return Optional.empty();
        return Optional.of("the JVM's default time zone " + ZoneId.systemDefault().getId() + " has daylight-saving"
                + " transitions, and the Debezium engine's snapshot reads " + values + " through it: a wall clock in"
                + " its spring-forward gap arrives an hour later (the stream is exact); run the JVM in UTC"
                + " (-Duser.timezone=UTC, as the cdc-toolkit command does)");
    }
}
