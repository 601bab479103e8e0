package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code backfill} command's part common to the Debezium-engine sources ({@code mysql-cdc}, {@code mariadb-cdc},
 * {@code postgres-cdc} with {@code engine: debezium}), once the source has resolved the tables and checked the
 * condition: what the saved offset allows, leaving the request where the reader takes it ({@link BackfillSignals}, which
 * sends it as Debezium's blocking snapshot signal), and {@code check}'s item.
 */
public final class BlockingBackfillRequest {

    /** {@code check}'s item name. */
    public static final String CHECK = "backfill";
    /** {@code check}'s item for the tables captured since the snapshot ({@link #newTables}). */
    public static final String NEW_TABLES = "new_tables";

    private BlockingBackfillRequest() {
    }

    /** The request folder of a source whose state folder is {@code context}'s (the reader's: {@link BackfillSignals}). */
    public static BackfillRequestFiles files(ComponentContext context) {
        return BackfillSignals.requestFiles(context.stateDir());
    }

    /** {@code snapshot_mode: always} reads every table at every start: refused, with why. */
    public static void refuseSnapshotModeAlways(Options options) throws ConfigException {
        if ("always".equals(options.string("snapshot_mode"))) {
            throw new ConfigException(options.keyPath() + ".snapshot_mode", "snapshot_mode: always reads every captured"
                    + " table at every start already", "start the source: nothing needs asking for");
        }
    }

    /**
     * Leaves the request, or says why none is needed; returns what the source does, for the user.
     *
     * @param describe    the source, for messages ({@code mariadb-cdc source 'shop'})
     * @param named       the tables as Debezium names them ({@code database.table}, {@code schema.table})
     * @param anyRow      whether the tables hold a row (where {@code where} holds): there is nothing to deliver again
     *                    (the stream brings the rows written after this look), so no request
     * @param savedOffset the engine's saved offset (empty: none saved)
     */
    public static String leave(String describe, ComponentContext context, Set<String> named, String where,
                               boolean running, boolean anyRow, Optional<Map<String, Object>> savedOffset)
            throws ConfigException {
        String tables = String.join(", ", named);
        if (!snapshotCompleted(savedOffset)) {
            return describe + " has not completed its snapshot: " + (running ? "the snapshot it runs reads"
                    : "its next start reads") + " every captured table, " + tables + " included (nothing recorded)";
        }
        if (!anyRow) {
            return "nothing to read again: " + (where == null ? tables + " hold no row" : "no row of " + tables + " has "
                    + where) + " (nothing recorded; the rows written from now on come with the stream)";
        }
        BackfillRequestFiles requests = files(context);
        Set<String> asked = new java.util.TreeSet<>(named);
        try {
            // Stopped, a request waiting for the next start that reads a table whole reads what this one would: the
            // same rows at the same start. (While running, one may be under way, past rows the operator wants again.)
            if (!running) asked.removeAll(requests.readWhole());
            if (asked.isEmpty()) {
                return "already asked for: a request waiting for the next start of " + describe + " reads " + tables
                        + " whole (nothing recorded)";
            }
            requests.leave(new BackfillRequestFiles.Request(asked, where));
        } catch (IOException e) {
            throw new ConfigException("state_dir", describe + ": the request could not be saved in " + context.stateDir()
                    + ": " + e.getMessage(), "make the state folder writable");
        }
        if (!asked.equals(named)) {
            Set<String> waiting = new java.util.TreeSet<>(named);
            waiting.removeAll(asked);
            tables = String.join(", ", asked) + " (" + String.join(", ", waiting) + ": read whole by a request already"
                    + " waiting)";
        }
        String rows = (where == null ? "the rows of " : "the rows where " + where + " of ") + tables;
        String how = "Debezium pauses the stream, reads " + rows + " again (op r events, marked snapshot first / true /"
                + " last as Debezium marks a snapshot's rows), then streams on from where it paused: the changes made since"
                + " the pause come after the rows, those made before the rows were read included (a key's older value"
                + " may follow its row before its latest comes)";
        if (running) {
            return describe + " is running: it sends the request within a second or so. " + how + ". Its log says when"
                    + " (\"backfill of\"); if it stops before the last row is committed, its next start reads them again";
        }
        return "the next start of " + describe + " sends the request: " + how;
    }

    /**
     * The engine's saved offset: in the state folder ({@code offset_storage: file}) or in Kafka ({@code kafka}, as the
     * engine's properties name the topic, under Debezium's key {@code ["<name>", {"server": "<topic prefix>"}]}).
     */
    public static Optional<Map<String, Object>> savedOffset(Options options, ComponentContext context,
                                                           Map<String, String> engineProperties) throws IOException {
        if (!"kafka".equals(options.string("offset_storage"))) {
            return ConnectOffsetsFile.offsets(context.stateDir()).stream().findFirst();
        }
        String prefix = engineProperties.get("topic.prefix");
        try (ConnectOffsetTopic topic = new ConnectOffsetTopic(engineProperties.get("bootstrap.servers"),
                engineProperties.get("offset.storage.topic"), engineProperties.get("name"),
                "cdc-toolkit-backfill-offsets-" + prefix, "the saved offset", Duration.ofSeconds(30))) {
            // No topic, no offset: asked first, so that the command does not create the topic.
            return topic.exists() ? Optional.ofNullable(topic.read(Map.of("server", prefix))) : Optional.empty();
        }
    }

    /**
     * Whether the saved offset is past the initial snapshot: there is one, and it is not of the initial snapshot's rows
     * before its last ({@link ConnectOffsetsFile#snapshotRunning}; a backfill's own count as past it). Before that the
     * snapshot reads every table anyway (a request sent meanwhile would wait for it).
     */
    static boolean snapshotCompleted(Optional<Map<String, Object>> offset) {
        return offset.isPresent() && !ConnectOffsetsFile.snapshotRunning(offset.get());
    }

    /** {@code check}'s item: the backfills asked for that are not done yet (read and committed), if any. */
    public static Optional<PrerequisiteCheck> waiting(ComponentContext context) {
        BackfillRequestFiles requests = files(context);
        BackfillRequestFiles.Taken taken;
        try {
            taken = requests.take();
        } catch (IOException e) {
            return Optional.of(PrerequisiteCheck.warn(CHECK, "the backfill requests in " + requests.folder()
                    + " cannot be read: " + e.getMessage(), "delete the files there that are not requests, and ask again"));
        }
        if (taken.isEmpty()) return Optional.empty();
        return Optional.of(PrerequisiteCheck.pass(CHECK, String.join(", ", taken.tables()) + " read again on"
                + " request (cdc-toolkit backfill): the source reads their rows (Debezium's blocking snapshot), at once"
                + " when it runs, else at its next start"));
    }

    /**
     * {@code check}'s {@code new_tables} item: {@code captured} are captured since the snapshot, and the next start reads
     * their rows as a backfill ({@code snapshotNewTables}) or, without, never reads them (worded as the native
     * PostgreSQL engine's item); those a waiting request reads whole ({@link BackfillRequestFiles#readWhole}: the
     * {@code backfill} item names them) left out. Empty when none is left.
     */
    public static Optional<PrerequisiteCheck> newTables(Set<String> captured, boolean snapshotNewTables,
                                                        ComponentContext context) throws IOException {
        Set<String> tables = new java.util.TreeSet<>(captured);
        tables.removeAll(files(context).readWhole());
        if (tables.isEmpty()) return Optional.empty();
        return Optional.of(newTablesItem(tables, snapshotNewTables));
    }

    private static PrerequisiteCheck newTablesItem(Set<String> tables, boolean snapshotNewTables) {
        String names = String.join(", ", tables);
        String its = tables.size() == 1 ? "its" : "their";
        if (snapshotNewTables) {
            return PrerequisiteCheck.pass(NEW_TABLES, names + " captured since the snapshot: the next start reads " + its
                    + " rows as a backfill (Debezium's blocking snapshot) once its stream has started");
        }
        return PrerequisiteCheck.warn(NEW_TABLES, names + " captured since the snapshot: " + its + " rows from before the"
                + " next start are never read (snapshot_new_tables: false)", "remove snapshot_new_tables: false (the next"
                + " start then reads " + its + " rows), or ask for them with cdc-toolkit backfill");
    }
}
