package io.cdctoolkit.engine.source.debezium;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.debezium.engine.DebeziumEngine;
import io.debezium.schema.SchemaFactory;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The backfills of a Debezium-engine source ({@code cdc-toolkit backfill}): each request left in the state folder is sent
 * to the engine as Debezium's {@code execute-snapshot} signal of type {@code blocking} through its in-process channel
 * ({@link DebeziumEngine#getSignaler()}) — at the start, and within a second of being left while the engine runs.
 * Debezium then pauses its stream, reads the tables' rows as its initial snapshot does, and streams on from where it
 * paused.
 *
 * <p>Why blocking, not Debezium's incremental snapshot (which reads chunks between the stream's events): the binlog
 * connectors' read-only incremental snapshot reads its first chunk on the thread that takes an in-process (or Kafka, JMX,
 * file) signal while the binlog thread iterates the same chunk window; measured with Debezium 3.5 and MariaDB 10.11
 * under writes, the connector stopped with a {@code ConcurrentModificationException} in
 * {@code sendWindowEvents}. Its other mode writes watermark rows to a signal table, which needs write access to the
 * source database. The blocking snapshot is run by the engine's own coordinator once the stream has paused.
 *
 * <p>Where a request's rows begin and end is told by the engine itself: a blocking snapshot's records carry
 * {@code snapshot=BLOCKING} in their offsets (all but its last row; an initial snapshot's carry {@code INITIAL}), and
 * Debezium's notifications ({@code notification.enabled.channels} {@code sink}: records in the queue the rows come
 * through, so in order with them) say when a snapshot {@code COMPLETED} or was {@code ABORTED}. So a request's rows
 * are exactly the snapshot rows from the first {@code BLOCKING} record after it was sent to the {@code COMPLETED} after
 * them: an initial snapshot's rows (a {@code when_needed} snapshot at a start) are never taken for a backfill's, and a
 * request that reads no row (its rows were deleted after it was asked for) ends there instead of waiting for a last
 * row.
 *
 * <p>A request's file stays until its snapshot completed and its last row is committed: a stop or crash before that
 * sends it again at the next start, which reads the rows again (a blocking snapshot does not resume); so does an
 * aborted one.
 *
 * <p>Thread-safe: records are observed on the engine's thread, commits come on the runtime's.
 */
