package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.ConnectOffsetsFile;
import io.cdctoolkit.engine.source.debezium.EngineProperties;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A MariaDB source's start when the binlog position its saved offsets resume from has been purged
 * ({@link PurgedResumePosition}; {@code offset_storage: file}). {@code snapshot_mode: when_needed} sets the offsets
 * and the schema history aside, so that Debezium takes the new snapshot the mode promises (it cannot see the purge
 * itself); {@code always} takes one anyway; every other mode stops the start, naming the purged position and the
 * ways on, before Debezium fails on it with the server's words alone.
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
    static void prepare(Path stateDir, String snapshotMode, String source, Lookup lookup) throws Exception {
        Optional<PurgedResumePosition> found = findForStart(stateDir, source, lookup);
        if (found.isEmpty()) return;
        PurgedResumePosition purged = found.get();
        switch (snapshotMode) {
            case "always" -> LOG.warn("{}: {}; snapshot_mode always takes a new snapshot", source, purged.describe());
            case "when_needed" -> {
                String suffix = ".purged-" + STAMP.format(Instant.now());
                setAside(stateDir.resolve(EngineProperties.OFFSETS_FILE), suffix);
                setAside(stateDir.resolve(EngineProperties.SCHEMA_HISTORY_FILE), suffix);
                LOG.warn("{}: {}; snapshot_mode when_needed: taking a new snapshot of the tables' current rows (the old"
                        + " offsets and schema history are kept beside them, ending in {})", source, purged.describe(), suffix);
            }
            default -> throw new FatalException(source + ": " + purged.describe() + ". Start once with snapshot_mode:"
                    + " when_needed for a new snapshot of the tables' current rows, or delete "
                    + ConnectOffsetsFile.in(stateDir) + " and " + stateDir.resolve(EngineProperties.SCHEMA_HISTORY_FILE)
                    + " to take one as a new source; and keep binlogs on the server longer than the source's longest stop"
                    + " (binlog_expire_logs_seconds, expire_logs_days)");
        }
    }

    /**
     * {@code check}'s item {@code binlog_position}: fails when the saved position has been purged and the mode would
     * stop the start, warns when {@code when_needed} or {@code always} will take a new snapshot, passes otherwise.
     */
    static PrerequisiteCheck check(Path stateDir, String snapshotMode, Lookup lookup) throws Exception {
        Optional<PurgedResumePosition> found = find(stateDir, lookup);
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
    private static Optional<PurgedResumePosition> find(Path stateDir, Lookup lookup) throws Exception {
        Optional<Map<String, Object>> offset = resumingOffset(stateDir);
        return offset.isEmpty() ? Optional.empty() : lookup.purged(offset.get());
    }

    /**
     * {@link #find}, for the start: a server that cannot be asked (unreachable, or the user may not list the binlogs'
     * events) leaves the start to Debezium, which fails with the server's own words if the position is gone.
     */
    private static Optional<PurgedResumePosition> findForStart(Path stateDir, String source, Lookup lookup)
            throws java.io.IOException {
        Optional<Map<String, Object>> offset = resumingOffset(stateDir);
        if (offset.isEmpty()) return Optional.empty();
        try {
            return lookup.purged(offset.get());
        } catch (Exception e) {
            LOG.warn("{}: cannot tell whether the saved binlog position is still on the server: {}", source, e.getMessage());
            return Optional.empty();
        }
    }

    /** The saved offset the start resumes from; none without offsets, or while a snapshot ran (Debezium takes it again). */
    private static Optional<Map<String, Object>> resumingOffset(Path stateDir) throws java.io.IOException {
        List<Map<String, Object>> offsets = ConnectOffsetsFile.offsets(stateDir);
        return offsets.isEmpty() || ConnectOffsetsFile.snapshotRunning(offsets.get(0)) ? Optional.empty()
                : Optional.of(offsets.get(0));
    }

    private static void setAside(Path file, String suffix) throws java.io.IOException {
        if (Files.exists(file)) Files.move(file, file.resolveSibling(file.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
    }
}
