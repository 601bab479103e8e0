package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.StopEngineException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CdcReader} over Debezium's embedded engine in Connect format.
 *
 * <p>Threads and order: the engine runs on its own thread and hands over batches through a
 * {@link DebeziumEngine.ChangeConsumer}. That thread converts each record to a {@link ChangeEvent}
 * and puts it on a bounded queue, in Debezium's order, blocking while the queue is full (that is how
 * a slow sink slows Debezium down). The pipeline thread takes events with {@link #poll}.
 *
 * <p>Commits: Debezium is told a record is processed only when the pipeline passes its position (or
 * a later one) to {@link #commit}, i.e. after the sink acknowledged it; the offset store and the
 * PostgreSQL slot never move past an unacknowledged event. {@link #commit} only records the position:
 * an {@link OffsetCommitter} thread tells Debezium, which saves offsets (a file write with fsync), so
 * saving never stalls the pipeline or the engine thread. {@link #close} first waits (bounded) until
 * every committed position is handed over, then commits nothing new; an abrupt stop loses only what
 * was not yet saved, which Debezium delivers again on restart.
 *
 * <p>Saving offsets: a save that fails (state folder gone, disk full, read-only) makes the next
 * {@link #commit} or {@link #poll} throw a {@link FatalException} naming the file and the reason, so the
 * pipeline stops. Debezium itself only logs such a failure and goes on; the offset store shows
 * Debezium only saved offsets, so the PostgreSQL slot is never confirmed past what is on disk.
 */
public final class DebeziumReader implements CdcReader {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumReader.class);
    private static final long OFFER_WAIT_MS = 100;

    private final String description;
    private final Properties properties;
    private final RecordConverter converter;
    private final ReaderSettings settings;
    private final StartProperties startProperties;
    private final OffsetHandoverCheck handoverCheck;
    private final BlockingQueue<ChangeEvent> queue;
    private final CommitTracker<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> tracker;
    private final OffsetCommitter<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> offsetCommitter;
    /**
     * {@code offset_flush_interval_ms: 0}: each commit returns only once its offsets are saved, as Debezium's own
     * engine flushes a batch before handing over the next with that setting. It trades throughput for the tightest
     * replay bound after a crash: exactly the records not yet committed.
     */
    private final boolean saveEachCommit;
    /** The backfills it sends the engine as blocking snapshot signals ({@link #takingBackfills}); null when none. */
    private BackfillSignals backfills;
    private BackfillWake backfillWake = BackfillWake.NONE;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private volatile Exception failure;
    private volatile FatalException saveFailure;
    private AutoCloseable saveWatch;
    private volatile boolean engineStopped;
    private volatile boolean closing;
    /** Whether start and stop are logged at INFO ({@link #unannounced}). */
    private boolean announced = true;
    private long sequence; // engine thread only
    private DebeziumEngine<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService executor;

    /**
     * Logs its start and stop at DEBUG, not INFO: for a reader the user did not ask to run (a schema probe of
     * {@code check} or {@code schema derive}), whose lines would only interleave the command's output. Called before
     * {@link #start}.
     */
    DebeziumReader unannounced() {
        announced = false;
        return this;
    }

    /**
     * Sends the backfills asked for ({@code cdc-toolkit backfill}) to the engine as Debezium's blocking snapshot
     * signals ({@link BackfillSignals}): the properties must enable Debezium's {@code in-process} signal channel. Called
     * before {@link #start}.
     *
     * @param select the statement reading a table's rows where a condition holds
     * @param wake   what to write to the database once backfills were sent (at a start or while running)
     */
    DebeziumReader takingBackfills(BackfillSelect select, BackfillWake wake) {
        backfills = new BackfillSignals(settings.stateDir(), description, select);
        backfillWake = wake;
        return this;
    }

    /**
     * @param description e.g. {@code postgres-cdc source 'pg' (db.example:5432/app)}, for messages; no secrets
     * @param properties  Debezium engine and connector properties
     * @param converter   record → event conversion (column filters, topics)
     * @param settings    queue size, poll size, start timeout, state directory
     */
    public DebeziumReader(String description, Map<String, String> properties, RecordConverter converter,
                          ReaderSettings settings) {
        this(description, properties, converter, settings, StartProperties.NONE, OffsetHandoverCheck.NONE);
    }

    /**
     * @param startProperties resolved first at {@link #start}, set over {@code properties}; what it throws ends the start
     * @param handoverCheck   asked before committed records go to Debezium; what it throws stops the reader (closed
     *                        with it)
     * @see #DebeziumReader(String, Map, RecordConverter, ReaderSettings)
     */
    public DebeziumReader(String description, Map<String, String> properties, RecordConverter converter,
                          ReaderSettings settings, StartProperties startProperties, OffsetHandoverCheck handoverCheck) {
        this.description = description;
        this.startProperties = startProperties;
        this.handoverCheck = handoverCheck;
        this.properties = new Properties();
        this.properties.putAll(properties);
        this.converter = converter;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.tracker = new CommitTracker<>();
        Duration flushInterval = Duration.ofMillis(Long.parseLong(properties.getOrDefault("offset.flush.interval.ms", "0")));
        this.saveEachCommit = flushInterval.isZero();
        this.offsetCommitter = new OffsetCommitter<>(tracker, this::onCommitFailure,
                "cdc-offsets-" + properties.get("name"), flushInterval, handoverCheck);
    }

    @Override
    public void start() throws Exception {
        if (engine != null) throw new IllegalStateException(description + " already started");
        try {
            properties.putAll(startProperties.resolve());
        } catch (ConnectivityException e) {
            throw new ConnectivityException(description + ": " + e.getMessage(), e);
        }
        Files.createDirectories(settings.stateDir());
        failIfNoOffsetBrokerListens();
        if (AtomicFileOffsetBackingStore.class.getName().equals(properties.getProperty("offset.storage"))) {
            saveWatch = AtomicFileOffsetBackingStore.watch(
                    Path.of(properties.getProperty("offset.storage.file.filename")), this::onSaveFailure);
        }
        engine = DebeziumEngine.create(Connect.class)
                .using(properties)
                .notifying(new Handler())
                .using(this::onCompletion)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        started.countDown();
                    }
                })
                .build();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cdc-debezium-" + properties.getProperty("name"));
            t.setDaemon(true);
            return t;
        });
        executor.execute(engine);
        offsetCommitter.start();
        if (!started.await(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new FatalException(description + " did not start within " + settings.startTimeout().toSeconds()
                    + " s (raise start_timeout_ms if the database is slow to accept replication connections)");
        }
        if (failure != null) throw failure;
        if (backfills != null) {
            Map<String, String> started = new java.util.HashMap<>();
            properties.forEach((k, v) -> started.put(String.valueOf(k), String.valueOf(v)));
            if (backfills.sendAll(engine.getSignaler(), started)) wakeForBackfills();
        }
        lifecycle("started");
    }

    private void wakeForBackfills() {
        try {
            backfillWake.wake();
        } catch (Exception e) {
            LOG.warn("{}: the backfill just sent waits for the database's next change ({})", description,
                    e.toString());
        }
    }

    /**
     * {@code offset_storage: kafka} with no broker taking connections: fails at once, naming the addresses. The engine
     * would wait a minute for the offsets topic and then report only "Failed to connect to and describe Kafka cluster".
     */
    private void failIfNoOffsetBrokerListens() throws ConnectivityException {
        if (!KafkaOffsetBackingStore.class.getName().equals(properties.getProperty("offset.storage"))) return;
        Optional<String> unreachable = OffsetStorageCheck.unreachable(properties.getProperty("bootstrap.servers"),
                properties.getProperty("offset.storage.topic"));
        if (unreachable.isPresent()) {
            throw new ConnectivityException(description + ": " + unreachable.get() + " (kafka_bootstrap_servers)", null);
        }
    }

    @Override
    public List<ChangeEvent> poll(Duration timeout) throws Exception {
        throwIfSaveFailed();
        if (queue.isEmpty()) throwIfFailed();
        if (backfills != null && backfills.sendNewIfDue(engine::getSignaler)) wakeForBackfills();
        ChangeEvent first = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            throwIfFailed();
            return List.of();
        }
        List<ChangeEvent> out = new ArrayList<>(Math.min(settings.maxPollEvents(), queue.size() + 1));
        out.add(first);
        queue.drainTo(out, settings.maxPollEvents() - 1);
        return out;
    }

    @Override
    public boolean isExhausted() {
        return engineStopped && failure == null && queue.isEmpty();
    }

    @Override
    public void commit(SourcePosition position) throws Exception {
        if (!(position instanceof DebeziumPosition p)) {
            throw new IllegalArgumentException(description + " cannot commit a position it did not produce: " + position);
        }
        throwIfSaveFailed();
        tracker.commitThrough(p.sequence()); // the offset committer hands it to Debezium, which saves it
        if (saveEachCommit && !offsetCommitter.drain(settings.startTimeout())) {
            throwIfSaveFailed();
            LOG.warn("{}: offsets of committed changes not saved within {} s; going on (a crash now repeats more)",
                    description, settings.startTimeout().toSeconds());
            return;
        }
        if (backfills != null) backfills.committed(p.sequence());
    }

    /** Records handed over by Debezium and not yet committed (for tests and metrics). */
    int uncommittedRecords() {
        return tracker.pendingCount();
    }

    @Override
    public void close() throws Exception {
        if (engine != null && !engineStopped && saveFailure == null) {
            // What the runtime committed (its last commit came just before close) is saved before the engine stops.
            if (!offsetCommitter.drain(settings.startTimeout())) {
                LOG.warn("{}: offsets of the last committed changes not saved within {} s; a restart repeats them",
                        description, settings.startTimeout().toSeconds());
            }
        }
        closing = true;
        offsetCommitter.stop(settings.startTimeout());
        tracker.close();
        if (engine != null && !engineStopped) {
            closeEngine();
        }
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        }
        queue.clear();
        converter.close();
        handoverCheck.close();
        if (saveWatch != null) saveWatch.close();
        if (engine != null) lifecycle("stopped"); // not for one never started
    }

    private void lifecycle(String what) {
        if (announced) LOG.info("{} {}", description, what);
        else LOG.debug("{} {}", description, what);
    }

    private void closeEngine() throws Exception {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (true) {
            try {
                engine.close();
                return;
            } catch (IllegalStateException e) {
                // Debezium refuses to stop while tasks are starting (leaked connections) and when it
                // has stopped by itself meanwhile; wait for either to settle.
                if (engineStopped) return;
                if (System.nanoTime() > deadline) throw e;
                stopped.await(200, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void throwIfFailed() throws Exception {
        Exception f = failure;
        if (f != null) throw f;
    }

    private void throwIfSaveFailed() {
        FatalException f = saveFailure;
        if (f != null) throw f;
    }

    /** On the offset store's thread, when Debezium's save of acknowledged offsets failed. */
    private void onSaveFailure(Exception e) {
        if (saveFailure != null || closing) return;
        saveFailure = new FatalException(description + ": " + e.getMessage() + "; stopping, so that the database"
                + " is not told to discard changes whose offsets are not saved (restart once the folder is writable:"
                + " it resumes at the last saved offset)", e);
    }

    /** On the offset committer's thread, when telling Debezium failed (other than a failed save). */
    private void onCommitFailure(Exception e) {
        if (saveFailure != null || closing) return;
        if (e instanceof FatalException fatal) { // a handover check's own reason (OffsetHandoverCheck)
            saveFailure = fatal;
            return;
        }
        saveFailure = new FatalException(description + ": cannot hand committed offsets to Debezium: " + e
                + "; stopping (restart: it resumes at the last saved offset)", e);
    }

    private void onCompletion(boolean success, String message, Throwable error) {
        if (!success && failure == null && !closing) {
            failure = EngineFailures.classify(description, message, error);
            LOG.debug("{} failed (the pipeline reports it): {}", description, failure.getMessage());
        }
        engineStopped = true;
        started.countDown();
        stopped.countDown();
    }

    /** Receives Debezium's batches on the engine thread. */
    private final class Handler implements DebeziumEngine.ChangeConsumer<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> {

        private final FirstAtLsn firstAtLsn = new FirstAtLsn();

        @Override
        public void handleBatch(List<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> records,
                                DebeziumEngine.RecordCommitter<io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord>> committer)
                throws InterruptedException {
            for (io.debezium.engine.ChangeEvent<SourceRecord, SourceRecord> record : records) {
                if (closing) throw new StopEngineException("reader closing");
                SourceRecord sourceRecord = record.value();
                long seq = ++sequence;
                String backfill = backfills == null ? null : backfills.observed(seq, sourceRecord);
                // The engine telling how a snapshot goes (BackfillSignals), no change: its offset is never saved.
                if (BackfillSignals.isNotification(sourceRecord)) continue;
                ChangeEvent event;
                try {
                    event = converter.convert(sourceRecord, new DebeziumPosition(seq, positionOffset(sourceRecord,
                            backfill), firstAtLsn.first(sourceRecord, castOffset(sourceRecord), backfill != null)));
                } catch (RuntimeException e) {
                    // Events before this one are already queued and get delivered; then poll fails. The
                    // offset never passes this record, so a restart meets it again instead of losing it.
                    // (A value that cannot be converted is not this: it comes back as an unreadable event.)
                    failure = e instanceof FatalException
                            ? new FatalException(description + ": " + e.getMessage(), e)
                            : new FatalException(description + ": cannot convert change record from topic "
                                    + sourceRecord.topic() + ": " + e.getMessage(), e);
                    throw new StopEngineException(failure.getMessage());
                }
                tracker.track(seq, record, event != null, RestartPosition.of(castOffset(sourceRecord)), committer);
                if (event != null) enqueue(event);
            }
        }

        @Override
        public boolean supportsTombstoneEvents() {
            return false;
        }

        private void enqueue(ChangeEvent event) throws InterruptedException {
            while (!queue.offer(event, OFFER_WAIT_MS, TimeUnit.MILLISECONDS)) {
                if (closing) throw new StopEngineException("reader closing");
            }
        }
    }

    /** The record's offset, with a backfill's row marked ({@link SourcePosition#BACKFILL}: the backfill's id). */
    private static Map<String, Object> positionOffset(SourceRecord record, String backfill) {
        Map<String, Object> offset = castOffset(record);
        if (backfill == null) return offset;
        Map<String, Object> marked = offset == null ? new java.util.HashMap<>() : new java.util.HashMap<>(offset);
        marked.put(SourcePosition.BACKFILL, backfill);
        return marked;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castOffset(SourceRecord record) {
        return (Map<String, Object>) record.sourceOffset();
    }
}