final class BackfillSignals {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillSignals.class);

    /** The folder under the source's state folder where requests wait. */
    static final String REQUESTS_FOLDER = "backfill-requests";
    /** How often a running engine's folder is looked at for new requests. */
    private static final long CHECK_NANOS = 1_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaFactory NOTIFICATIONS = SchemaFactory.get();

    private final BackfillRequestFiles files;
    private final String description;
    /** The statement reading a table's rows where a condition holds. */
    private final BackfillSelect select;
    /** The engine's properties as it started (set by {@link #sendAll}), for {@link #select}. */
    private Map<String, String> engineProperties = Map.of();
    /** Sent requests by file, oldest first, until their file is deleted; Debezium takes blocking snapshots in that order. */
    private final Map<Path, Sent> sent = new LinkedHashMap<>();
    private volatile boolean anySent;
    /** The highest sequence the runtime committed. */
    private long committedThrough;
    private long lastCheckNanos;
    private String lastProblem;

    /** A request handed to the engine, and how far the engine is with it. */
    private static final class Sent {
        final BackfillRequestFiles.Request request;
        /** The signal's id: marks its rows ({@link io.cdctoolkit.engine.data.SourcePosition#BACKFILL}). */
        final String id;
        /** Whether its blocking snapshot began (a record with {@code snapshot=BLOCKING} came once it was sent). */
        boolean begun;
        /** Whether its snapshot completed. */
        boolean completed;
        /** Whether Debezium aborted its snapshot: its file waits for the next start. */
        boolean aborted;
        /** The rows read so far, and the record of the last. */
        long rows;
        long lastRowAt;

        Sent(BackfillRequestFiles.Request request, String id) {
            this.request = request;
            this.id = id;
        }
    }

    BackfillSignals(Path stateDir, String description, BackfillSelect select) {
        this.files = requestFiles(stateDir);
        this.description = description;
        this.select = select;
    }

    /** The requests folder of a source whose state folder is {@code stateDir} (for the command that leaves them). */
    static BackfillRequestFiles requestFiles(Path stateDir) {
        return new BackfillRequestFiles(stateDir, REQUESTS_FOLDER);
    }

    /**
     * At the start: sends every request left, those sent before a crash or a stop included.
     *
     * @param engineProperties the engine's properties as it started
     * @return whether it sent any
     */
    synchronized boolean sendAll(DebeziumEngine.Signaler signaler, Map<String, String> engineProperties) {
        this.engineProperties = Map.copyOf(engineProperties);
        lastCheckNanos = System.nanoTime();
        try {
            return send(signaler, files.take());
        } catch (IOException e) {
            unreadable(e);
            return false;
        }
    }

    /**
     * While the engine runs, once a second: sends the requests left since.
     *
     * @return whether it sent any
     */
    synchronized boolean sendNewIfDue(Supplier<DebeziumEngine.Signaler> signaler) {
        if (System.nanoTime() - lastCheckNanos < CHECK_NANOS) return false;
        lastCheckNanos = System.nanoTime();
        try {
            return sendNew(signaler);
        } catch (IOException e) {
            unreadable(e);
            return false;
        }
    }

    /**
     * A request folder that cannot be read, or a file in it that is not a request: said once (not every second), and the
     * stream goes on; the files stay for the next look.
     */
    private void unreadable(IOException e) {
        String problem = e.toString();
        if (problem.equals(lastProblem)) return;
        lastProblem = problem;
        LOG.warn("{}: the backfill requests in {} cannot be read ({}); none is sent until they can", description,
                files.folder(), problem);
    }

    private boolean sendNew(Supplier<DebeziumEngine.Signaler> signaler) throws IOException {
        if (!files.any()) return false;
        BackfillRequestFiles.Taken taken = files.take();
        List<BackfillRequestFiles.Request> requests = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < taken.files().size(); i++) {
            if (sent.containsKey(taken.files().get(i))) continue;
            requests.add(taken.requests().get(i));
            paths.add(taken.files().get(i));
        }
        return send(signaler.get(), new BackfillRequestFiles.Taken(requests, paths));
    }

    /** Sends each request taken; returns whether there was one. */
    private boolean send(DebeziumEngine.Signaler signaler, BackfillRequestFiles.Taken taken) throws IOException {
        for (int i = 0; i < taken.files().size(); i++) {
            BackfillRequestFiles.Request request = taken.requests().get(i);
            String id = UUID.randomUUID().toString();
            String data = signalData(request, (table, where) -> select.statement(table, where, engineProperties));
            signaler.signal(new DebeziumEngine.Signal(id, "execute-snapshot", data, null));
            sent.put(taken.files().get(i), new Sent(request, id));
            anySent = true;
            LOG.info("{}: backfill of {}{}: sent to Debezium (signal {}), which pauses its stream, reads their rows (op r"
                    + " events) and streams on from where it paused", description, String.join(", ", request.tables()),
                    request.where() == null ? "" : " (the rows where " + request.where() + ")", id);
        }
        return !taken.isEmpty();
    }

    /**
     * The signal's data: the tables (as exact patterns: Debezium matches them as regular expressions, and a table name's
     * {@code .} would match any character) and, for a condition on their rows, each table's {@code SELECT} (a blocking
     * snapshot takes the whole statement, as {@code snapshot.select.statement.overrides}; its table named plainly).
     */
    static String signalData(BackfillRequestFiles.Request request,
                             java.util.function.BinaryOperator<String> statement) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "blocking");
        data.put("data-collections", request.tables().stream().map(Pattern::quote).toList());
        if (request.where() != null) {
            data.put("additional-conditions", request.tables().stream().map(t -> Map.of("data-collection", t,
                    "filter", statement.apply(t, request.where()))).toList());
        }
        return JSON.writeValueAsString(data);
    }

    /**
     * A record the engine delivered, numbered {@code sequence}: a blocking snapshot's record (its offset says
     * {@code BLOCKING}) begins the oldest request sent that has not ended; a snapshot's row is a row of the request begun;
     * Debezium's notification that the snapshot completed (or was aborted) ends it.
     *
     * @return the id of the backfill the record is a row of, or null (a change, an initial snapshot's row, a notification)
     */
    String observed(long sequence, SourceRecord record) {
        if (!anySent) return null;
        Struct notification = isNotification(record) ? (Struct) record.value() : null;
        boolean blocking = record.sourceOffset() != null && "BLOCKING".equals(record.sourceOffset().get("snapshot"));
        if (notification == null && !blocking && !snapshotRow(record)) return null;
        synchronized (this) {
            Sent current = underWay();
            if (current == null || !current.begun && !blocking) return null;
            current.begun = true;
            if (notification != null) {
                notified(current, notification.getString("type"));
                return null;
            }
            if (!snapshotRow(record)) return null;
            current.rows++;
            current.lastRowAt = sequence;
            return current.id;
        }
    }

    /** The oldest request sent whose snapshot has neither completed nor been aborted; null when none. */
    private Sent underWay() {
        for (Sent s : sent.values()) {
            if (!s.completed && !s.aborted) return s;
        }
        return null;
    }

    /** Whether the record is one of Debezium's notifications (its {@code sink} channel's): never an event. */
    static boolean isNotification(SourceRecord record) {
        return NOTIFICATIONS.isNotificationSchema(record.valueSchema()) && record.value() instanceof Struct;
    }

    private void notified(Sent current, String type) {
        String tables = String.join(", ", current.request.tables());
        if ("ABORTED".equals(type)) {
            current.aborted = true;
            LOG.warn("{}: backfill of {}: Debezium aborted its snapshot after {} rows; the next start reads them again",
                    description, tables, current.rows);
        } else if ("COMPLETED".equals(type)) {
            current.completed = true;
            LOG.info("{}: backfill of {}: {} read; {}", description, tables, current.rows == 1 ? "1 row"
                    : current.rows + " rows", current.rows == 0 ? "none was left to read, so its request is done"
                    : "its request is done once " + (current.rows == 1 ? "it is" : "they are") + " committed");
            deleteDone();
        }
    }

    /** Whether the record is a snapshot's row: its {@code source.snapshot} is set (not {@code false}). */
    private static boolean snapshotRow(SourceRecord record) {
        Object marker = snapshotMarker(record);
        return marker != null && !"false".equals(String.valueOf(marker));
    }

    private static Object snapshotMarker(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("source") == null) return null;
        Struct source = value.getStruct("source");
        return source == null || source.schema().field("snapshot") == null ? null : source.get("snapshot");
    }

    /**
     * The records through {@code sequence} are committed (and saved): deletes the requests whose rows all are. A file that
     * cannot be deleted is said, and stays: the next start reads its rows again.
     */
    synchronized void committed(long sequence) {
        if (!anySent) return;
        committedThrough = Math.max(committedThrough, sequence);
        deleteDone();
    }

    /** Deletes the files of the requests whose snapshot completed and whose rows are all committed. */
    private void deleteDone() {
        List<Path> done = new ArrayList<>();
        List<BackfillRequestFiles.Request> requests = new ArrayList<>();
        for (Map.Entry<Path, Sent> e : sent.entrySet()) {
            if (!e.getValue().completed || e.getValue().lastRowAt > committedThrough) continue;
            done.add(e.getKey());
            requests.add(e.getValue().request);
        }
        if (done.isEmpty()) return;
        try {
            files.delete(new BackfillRequestFiles.Taken(requests, done));
        } catch (IOException e) {
            LOG.warn("{}: a backfill request whose rows are all committed could not be deleted from {} ({}); the next"
                    + " start reads its rows again unless it is deleted by hand", description, files.folder(), e.toString());
        }
        done.forEach(sent::remove);
        anySent = !sent.isEmpty();
    }
}
