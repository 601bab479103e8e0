package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.ConnectOffsetsFile;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * A MariaDB source's start when the binlog position its saved offsets resume from has been purged
 * ({@link PurgedResumePosition}; the offsets in the state directory or in Kafka: {@link SavedBinlogOffsets}).
 * {@code snapshot_mode: when_needed} sets the offsets and the schema history aside, so that Debezium takes the new
 * snapshot the mode promises (it cannot see the purge itself); {@code always} takes one anyway; every other mode stops
 * the start, naming the purged position and the ways on, before Debezium fails on it with the server's words alone.
 */
final class PurgedBinlogStart {

    private static final Logger LOG = LoggerFactory.getLogger(PurgedBinlogStart.class);
    /** The name of {@code check}'s item. */
    static final String CHECK = "binlog_position";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Looks up whether an offset's position is purged (on the server). */
    @FunctionalInterface
    interface Lookup {
        Optional<PurgedResumePosition> purged(Map<String, ?> offset) throws Exception;
    }

    private PurgedBinlogStart() {
    }

    /**
     * Before the engine starts: nothing when there are no offsets, a snapshot was still running (Debezium takes it
     * again) or the position is still on the server.
     *
     * @param source how messages name the source
     * @throws FatalException when the mode neither takes a new snapshot nor may skip the purged changes
     */
    static void prepare(SavedBinlogOffsets saved, String snapshotMode, String source, Lookup lookup) throws Exception {
        Optional<PurgedResumePosition> found = findForStart(saved, source, lookup);
        if (found.isEmpty()) return;
        PurgedResumePosition purged = found.get();
        switch (snapshotMode) {
            case "always" -> LOG.warn("{}: {}; snapshot_mode always takes a new snapshot", source, purged.describe());
            case "when_needed" -> {
                String kept = saved.setAside(STAMP.format(Instant.now()));
                LOG.warn("{}: {}; snapshot_mode when_needed: taking a new snapshot of the tables' current rows ({})",
                        source, purged.describe(), kept);
            }
            default -> throw new FatalException(source + ": " + purged.describe() + ". Start once with snapshot_mode:"
                    + " when_needed for a new snapshot of the tables' current rows, or " + saved.howToStartAfresh()
                    + " to take one as a new source; and keep binlogs on the server longer than the source's longest stop"
                    + " (binlog_expire_logs_seconds, expire_logs_days)");
        }
    }

    /**
     * {@code check}'s item {@code binlog_position}: fails when the saved position has been purged and the mode would
     * stop the start, warns when {@code when_needed} or {@code always} will take a new snapshot, passes otherwise.
     */
    static PrerequisiteCheck check(SavedBinlogOffsets saved, String snapshotMode, Lookup lookup) throws Exception {
        Optional<PurgedResumePosition> found = find(saved, lookup);
        if (found.isEmpty()) {
            return PrerequisiteCheck.pass(CHECK, "the saved position (if any) is still on the server");
        }
        String problem = found.get().describe();
        return switch (snapshotMode) {
            case "when_needed", "always" -> PrerequisiteCheck.warn(CHECK, problem + "; the next start takes a new"
                    + " snapshot (snapshot_mode " + snapshotMode + ")", "keep binlogs on the server longer than the"
                    + " source's longest stop (binlog_expire_logs_seconds, expire_logs_days)");
            default -> PrerequisiteCheck.fail(CHECK, problem, "start once with snapshot_mode: when_needed for a new"
                    + " snapshot, and keep binlogs longer than the source's longest stop (binlog_expire_logs_seconds,"
                    + " expire_logs_days)");
        };
    }

    /** The purged position the saved offsets resume from, if any. */
    private static Optional<PurgedResumePosition> find(SavedBinlogOffsets saved, Lookup lookup) throws Exception {
        Optional<Map<String, Object>> offset = resumingOffset(saved);
        return offset.isEmpty() ? Optional.empty() : lookup.purged(offset.get());
    }

    /**
     * {@link #find}, for the start: offsets that cannot be read here (brokers this start cannot reach) or a server that
     * cannot be asked (unreachable, or the user may not list the binlogs' events) leave the start to Debezium, which
     * fails with its own or the server's words if the position is gone.
     */
    private static Optional<PurgedResumePosition> findForStart(SavedBinlogOffsets saved, String source, Lookup lookup) {
        Optional<Map<String, Object>> offset;
        try {
            offset = resumingOffset(saved);
        } catch (java.io.IOException e) {
            LOG.warn("{}: cannot read the saved offsets before the start (the engine reads them itself): {}", source,
                    e.getMessage());
            return Optional.empty();
        }
        if (offset.isEmpty()) return Optional.empty();
        try {
            return lookup.purged(offset.get());
        } catch (Exception e) {
            LOG.warn("{}: cannot tell whether the saved binlog position is still on the server: {}", source, e.getMessage());
            return Optional.empty();
        }
    }

    /** The saved offset the start resumes from; none without offsets, or while a snapshot ran (Debezium takes it again). */
    private static Optional<Map<String, Object>> resumingOffset(SavedBinlogOffsets saved) throws java.io.IOException {
        return saved.offset().filter(offset -> !ConnectOffsetsFile.snapshotRunning(offset));
    }
}
