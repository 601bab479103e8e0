package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.backfill.BackfillRequestFiles;
import io.cdctoolkit.engine.source.debezium.ColumnFilters;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.RetryableException;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.ReplicationSlotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code postgres-cdc} with {@code engine: native}: reads PostgreSQL logical replication
 * ({@code pgoutput}) through pgjdbc's replication API and decodes it itself, straight into rows
 * ({@link PgOutputDecoder}, {@link RelationPlan}), with the same events as the Debezium engine.
 *
 * <p>Start: the publication is created or updated as {@code publication_autocreate} says; the slot is
 * created if missing, exporting a snapshot that {@link Snapshotter} reads (when a snapshot is due);
 * streaming then starts at the slot's consistent point, or after a restart at the confirmed LSN,
 * skipping the already committed changes of a partly committed transaction ({@link ResumePoint}).
 * With {@code stream_in_progress} (PostgreSQL 14+), transactions the server streams while in progress are
 * spooled to files by {@link StreamedTransactions} and delivered from there at their commit ({@link SpoolReplay}),
 * a batch per poll, as the same events as when the server sends them at commit.
 *
 * <p>Tables captured since the snapshot ({@code snapshot_new_tables}, {@link NewTablesBackfill}): their rows are read
 * before streaming resumes, in the exported snapshot of a temporary slot, and the stream leaves out their changes that
 * committed before its consistent point ({@link BackfilledChanges}). Tables read again on request ({@link BackfillRequest})
 * are backfilled the same way, but their changes before that point are streamed after the rows. Asked for while the
 * reader streams ({@link BackfillRequestFiles}), such a backfill's rows come between the stream's transactions while it
 * goes on ({@link InterleavedBackfill}), or, where that cannot be, at the next transaction boundary with the stream paused
 * until they are read.
 *
 * <p>Offsets: {@link #commit} only records; the record is saved to {@link OffsetFile} (or, with
 * {@code offset_storage: kafka}, {@link OffsetTopic}) at once (with
 * {@code offset_flush_interval_ms: 0}, before commit returns) or every {@code offset_flush_interval_ms}
 * by {@link OffsetSaver}'s thread, and only after a save is the LSN it confirms sent to the server
 * (flushed/applied LSN of the standby status updates, which pgjdbc sends every 10 s and whenever the
 * server asks in a keepalive). Poll reads what the server sent on the caller's thread; while the caller
 * does not poll, {@link StreamKeepalive} answers the server.
 *
 * <p>A lost replication connection ({@link ConnectionLoss}: the server ended the session or restarted, the
 * network failed) while streaming fails that poll with a {@link RetryableException}, so the runtime retries
 * with its backoff; the next poll connects again and streams from the slot, skipping what this reader already
 * delivered ({@link ResumePoint} of the last delivered event): nothing is lost or delivered twice. A slot gone
 * in the meantime is fatal (its changes cannot be read any more).
 */
public final class NativePostgresReader implements CdcReader {

    private static final Logger LOG = LoggerFactory.getLogger(NativePostgresReader.class);
    /**
     * What tables added to the captured ones after the snapshot get without a backfill ({@code snapshot_new_tables:
     * false}, either engine), and how to read their rows ({@code cdc-toolkit backfill}), worded for {@code tables} of
     * them, {@code names} ({@code schema.table}, comma-separated). PostgreSQL decodes a table's changes only from when
     * its publication holds it, and the completed snapshot did not read it.
     */
    public static String newlyCaptured(String names, int tables) {
        boolean one = tables == 1;
        String its = one ? "its" : "their";
        return its + " rows from before this start, and " + its + " changes made before it, are not read (the snapshot"
                + " completed before " + (one ? "it was" : "they were") + " captured); " + its + " changes from now on"
                + " are. To read " + its + " rows: cdc-toolkit backfill --tables " + names.replace(", ", ",");
    }

    /** "its" for one table, "their" for more. */
    public static String its(int tables) {
        return tables == 1 ? "its" : "their";
    }

    /** How long the stream may go unused before the keepalive answers the server (well below wal_sender_timeout's 60 s default). */
    private static final Duration KEEPALIVE_IDLE = Duration.ofMillis(500);
    /** How long start waits for a slot still held by a server process (a previous reader's walsender that has not exited yet). */
    private static final Duration SLOT_RELEASE_WAIT = Duration.ofSeconds(30);
    /**
     * How long a poll goes on reading once it holds an event. pgjdbc's {@code readPending} waits up to 1 ms
     * for a next message when none is buffered, so under a steady trickle (1,000 one-row commits/s are
     * ~3,000 messages/s) "read until nothing is pending" never ends by itself: batches stayed open for
     * 7 ms (median) to 64 ms (p99) and that was commit → Kafka latency (native p50 17 → 10 ms, p99 64 →
     * 21 ms with this bound). A backlog still gives batches of several hundred events per poll.
     */
    private static final long MAX_COLLECT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** With an interleaved backfill, how long its rows may go on before the stream's turn. */
    private static final long STREAM_TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How often a streaming reader looks for backfills asked for while it runs ({@link BackfillRequestFiles}). */
    private static final long REQUEST_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Under the state directory: one spool file per in-progress streamed transaction. */
    static final String STREAMED_DIR = "native-streamed-transactions";

    private final NativeSettings settings;
    private final ColumnFilters filters;
    private final Function<TableId, String> topics;
    private final OffsetStore offsetStore;
    private final NativeSourceStatus status;

    private Connection sql;
    /** The captured partitioned tables (read through their partitions): see {@link #uncapturedRelation}. */
    private Set<TableId> partitionedParents = Set.of();
    private Connection replication;
    private PGReplicationStream stream;
    private Snapshotter snapshotter;
    private StreamAssembler assembler;
    /** A message the assembler gives back until its transaction's commit is visible ({@link CommitVisibility}), or null. */
    private PgOutputMessage awaitingVisibility;
    private long awaitingVisibilityLsn;
    private RelationPlans plans;
    /** With {@code stream_in_progress} on a server that streams (14+): the spooled in-progress transactions. */
    private StreamedTransactions streamed;
    /** A committed streamed transaction being delivered (across polls), or null. */
    private SpoolReplay replay;
    private long lastReplayStatusNanos;
    private long startLsn;
    /**
     * Whether the server refused to send a value in binary (a table of the publication the source does not capture has
     * a column whose type has no binary output function, e.g. {@code aclitem[]}): then the stream runs in text mode.
     */
    private boolean textOnly;
    /** The offsets found at start. */
    private Offsets loaded = Offsets.EMPTY;
    private Offsets pending = Offsets.EMPTY;
    /** The last offsets handed to the saver (saved, or being saved). */
    private Offsets requested = Offsets.EMPTY;
    private long confirmedToServer;
    private long lastSaveNanos = System.nanoTime();
    private OffsetSaver saver;
    private StreamKeepalive keepalive;
    private SourcePosition lastDelivered;
    private SourcePosition lastCommitted;
    private long snapshotRows = -1;
    /** Whether the rows read at this start (snapshot positions) are a backfill's, not the snapshot's. */
    private boolean backfilling;
    /** The streamed changes a backfill's rows hold, which the stream leaves out. */
    private BackfilledChanges backfilled = BackfilledChanges.NONE;
    /**
     * For a backfill asked for while streaming, whose rows come between streamed events: the stream's resume point after
     * the last of those before the rows (committing a streamed event after it commits the rows). Null when the rows came
     * before the stream (a start's backfill).
     */
    private ResumePoint rowsAfter;
    /** The backfill whose rows this reader read (or reads): the only one a commit can mark as committed. */
    private Offsets.Backfill readBackfill;
    private BackfillRequestFiles backfillRequests;
    private long lastRequestCheckNanos = System.nanoTime();
    /** Whether a backfill asked for while streaming waits for a transaction boundary. */
    private boolean requestWaiting;
    /** A backfill asked for while streaming whose temporary slot is being created; or null. */
    private BackfillSlotExport exporting;
    /**
     * A backfill asked for while streaming whose rows come between the stream's transactions ({@link InterleavedBackfill}),
     * from the request until its rows are committed; null when there is none, or the stream pauses for the rows.
     */
    private InterleavedBackfill interleaved;
    /** The last streamed event delivered (not a row), or null. */
    private NativePosition lastStreamed;
    /**
     * With an interleaved backfill: until when the rows' batches follow one another (then the stream has its turn). A
     * stream turn after every batch of rows, a few changes each, made a 1,000,000-row backfill 2.1× as long as the paused
     * one in one run; turns every {@link #STREAM_TURN_NANOS}, 1.1–1.3× in three, the stream's changes then read within
     * ~30 ms at p99 (1,000 changes/s; docs/sources/postgresql.md).
     */
    private long rowsUntilNanos;
    /** Whether the rows' turn came inside a transaction: the stream then stops at the transaction's end. */
    private boolean rowsOwed;
    /** The tables this run captures (partitioned ones included), in the order the snapshot reads them. */
    private List<TableId> capturedTables = List.of();
    private final StreamPacing pacing = new StreamPacing();
    private long lastHeartbeatNanos = System.nanoTime();

    /**
     * @param status where the reader reports streaming and the snapshot's progress (register its gauges
     *               with {@link NativeSourceStatus#register})
     */
    public NativePostgresReader(NativeSettings settings, ColumnFilters filters, Function<TableId, String> topics,
                                NativeSourceStatus status) {
        this.settings = settings;
        this.status = status;
        this.filters = filters;
        this.topics = topics;
        this.offsetStore = OffsetStore.of(settings.stateDir(), settings.offsetTopic(), settings.sourceName(),
                settings.slot());
    }

    /**
     * The temporary slot a start creates to backfill tables captured since the snapshot (its creation waits for the
     * open transactions as the slot's does).
     */
    public static String backfillSlot(String slot) {
        return NewTablesBackfill.slotName(slot);
    }

    @Override
    public void start() throws Exception {
        loaded = offsetStore.load();
        backfillRequests = BackfillRequest.requestFiles(settings.stateDir());
        takeRequestsLeftWhileStopped();
        pending = loaded;
        requested = loaded;
        saver = new OffsetSaver(offsetStore, loaded, "cdc-native-offsets-" + settings.slot());
        sql = ReplicationSetup.queryConnection(settings);
        // In the order settings give them: the Debezium engine's snapshot order (include_tables order, then name).
        List<TableId> captured = new ArrayList<>(settings.tables().call());
        capturedTables = List.copyOf(captured);
        List<TableId> tables = PartitionedTables.leaveOutParents(sql, captured, settings.describe());
        partitionedParents = Set.copyOf(PartitionedTables.leftOut(captured, tables));
        // Read through the current connection: a reconnect replaces it.
        plans = new RelationPlans(settings.sourceName(), new TableCatalog(() -> sql), filters, topics,
                settings.transactions() != null);
        List<RelationPlan> tablePlans = new ArrayList<>();
        PublishedTables published = PublishedTables.read(sql, settings.publication());
        // Unsupported types fail here, at start.
        for (TableId table : tables) tablePlans.add(plans.forTable(table, published));
        StandbyServer.requireNoHeartbeatMessage(sql,
                settings.heartbeatQuery() != null && !settings.heartbeatInterval().isZero(), settings.describe());
        ReplicationSetup setup = new ReplicationSetup(settings, sql);
        // The partitioned tables too: PostgreSQL then also publishes the partitions created later (under their names).
        Set<String> newlyPublished = setup.ensurePublication(captured);
        if (settings.slotFailover()) {
            String unsupported = FailoverSlot.unsupported(sql);
            if (unsupported != null) {
                throw new FatalException(settings.describe() + ": slot_failover: " + unsupported + "; "
                        + FailoverSlot.unsupportedRemedy());
            }
            List<String> missing = FailoverSlot.missingStandbySlots(sql);
            if (!missing.isEmpty()) {
                LOG.warn("{}: {}: {}", settings.describe(), FailoverSlot.heldBack(missing), FailoverSlot.heldBackRemedy());
            }
        }
        replication = setup.replicationConnection();
        boolean slotExists = setup.slotExists();
        if (slotExists) setup.awaitSlotReleased(SLOT_RELEASE_WAIT);
        if (slotExists && settings.slotFailover() && FailoverSlot.existsWithout(sql, settings.slot())) {
            LOG.info("{}: making replication slot {} a failover slot (slot_failover)", settings.describe(), settings.slot());
            FailoverSlot.alter(replication, settings.slot());
        }
        if (slotExists && loaded.equals(Offsets.EMPTY) && takeOverFromDebeziumEngine()) {
            pending = loaded;
            save();
        }
        SnapshotDecision decision = SnapshotDecision.of(settings.snapshotMode(), loaded,
                slotExists ? setup.slotState() : null);
        boolean snapshot = decision.snapshot();
        Set<String> capturedMembers = NewTablesBackfill.members(captured);
        Offsets.Backfill backfill = null;
        if (!snapshot && loaded.snapshotCompleted() && settings.snapshotMode().readsData()) {
            Set<String> newly = NewTablesBackfill.newlyCaptured(loaded, capturedMembers, newlyPublished);
            if (settings.snapshotNewTables()) {
                backfill = NewTablesBackfill.toRead(loaded, capturedMembers, newly);
            } else {
                Set<String> unread = NewTablesBackfill.unread(loaded, capturedMembers, newly);
                if (!unread.isEmpty()) {
                    String names = NewTablesBackfill.names(unread, captured);
                    LOG.warn("{}: {} captured since the snapshot (snapshot_new_tables: false): {}", settings.describe(),
                            names, newlyCaptured(names, unread.size()));
                }
                backfill = NewTablesBackfill.requestedBackfill(loaded, capturedMembers);
            }
        }
        if (snapshot) {
            LOG.info("{}: snapshot ({})", settings.describe(), decision.reason());
            if (loaded.snapshotCompleted()) {
                // always / when_needed past a completed snapshot: the old offsets no longer apply, and a crash
                // before this snapshot completes must take it again (as an interrupted one).
                loaded = Offsets.EMPTY;
                pending = loaded.withCaptured(capturedMembers);
                save();
            } else {
                pending = pending.withCaptured(capturedMembers);
            }
        } else {
            // Recorded before any row is read: a start that fails from here on reads the backfill again.
            pending = loaded.withCaptured(capturedMembers)
                    .withBackfill(backfill != null ? backfill : NewTablesBackfill.kept(loaded));
            if (loaded.snapshotCompleted() && !pending.equals(loaded)) save();
            if (backfill == null && pending.backfill() != null) {
                backfilled = NewTablesBackfill.changes(pending.backfill(), captured, pending.backfill().consistentPoint());
            }
        }
        if (snapshot && slotExists) {
            // The snapshot must be the slot's exported snapshot, so that streaming from the slot's consistent
            // point neither misses nor repeats a change (an interrupted snapshot's slot, or the slot of an
            // always / when_needed snapshot): a new slot, a new exported snapshot. The Debezium engine keeps
            // the slot and reads pg_current_wal_lsn() in its snapshot transaction instead, which a transaction
            // committing at that moment can fall on the wrong side of (docs/sources/postgresql.md).
            LOG.info("{}: recreating slot {} for the snapshot", settings.describe(), settings.slot());
            setup.dropSlot();
            slotExists = false;
        }
        if (!slotExists && loaded.snapshotCompleted()) {
            // As the Debezium engine: a new slot would start at the server's current position, and the changes
            // since the last committed offset would be lost without a trace in the events.
            throw new FatalException(settings.describe() + ": replication slot " + settings.slot() + " is gone (dropped,"
                    + " or this is another server), so the changes since the last committed offset cannot be read; "
                    + setup.slotGoneRemedy());
        }
        if (!slotExists) {
            ReplicationSlotInfo slot = settings.slotFailover() ? FailoverSlot.create(replication, settings.slot())
                    : replication.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot()
                            .logical().withSlotName(settings.slot()).withOutputPlugin("pgoutput").make();
            startLsn = slot.getConsistentPoint().asLong();
            if (snapshot) {
                snapshotter = openSnapshot(slot, tablePlans, false);
                status.snapshotStarted(tablePlans.size(), rowsEstimated(tablePlans));
            }
        }
        if (snapshotter == null) {
            if (!loaded.snapshotCompleted()) {
                pending = pending.at(true, pending.resume(), pending.confirmedLsn());
                save();
            }
            if (backfill != null) {
                openBackfill(backfill, captured, tablePlans, setup);
            } else {
                startStream();
            }
        }
    }

    /**
     * Starts reading the rows of the tables captured since the snapshot, before streaming resumes: in the exported
     * snapshot of a temporary slot, on {@code snapshot_connections} connections, as the snapshot is read. The stream then
     * leaves out their changes committed before the temporary slot's consistent point ({@link BackfilledChanges}).
     */
    private void openBackfill(Offsets.Backfill backfill, List<TableId> captured, List<RelationPlan> tablePlans,
                              ReplicationSetup setup) throws Exception {
        List<RelationPlan> rowPlans = NewTablesBackfill.plans(backfill, NewTablesBackfill.tables(backfill, captured),
                tablePlans);
        beginBackfill(exportBackfill(backfill, captured, rowPlans, setup), backfill, captured, rowPlans,
                "since the last committed position");
    }

    /**
     * Creates the backfill's temporary slot and opens its rows' reader in the slot's exported snapshot. The creation
     * waits for the transactions open when it began to end.
     */
    private BackfillSlotExport.Exported exportBackfill(Offsets.Backfill backfill, List<TableId> captured,
                                                       List<RelationPlan> rowPlans, ReplicationSetup setup)
            throws Exception {
        // Closed once the reading connections imported its snapshot; that also drops the temporary slot.
        try (Connection exporter = setup.replicationConnection()) {
            ReplicationSlotInfo slot;
            try {
                slot = NewTablesBackfill.exportSnapshot(exporter, settings.slot());
            } catch (SQLException e) {
                if (!"53400".equals(e.getSQLState())) throw e; // configuration_limit_exceeded: no free slot
                throw new FatalException(settings.describe() + ": the backfill of " + NewTablesBackfill.names(
                        backfill.tables(), captured) + " (" + NewTablesBackfill.reason(backfill) + ") needs a temporary"
                        + " replication slot: "
                        + e.getMessage() + "; raise max_replication_slots (a server restart) or drop an unused slot"
                        + (backfill.reread().equals(backfill.tables()) ? "" : ", or set snapshot_new_tables: false to"
                        + " stream only the changes of the tables captured since the snapshot from now on"), e);
            }
            return new BackfillSlotExport.Exported(openSnapshot(slot, rowPlans, true),
                    NewTablesBackfill.changes(backfill, captured, slot.getConsistentPoint().asLong()));
        }
    }

    /** Reads the backfill's rows from the next poll on; the changes of the tables read again follow from {@code streamedFrom}. */
    private void beginBackfill(BackfillSlotExport.Exported exported, Offsets.Backfill backfill, List<TableId> captured,
                               List<RelationPlan> rowPlans, String streamedFrom) throws SQLException {
        snapshotter = exported.rows();
        backfilled = exported.changes();
        backfilling = true;
        readBackfill = backfill;
        LOG.info("{}: backfill of {} ({}{}): reading {} rows in the snapshot of temporary slot {} at {}; {}",
                settings.describe(), NewTablesBackfill.names(backfill.tables(), captured), NewTablesBackfill.reason(backfill),
                NewTablesBackfill.conditions(backfill, captured),
                its(backfill.tables().size()), NewTablesBackfill.slotName(settings.slot()),
                LogSequenceNumber.valueOf(backfilled.consistentPoint()).asString(), interleaved != null
                        ? "they come between the stream's transactions, which go on; a row whose key the stream changed "
                        + streamedFrom + " is left out (that change holds the key's state at the row's point or later)"
                        : backfill.reread().isEmpty()
                        ? its(backfill.tables().size()) + " changes committed after it are streamed"
                        : "the changes of " + NewTablesBackfill.names(backfill.reread(), captured) + " " + streamedFrom
                        + " are streamed after the rows" + (backfill.reread().equals(backfill.tables()) ? ""
                        : ", the others' from that point"));
        status.snapshotStarted(rowPlans.size(), rowsEstimated(rowPlans));
    }

    /**
     * A source that ran with {@code engine: debezium} and switched: when the Debezium engine's offsets say its
     * snapshot finished, its slot (the same name, plugin and publication) holds the position — stream from it,
     * without a snapshot and without dropping the slot. The server starts at the slot's confirmed LSN, so the
     * changes the Debezium engine delivered after its last confirmation come again (its unacknowledged window
     * and up to {@code offset_flush_interval_ms} more); none is lost. A Debezium snapshot that did not finish
     * is taken again, as that engine would.
     */
    private boolean takeOverFromDebeziumEngine() throws java.io.IOException {
        DebeziumEngineOffsets.Found found = offsetStore.debeziumEngineOffsets();
        if (found != DebeziumEngineOffsets.Found.STREAMING) return false;
        LOG.info("{}: no native offsets, but the Debezium engine's offsets say its snapshot finished: streaming slot {}"
                + " from its confirmed position, without a snapshot (changes delivered after it come again)",
                settings.describe(), settings.slot());
        loaded = new Offsets(true, ResumePoint.NONE, 0);
        return true;
    }

    /** The server's row estimate of the tables (pg_class.reltuples), NaN when a table has none (never analyzed). */
    private double rowsEstimated(List<RelationPlan> tablePlans) throws SQLException {
        double sum = 0;
        try (var st = sql.prepareStatement("SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
            for (RelationPlan plan : tablePlans) {
                st.setString(1, plan.table().schema());
                st.setString(2, plan.table().table());
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next() || rs.getDouble(1) < 0) return Double.NaN;
                    sum += rs.getDouble(1);
                }
            }
        }
        return sum;
    }

    /**
     * The snapshot's (or a backfill's) reader, on {@code snapshot_connections} connections inside the slot's exported
     * snapshot.
     */
    private Snapshotter openSnapshot(ReplicationSlotInfo slot, List<RelationPlan> tablePlans, boolean backfill)
            throws SQLException {
        List<Connection> connections = SnapshotConnections.open(settings.url(), settings.login(), slot.getSnapshotName(),
                settings.snapshotConnections());
        try {
            Long txId = SnapshotConnections.transactionId(connections.get(0));
            SnapshotRows rows;
            if (connections.size() == 1) {
                rows = new SequentialCopy(connections.get(0), tablePlans);
            } else {
                List<CopyRange> ranges = CopyRanges.plan(connections.get(0), tablePlans, connections.size());
                LOG.info("{}: snapshot of {} tables in {} COPY ranges on {} connections", settings.describe(),
                        tablePlans.size(), ranges.size(), connections.size());
                rows = new ParallelCopy(connections, tablePlans, ranges, "cdc-native-snapshot-" + settings.slot());
            }
            return new Snapshotter(rows, tablePlans, new SourceBlock(settings.sourceName()),
                    slot.getConsistentPoint().asLong(), txId, backfill);
        } catch (SQLException | RuntimeException e) {
            SnapshotConnections.closeQuietly(connections, e);
            throw e;
        }
    }

    /** Streams from where the offsets found at start (or the new slot) say. */
    private void startStream() throws SQLException {
        startStream(laterOf(loaded.confirmedLsn(), startLsn), loaded.resume());
    }

    private static long laterOf(long a, long b) {
        return Long.compareUnsigned(a, b) > 0 ? a : b;
    }

    /** Streams the slot from {@code from}, skipping the changes {@code resume} says were delivered already. */
    private void startStream(long from, ResumePoint resume) throws SQLException {
        int major = replication.getMetaData().getDatabaseMajorVersion();
        int proto = major >= 16 ? 4 : major == 15 ? 3 : major == 14 ? 2 : 1;
        // Binary mode (14+) unless a captured column's type is read only as text (ColumnType#readsBinary).
        boolean binary = major >= 14 && plans.binaryReadable() && !textOnly;
        plans.streamsBinary(binary);
        // Streaming of in-progress transactions needs protocol 2 (14+).
        boolean streaming = settings.streamInProgress() && major >= 14;
        if (settings.streamInProgress() && !streaming) {
            LOG.warn("{}: stream_in_progress ignored: PostgreSQL {} cannot stream in-progress transactions (14 or later"
                    + " can); large transactions are sent when they commit", settings.describe(), major);
        }
        var builder = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                .withSlotName(settings.slot())
                .withSlotOption("proto_version", proto)
                .withSlotOption("publication_names", settings.publication())
                .withSlotOption("binary", binary) // values in their send formats: no text parsing
                .withStatusInterval(10, TimeUnit.SECONDS);
        if (from != 0) builder.withStartPosition(LogSequenceNumber.valueOf(from));
        if (streaming) builder.withSlotOption("streaming", "on"); // only then: servers before 14 refuse the option
        // Logical decoding messages whenever the server sends them (14+), as the Debezium engine asks for them, and
        // whatever message_prefixes and transaction_metadata say: a transactional message counts among its
        // transaction's events (StreamAssembler), so their numbering, which a restart resumes by, must not change
        // with those options. The heartbeat's messages also let the slot follow an idle server.
        boolean messages = major >= 14;
        if (messages) builder.withSlotOption("messages", "true");
        if (settings.messages() != null && settings.messages().any() && !messages) {
            LOG.warn("{}: message_prefixes ignored: PostgreSQL {} sends no logical decoding messages through pgoutput"
                    + " (14 or later does)", settings.describe(), major);
        }
        try {
            Path spools = settings.stateDir().resolve(STREAMED_DIR);
            if (streaming) {
                streamed = new StreamedTransactions(spools);
            } else {
                StreamedTransactions.deleteLeftovers(spools);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("could not prepare the streamed transactions' directory under "
                    + settings.stateDir() + ": " + e.getMessage(), e);
        }
        stream = builder.start();
        keepalive = new StreamKeepalive("cdc-native-keepalive-" + settings.slot(), KEEPALIVE_IDLE);
        keepalive.attach(stream);
        status.streaming(true);
        assembler = new StreamAssembler(settings.database(), plans, new SourceBlock(settings.sourceName()), resume,
                settings.captures(), this::uncapturedRelation, settings.skippedOperations(), settings.messages(),
                settings.transactions(), new CommitVisibility(() -> sql, settings.describe()), backfilled);
        LOG.info("{}: streaming slot {} (pgoutput proto_version {}, binary {}, streaming {}) from {}", settings.describe(),
                settings.slot(), proto, binary, streaming, LogSequenceNumber.valueOf(from).asString());
    }

    @Override
    public List<ChangeEvent> poll(Duration timeout) throws Exception {
        List<ChangeEvent> out = new ArrayList<>();
        if (snapshotter == null && stream != null && exporting == null) startAskedBackfillIfDue();
        if (exporting != null) {
            if (interleaved == null) {
                if (!awaitExported(timeout)) return out; // the stream stays paused meanwhile
            } else {
                awaitExported(Duration.ZERO); // the stream goes on meanwhile
            }
        }
        // Interleaved: a batch of rows, then what the stream has (up to a batch), and so on — rows only between transactions.
        boolean rowsDue = rowsWaiting() && System.nanoTime() - rowsUntilNanos < 0;
        if (snapshotter != null && (interleaved == null || rowsDue && atTransactionBoundary())) {
            snapshotter.next(settings.maxBatch(), out);
            status.snapshotRead(snapshotter.rowCount(), snapshotter.tablesStarted());
            if (interleaved != null) {
                interleaved.rowsRead(out, 0, lastStreamed);
                rowsOwed = false;
            }
            if (snapshotter.done()) finishSnapshot();
            if (!out.isEmpty()) lastDelivered = out.get(out.size() - 1).position();
            return out;
        }
        rowsOwed = rowsDue;
        saver.throwIfFailed();
        if (stream == null) reconnect();
        try {
            read(out, rowsWaiting() ? Duration.ZERO : timeout); // rows waiting: only what the stream already has
        } catch (Exception e) {
            if (NoBinaryOutput.in(e) && !textOnly) {
                // The walsender ended: what this poll read is dropped, and the next connection, in text mode, sends it
                // again after the last delivered event.
                textOnly = true;
                dropStream();
                LOG.warn("{}: the server cannot send a value of a table in publication {} in binary ({}): streaming"
                        + " slot {} in text mode from now on", settings.describe(), settings.publication(),
                        e.getMessage(), settings.slot());
                throw new RetryableException(settings.describe() + ": reconnecting slot " + settings.slot()
                        + " in text mode (" + e.getMessage() + ")", e);
            }
            if (!ConnectionLoss.in(e)) throw e;
            // What this poll read is dropped: the next connection sends it again, after the last delivered event.
            dropStream();
            throw new RetryableException(settings.describe() + ": replication connection of slot " + settings.slot()
                    + " lost (" + e.getMessage() + "); reconnecting", e);
        }
        if (!out.isEmpty()) {
            lastDelivered = out.get(out.size() - 1).position();
            lastStreamed = (NativePosition) lastDelivered;
            if (interleaved != null) interleaved.streamed(out);
        }
        if (!rowsOwed) rowsUntilNanos = System.nanoTime() + STREAM_TURN_NANOS; // the stream had its turn
        try {
            confirmIdle();
            saveIfDue();
            confirmSaved();
            heartbeatIfDue();
            // Once the backfill's slot exists (its rows are read in its snapshot): rows come after the stream passes it.
            if (interleaved != null && snapshotter != null && !interleaved.watermarkWritten()) {
                interleaved.writeWatermark(sql);
            }
        } catch (Exception e) {
            // The events are read whole: deliver them, and connect again at the next poll.
            reconnectAtTheNextPoll(e);
        }
        return out;
    }

    /** Reads what the stream has into {@code out}: up to {@code max_batch_size} events, waiting at most {@code timeout} for the first. */
    private void read(List<ChangeEvent> out, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        pacing.beforeReading(deadline - System.nanoTime());
        keepalive.acquire();
        try {
            int messages = 0;
            long firstEventNanos = 0;
            while (out.size() < settings.maxBatch()) {
                if (requestWaiting && atTransactionBoundary()) break; // the next poll reads the backfill's rows
                if (rowsOwed && messages > 0 && atTransactionBoundary()) break; // the next poll delivers rows
                if (firstEventNanos != 0 && System.nanoTime() - firstEventNanos >= MAX_COLLECT_NANOS) break;
                if (awaitingVisibility != null) {
                    if (assembler.accept(awaitingVisibility, awaitingVisibilityLsn, out)) {
                        awaitingVisibility = null;
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (!out.isEmpty() || left <= 0) break;
                    answerServerDuringReplay();
                    Thread.sleep(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
                    continue;
                }
                if (replay != null) {
                    answerServerDuringReplay();
                    PgOutputMessage replayed = replay.next();
                    if (replayed == null) {
                        replay = null;
                    } else {
                        accept(replayed, replay.lsn(), out);
                        if (firstEventNanos == 0 && !out.isEmpty()) firstEventNanos = System.nanoTime();
                    }
                    continue;
                }
                long readStart = System.nanoTime();
                ByteBuffer message = stream.readPending();
                long readNanos = System.nanoTime() - readStart;
                if (message == null) {
                    long left = deadline - System.nanoTime();
                    if (!out.isEmpty() || left <= 0) break;
                    Thread.sleep(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
                    continue;
                }
                long lsn = stream.getLastReceiveLSN().asLong();
                if (streamed != null && streamed.take(message, lsn)) continue;
                PgOutputMessage decoded = PgOutputDecoder.decode(message);
                if (decoded instanceof PgOutputMessage.Message logical && InterleavedBackfill.isWatermark(logical)) {
                    if (interleaved != null) interleaved.passed(logical);
                    messages++;
                    continue;
                }
                if (decoded instanceof PgOutputMessage.StreamCommit commit && streamed != null) {
                    replay = streamed.commit(commit); // delivered from the next turn on, within maxBatch per poll
                    continue;
                }
                accept(decoded, lsn, out);
                if (firstEventNanos == 0 && !out.isEmpty()) firstEventNanos = System.nanoTime();
                messages++;
                if (!out.isEmpty() && pacing.burstEnded(messages, readNanos)) break;
            }
        } finally {
            keepalive.release();
        }
    }

    /** Gives a message to the assembler, or keeps it while its transaction's commit is not visible ({@link CommitVisibility}). */
    private void accept(PgOutputMessage message, long lsn, List<ChangeEvent> out) throws SQLException {
        if (!assembler.accept(message, lsn, out)) {
            awaitingVisibility = message;
            awaitingVisibilityLsn = lsn;
        }
    }

    /**
     * Connects again after a lost connection and streams from the slot, after the last event this reader
     * delivered (the runtime holds every delivered event, committed or not): the server sends again every
     * transaction after the confirmed LSN, and those up to that event are skipped.
     *
     * @throws RetryableException while the server cannot be reached, or the lost session's walsender still holds the slot
     * @throws FatalException     when the slot is gone
     */
    private void reconnect() throws Exception {
        ResumePoint resume = resumeAfterLastDelivered();
        long from = laterOf(saver.saved().confirmedLsn(), startLsn);
        try {
            if (sql == null || !sql.isValid(5)) {
                closeQuietly(sql);
                sql = ReplicationSetup.queryConnection(settings);
            }
            ReplicationSetup setup = new ReplicationSetup(settings, sql);
            if (!setup.slotExists()) {
                throw new FatalException(settings.describe() + ": replication slot " + settings.slot()
                        + " is gone since the connection was lost; the changes after the last delivered one ("
                        + lastDelivered + ") cannot be read from it; " + setup.slotGoneRemedy());
            }
            Integer holder = setup.activePid();
            if (holder != null) {
                throw new RetryableException(settings.describe() + ": replication slot " + settings.slot()
                        + " is still held by server process " + holder + " (the lost session's walsender has not"
                        + " ended yet)", null);
            }
            replication = setup.replicationConnection();
            startStream(from, resume);
        } catch (Exception e) {
            dropStream();
            if (e instanceof RetryableException || !ConnectionLoss.in(e)) throw e;
            throw new RetryableException(settings.describe() + ": connecting again to stream slot " + settings.slot()
                    + " failed (" + e.getMessage() + ")", e);
        }
        LOG.info("{}: replication connection restored; resuming after {}", settings.describe(),
                lastDelivered == null ? "the saved offsets" : lastDelivered);
    }

    /** Where the stream resumes so as to repeat nothing delivered: after the last delivered streamed event. */
    private ResumePoint resumeAfterLastDelivered() {
        if (lastDelivered instanceof NativePosition p && p.snapshot() && rowsAfter != null) {
            // Rows of a backfill asked for while streaming: after the streamed event before them (or where it paused).
            return interleaved != null && lastStreamed != null ? resumeAfter(lastStreamed) : rowsAfter;
        }
        return lastDelivered == null || backfilling && ((NativePosition) lastDelivered).snapshot()
                ? loaded.resume() // a start's backfill: its rows are read before the stream resumes
                : lastDelivered instanceof NativePosition p && !p.snapshot()
                        ? resumeAfter(p)
                        : ResumePoint.NONE; // the snapshot's last row: the stream starts at the slot's consistent point
    }

    /** The resume point once the streamed event at {@code p} is delivered. */
    private static ResumePoint resumeAfter(NativePosition p) {
        return new ResumePoint(p.commitLsn(), p.index(), p.lastInTransaction());
    }

    /** With an interleaved backfill: whether rows are read and the stream has passed its watermark. */
    private boolean rowsWaiting() {
        return interleaved != null && snapshotter != null && interleaved.rowsMayCome();
    }

    /** Whether the stream is between transactions, so that a backfill's rows can come between its events. */
    private boolean atTransactionBoundary() {
        return replay == null && awaitingVisibility == null && assembler != null && assembler.betweenTransactions();
    }

    /**
     * Once a second, and at a transaction boundary: takes the backfills asked for while the reader runs
     * ({@link BackfillRequestFiles}) and starts reading their rows, in a temporary slot's exported snapshot as at a start:
     * between the stream's transactions ({@link InterleavedBackfill}), or with the stream paused where it is when that
     * cannot be (its changes from here up to the snapshot's point then come after the rows, as a restart's replay would).
     * The request is saved in the offsets before any row is read (a crash from there reads it at the next start). Waits
     * while an earlier backfill's rows are not committed, or its stream still leaves out changes of tables captured since
     * the snapshot (a backfill has one point).
     */
    private void startAskedBackfillIfDue() throws Exception {
        if (!requestWaiting) {
            if (System.nanoTime() - lastRequestCheckNanos < REQUEST_CHECK_NANOS) return;
            lastRequestCheckNanos = System.nanoTime();
            requestWaiting = backfillRequests.any();
            if (!requestWaiting) return;
        }
        if (!atTransactionBoundary()) return; // read() stops at the next one
        Offsets.Backfill earlier = pending.backfill();
        if (!pending.snapshotCompleted()
                || earlier != null && !(earlier.rowsCommitted() && earlier.skippedFromStream().isEmpty())) {
            requestWaiting = false; // looked at again in a second
            return;
        }
        requestWaiting = false;
        BackfillRequestFiles.Taken taken = backfillRequests.take();
        Set<String> tables = new java.util.TreeSet<>(taken.tables());
        tables.retainAll(NewTablesBackfill.members(capturedTables));
        if (!tables.containsAll(taken.tables())) {
            Set<String> others = new java.util.TreeSet<>(taken.tables());
            others.removeAll(tables);
            LOG.warn("{}: backfill of {} asked for: not captured when this run started, so not read now (the next start"
                    + " reads the rows of a table captured since anyway)", settings.describe(), String.join(", ", others));
        }
        if (tables.isEmpty()) {
            backfillRequests.delete(taken);
            return;
        }
        // From here a streamed event's commit commits the rows only if it came after them.
        rowsAfter = resumeAfterLastDelivered();
        snapshotRows = -1;
        Offsets offsets = pending;
        for (BackfillRequestFiles.Request request : taken.requests()) {
            Set<String> captured = new java.util.TreeSet<>(request.tables());
            captured.retainAll(tables);
            if (!captured.isEmpty()) offsets = BackfillRequest.merged(offsets, captured, request.where());
        }
        Offsets.Backfill backfill = offsets.backfill();
        pending = pending.withBackfill(backfill);
        save(); // before any row: a crash from here on reads them at the next start
        backfillRequests.delete(taken);
        List<TableId> read = NewTablesBackfill.tables(backfill, capturedTables).stream()
                .filter(t -> !partitionedParents.contains(t)).toList();
        PublishedTables published = PublishedTables.read(sql, settings.publication());
        List<RelationPlan> tablePlans = new ArrayList<>();
        for (TableId table : read) tablePlans.add(plans.forTable(table, published));
        List<RelationPlan> rowPlans = NewTablesBackfill.plans(backfill, read, tablePlans);
        boolean partitioned = PartitionedTables.anyPartitioned(sql, NewTablesBackfill.tables(backfill, capturedTables));
        String paused = InterleavedBackfill.whyPaused(sql.getMetaData().getDatabaseMajorVersion(), StandbyServer.is(sql),
                InterleavedBackfill.mayWriteWatermark(sql), partitioned, rowPlans);
        interleaved = paused == null ? new InterleavedBackfill(rowPlans.stream().map(RelationPlan::table)
                .collect(java.util.stream.Collectors.toSet())) : null;
        if (paused != null) {
            LOG.info("{}: backfill of {}: the stream pauses while its rows are read, as {}", settings.describe(),
                    NewTablesBackfill.names(backfill.tables(), capturedTables), paused);
        }
        // Off the poll thread: the slot's creation waits for the transactions open when it began, however long, and a
        // stop must not wait with it (close cancels it).
        ReplicationSetup setup = new ReplicationSetup(settings, sql);
        exporting = BackfillSlotExport.start(backfill, rowPlans, NewTablesBackfill.slotName(settings.slot()),
                settings.describe(), NewTablesBackfill.names(backfill.tables(), capturedTables), interleaved == null,
                () -> exportBackfill(backfill, capturedTables, rowPlans, setup));
    }

    /** Waits up to {@code timeout} for the backfill's slot; true once its rows can be read. */
    private boolean awaitExported(Duration timeout) throws Exception {
        BackfillSlotExport.Exported exported;
        try {
            exported = exporting.await(timeout);
        } catch (ExecutionException e) {
            // The request stays in the saved offsets, its rows not committed: the next start reads it. Until then this
            // run streams on, and takes no other request (one backfill at a time).
            String tables = exporting.tables();
            exporting = null;
            interleaved = null;
            if (e.getCause() instanceof FatalException fatal) throw fatal;
            throw new RetryableException(settings.describe() + ": the backfill of " + tables + " asked for while"
                    + " streaming could not start (" + e.getCause().getMessage() + "); the stream goes on, and the next"
                    + " start reads the backfill", e.getCause());
        }
        if (exported == null) return false;
        BackfillSlotExport done = exporting;
        exporting = null;
        beginBackfill(exported, done.backfill(), capturedTables, done.rowPlans(), interleaved != null
                ? "since it was asked for" : "from where the stream paused");
        return true;
    }

    /**
     * Backfills asked for while the source ran that it did not take before it stopped: saved in the offsets, to be read
     * by this start (or not at all, when a snapshot reads every table).
     */
    private void takeRequestsLeftWhileStopped() throws java.io.IOException {
        BackfillRequestFiles.Taken taken = backfillRequests.take();
        if (taken.isEmpty()) return;
        if (loaded.snapshotCompleted()) {
            for (BackfillRequestFiles.Request request : taken.requests()) {
                loaded = BackfillRequest.merged(loaded, request.tables(), request.where());
            }
            offsetStore.save(loaded);
        } else {
            LOG.info("{}: backfill of {} asked for while the source ran: this start's snapshot reads every table",
                    settings.describe(), String.join(", ", taken.tables()));
        }
        backfillRequests.delete(taken);
    }

    /**
     * Lets go of a lost stream: its connection is closed without ending the stream first (that waits for an
     * answer a lost server does not give), its keep-alive stopped, its spooled in-progress transactions
     * dropped (the server sends them again).
     */
    private void dropStream() {
        status.streaming(false);
        if (keepalive != null) keepalive.close();
        closeQuietly(replay);
        closeQuietly(streamed);
        closeQuietly(replication);
        keepalive = null;
        replay = null;
        streamed = null;
        stream = null;
        replication = null;
        assembler = null;
        awaitingVisibility = null;
        confirmedToServer = 0; // tell the new session again
    }

    private void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("{}: closing after a lost connection: {}", settings.describe(), e.toString());
        }
    }

    private void finishSnapshot() throws Exception {
        snapshotRows = snapshotter.rowCount();
        snapshotter.close();
        snapshotter = null;
        status.snapshotFinished();
        LOG.info("{}: {} read {} {}{}", settings.describe(), backfilling ? "backfill" : "snapshot", snapshotRows,
                snapshotRows == 1 ? "row" : "rows", interleaved == null ? "" : "; left out " + interleaved.rowsLeftOut()
                        + " whose key the stream changed meanwhile");
        if (interleaved != null) {
            // The rows left out may include the last: the last row delivered is what its commit needs.
            snapshotRows = interleaved.rowsDone(lastStreamed == null ? rowsAfter : resumeAfter(lastStreamed));
        }
        if (snapshotRows == 0) {
            // Nothing to acknowledge: the snapshot (backfill) is complete as soon as it is read.
            pending = backfilling ? backfillCommitted() : pending.at(true, ResumePoint.NONE, startLsn);
            interleaved = null;
            save();
        }
        if (rowsAfter == null) startStream(); // else the stream, paused for the rows, goes on
    }

    /**
     * A relation the publication sends and the source does not capture: skipped, unless it is a partition of a
     * captured partitioned table — one created (or attached) after the start that {@code include_tables} does not
     * match. PostgreSQL publishes it through the parent, and skipping it would lose the parent's rows that live in it
     * without a trace; the reader stops instead, before its first change, so that the slot keeps its changes for a
     * start with it captured (the start refuses a captured parent with a partition not captured the same way).
     */
    private void uncapturedRelation(PgOutputMessage.Relation relation, TableId table) {
        if (partitionedParents.isEmpty()) return;
        List<TableId> parents;
        try {
            parents = PartitionedTables.partitionOfAny(sql, settings.database(), Integer.toUnsignedLong(relation.oid()),
                    partitionedParents);
        } catch (SQLException e) {
            throw new FatalException(settings.describe() + ": reading whether " + table + " is a partition of a captured"
                    + " table failed: " + e.getMessage(), e);
        }
        if (!parents.isEmpty()) throw PartitionedTables.partitionNotCaptured(settings.describe(), table, parents.get(0));
    }

    /**
     * A transaction that gave no event (another table, a heartbeat message) moves the confirmed LSN
     * forward once everything delivered has been committed, so an idle captured table does not hold WAL.
     */
    private void confirmIdle() {
        long idleEnd = assembler.takeIdleEndLsn();
        if (idleEnd == 0 || lastDelivered != lastCommitted || !pending.snapshotCompleted()) return;
        if (Long.compareUnsigned(idleEnd, pending.confirmedLsn()) > 0) {
            pending = pending.at(true, pending.resume(), idleEnd);
        }
    }

    /**
     * While a spooled transaction is delivered the stream is not read, for as many polls as it takes, and the
     * keep-alive does not answer (the stream is in use): a status update every {@link #KEEPALIVE_IDLE} keeps the
     * server from ending the connection after {@code wal_sender_timeout}. It confirms nothing new.
     */
    private void answerServerDuringReplay() throws SQLException {
        long now = System.nanoTime();
        if (now - lastReplayStatusNanos < KEEPALIVE_IDLE.toNanos()) return;
        stream.forceUpdateStatus();
        lastReplayStatusNanos = now;
    }

    /** Writes the heartbeat message every {@code heartbeat_interval_ms} while streaming (see {@link #confirmIdle}). */
    private void heartbeatIfDue() throws SQLException {
        if (settings.heartbeatQuery() == null || settings.heartbeatInterval().isZero()
                || System.nanoTime() - lastHeartbeatNanos < settings.heartbeatInterval().toNanos()) {
            return;
        }
        lastHeartbeatNanos = System.nanoTime();
        try (Statement st = sql.createStatement()) {
            st.execute(settings.heartbeatQuery());
        }
    }

    @Override
    public void commit(SourcePosition position) throws Exception {
        NativePosition p = (NativePosition) position;
        lastCommitted = position;
        boolean lastRow = false;
        if (p.snapshot()) {
            if (interleaved != null) {
                // Committing a row commits the streamed events delivered before it.
                NativePosition before = interleaved.streamedBefore(p.index());
                if (before != null && !pending.resume().skips(before.commitLsn(), before.index())) committedStreamed(before);
            }
            lastRow = p.lastInTransaction() || (snapshotRows >= 0 && p.index() >= snapshotRows);
            if (lastRow) {
                pending = backfilling ? backfillCommitted() : pending.at(true, ResumePoint.NONE, p.lsn());
                interleaved = null;
            }
        } else {
            // Streamed after every row of the backfill (a start's, or, asked for while streaming, after the event the
            // stream paused at, or the last row between its transactions): committing it commits them (the runtime
            // may commit only the latest it acknowledged).
            if (backfilling && (interleaved != null ? interleaved.commitsRows(p)
                    : rowsAfter == null || !rowsAfter.skips(p.commitLsn(), p.index()))) {
                pending = backfillCommitted();
                if (interleaved != null) lastRow = true;
                interleaved = null;
            }
            committedStreamed(p);
        }
        if (lastRow || pending.snapshotCompleted() && !requested.snapshotCompleted()) {
            // The last row of the snapshot (or backfill) is saved at once, whatever the interval: a crash now must not
            // read it all again.
            save();
        } else {
            saveIfDue();
        }
    }

    /** Records the streamed event at {@code p} as committed: the stream resumes after it, the slot may confirm its end. */
    private void committedStreamed(NativePosition p) {
        pending = pending.at(true, resumeAfter(p), p.lastInTransaction() ? p.endLsn() : pending.confirmedLsn());
    }

    /**
     * The pending offsets once the backfill's rows are all committed: their consistent point is recorded (unless it is
     * already, or the backfill is over: the confirmed LSN passed that point).
     */
    private Offsets backfillCommitted() {
        Offsets.Backfill backfill = pending.backfill();
        if (backfill == null || backfill.rowsCommitted() || !backfill.equals(readBackfill)) return pending;
        return pending.withBackfill(backfill.committedAt(backfilled.consistentPoint()));
    }

    /** With {@code offset_flush_interval_ms: 0} saves at once; otherwise hands the offsets to the saver's thread once per interval. */
    private void saveIfDue() throws Exception {
        if (pending.equals(requested)) return;
        if (settings.offsetFlushInterval().isZero()) {
            save();
        } else if (System.nanoTime() - lastSaveNanos >= settings.offsetFlushInterval().toNanos()) {
            saver.request(pending);
            requested = pending;
            lastSaveNanos = System.nanoTime();
        }
    }

    /** Saves the pending offsets on this thread, then tells the server the LSN they confirm (never before the save). */
    private void save() throws Exception {
        saver.saveNow(pending);
        requested = pending;
        lastSaveNanos = System.nanoTime();
        try {
            confirmSaved();
        } catch (SQLException e) {
            // The offsets are saved: a commit must not fail because the server is not there to hear of them. The next
            // poll connects again, resumes after the last delivered event, and the next confirmation tells the server.
            reconnectAtTheNextPoll(e);
        }
    }

    /**
     * After work that is already done (events read whole, offsets saved), a lost connection only means the next poll
     * connects again; anything else is rethrown.
     */
    private void reconnectAtTheNextPoll(Exception e) throws Exception {
        if (!ConnectionLoss.in(e)) throw e;
        dropStream();
        LOG.warn("{}: replication connection of slot {} lost ({}); reconnecting at the next poll", settings.describe(),
                settings.slot(), e.getMessage());
    }

    /** Sends the server the LSN the saved offsets confirm, once per new LSN. */
    private void confirmSaved() throws SQLException {
        long lsn = saver.saved().confirmedLsn();
        if (stream == null || lsn == 0 || lsn == confirmedToServer) return;
        keepalive.acquire();
        try {
            LogSequenceNumber confirmed = LogSequenceNumber.valueOf(lsn);
            stream.setFlushedLSN(confirmed);
            stream.setAppliedLSN(confirmed);
            stream.forceUpdateStatus();
        } finally {
            keepalive.release();
        }
        confirmedToServer = lsn;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        if (exporting != null) {
            exporting.abandon(sql); // a creation waiting for a transaction must not hold the stop
            exporting = null;
        }
        status.streaming(false);
        if (keepalive != null) keepalive.close();
        try {
            if (saver != null) {
                saver.stop(Duration.ofSeconds(10));
                if (!pending.equals(saver.saved())) save();
            }
        } catch (Exception e) {
            failure = e;
        }
        for (AutoCloseable c : new AutoCloseable[] {snapshotter, stream, replication, sql, replay, streamed, offsetStore}) {
            if (c == null) continue;
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }
}
