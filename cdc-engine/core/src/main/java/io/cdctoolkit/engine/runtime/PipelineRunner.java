package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a {@link Pipeline} on the calling thread: open, poll–process–commit loop, then flush,
 * final commit and close. Source calls (poll, commit, close) all happen on this thread.
 */
final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final Pipeline pipeline;
    private final CdcReader source;
    private final Sink sink;
    private final StopSignal signal;
    private final PipelineStats stats;
    private final PipelineListener listener;
    private final AckTracker tracker;
    private final ErrorHandler errors;
    private final EventProcessor processor;
    private final SourcePoller poller;
    private final RateLimiter rate;
    private final int batchSize;
    private long sourceEvents;
    private boolean sinkOpened;
    private SourcePosition uncommitted;
    private long uncommittedEvents;
    private final CommitLag commitLag;
    private SourcePosition lastCommitted;

    PipelineRunner(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.source = pipeline.source();
        this.sink = pipeline.sink();
        this.signal = pipeline.signal();
        this.stats = pipeline.stats();
        this.listener = pipeline.listener();
        PipelineSettings settings = pipeline.settings();
        this.tracker = new AckTracker(pipeline.stages().stream().anyMatch(PipelineRunner::wantsDeliveries)
                ? this::delivered : null);
        RecordWriter writer = new RecordWriter(sink, pipeline.limiter(), stats);
        this.errors = new ErrorHandler(pipeline.name(), settings, tracker, writer, stats);
        StageChain chain = new StageChain(pipeline.stages(), stats);
        EncoderCalls encoder = new EncoderCalls(pipeline.name(), pipeline.encoder(), pipeline.retry(), signal, stats);
        this.processor = new EventProcessor(chain, encoder, writer, errors, tracker, stats);
        this.poller = new SourcePoller(pipeline.name(), source, pipeline.retry(), signal);
        this.rate = settings.rateLimit() > 0 ? new RateLimiter(settings.rateLimit(), System::nanoTime) : null;
        this.batchSize = settings.batchSize();
        this.commitLag = stats.commitLag();
    }

    PipelineResult run() {
        long startNanos = System.nanoTime();
        PipelineResult.Status status = PipelineResult.Status.FAILED;
        LOG.info("pipeline '{}' starting", pipeline.name());
        pipeline.state(PipelineState.STARTING);
        try {
            sink.open();
            sinkOpened = true;
            source.start();
            pipeline.state(PipelineState.RUNNING);
            status = loop(startNanos);
        } catch (InterruptedException e) {
            // An interrupt of the pipeline thread (e.g. from a source's blocking poll) means stop, like stop().
            Thread.currentThread().interrupt();
            signal.raise();
            status = PipelineResult.Status.STOPPED;
        } catch (Exception e) {
            errors.fatal(null, e);
        }
        pipeline.state(PipelineState.STOPPING);
        // An interrupt asked us to stop; clear it so flush and commit can still block briefly.
        boolean interrupted = Thread.interrupted();
        settle();
        commitAcknowledged(true);
        closeAll();
        if (interrupted) Thread.currentThread().interrupt();
        if (errors.failed()) status = PipelineResult.Status.FAILED;
        pipeline.state(switch (status) {
            case FAILED -> PipelineState.FAILED;
            case STOPPED -> PipelineState.STOPPED;
            case COMPLETED -> PipelineState.COMPLETED;
        });
        PipelineResult result = new PipelineResult(pipeline.name(), status, errors.failure(), stats.snapshot(),
                Duration.ofNanos(System.nanoTime() - startNanos), lastCommitted);
        // No position of this run committed (it read nothing new, say) leaves the offsets from before as they were.
        LOG.info("pipeline '{}' {}: {} events in, {} records out, {}", pipeline.name(), status,
                result.counts().eventsIn(), result.counts().recordsOut(), lastCommitted == null
                        ? "no new position committed" : "last committed " + Positions.describe(lastCommitted));
        return result;
    }

    private PipelineResult.Status loop(long startNanos) throws Exception {
        Deadline deadline = new Deadline(startNanos, pipeline.maxDuration());
        List<ChangeEvent> polled = List.of();
        int next = 0;
        while (true) {
            errors.drainSinkFailures();
            if (errors.failed()) return PipelineResult.Status.FAILED;
            commitAcknowledged(false);
            if (errors.failed()) return PipelineResult.Status.FAILED;
            if (signal.isRaised()) return PipelineResult.Status.STOPPED;
            if (eventLimitReached() || deadline.passed()) {
                return PipelineResult.Status.COMPLETED;
            }
            if (next >= polled.size()) {
                if (source.isExhausted()) return PipelineResult.Status.COMPLETED;
                polled = poller.poll(pollTimeout(deadline));
                next = 0;
                read(polled);
            }
            next = processBatch(polled, next, Math.min(polled.size(), next + batchSize));
            if (listener != PipelineListener.NONE) listener.onBatch(stats.snapshot());
        }
    }

    // Once per poll, not per event: the read time of a poll stands for each of its events.
    private void read(List<ChangeEvent> polled) {
        if (polled.isEmpty()) return;
        commitLag.polled(polled.size(), System.nanoTime());
        stats.sourceRead(polled.get(polled.size() - 1).sourceTimestamp(), System.currentTimeMillis());
    }

    /** Processes events {@code from..to} of the polled list; returns the index it got to. */
    private int processBatch(List<ChangeEvent> polled, int from, int to) {
        for (int i = from; i < to; i++) {
            // Stop, failures and limits are looked at per event: a batch may be long and the sink slow.
            if (signal.isRaised() || errors.failed() || eventLimitReached()) return i;
            if (rate != null && signal.sleep(rate.reserve())) return i;
            boolean written = processor.process(polled.get(i));
            sourceEvents++;
            if (!written) {
                signal.raise();
                return i + 1;
            }
            errors.drainSinkFailures();
        }
        return to;
    }

    private boolean eventLimitReached() {
        return pipeline.maxEvents() > 0 && sourceEvents >= pipeline.maxEvents();
    }

    private Duration pollTimeout(Deadline deadline) {
        long timeout = TimeUnit.MILLISECONDS.toNanos(pipeline.settings().pollTimeoutMs());
        return Duration.ofNanos(Math.min(timeout, deadline.remainingNanos()));
    }

    /** The {@code maxDuration} limit, if any. */
    private record Deadline(long startNanos, Duration limit) {
        boolean passed() {
            return limit != null && remainingNanos() == 0;
        }

        long remainingNanos() {
            if (limit == null) return Long.MAX_VALUE;
            return Math.max(0, limit.toNanos() - (System.nanoTime() - startNanos));
        }
    }

    /** Flushes the sink until every callback ran and every sink failure was handled (dead letters flushed too). */
    private void settle() {
        if (!sinkOpened) return;
        while (true) {
            try {
                sink.flush();
            } catch (Exception e) {
                errors.fatal(null, new FatalException("sink of pipeline '" + pipeline.name()
                        + "' failed to flush: " + e, e));
                errors.drainSinkFailures();
                return;
            }
            // Each failure adds at most one dead-letter record, a rejected dead letter at most one without a
            // value, and a failed valueless one none: this ends.
            if (errors.drainSinkFailures() == 0) return;
        }
    }

    /** Commits the highest position below which everything is acknowledged, if it moved. */
    private void commitAcknowledged(boolean last) {
        SourcePosition position;
        try {
            position = tracker.drainCommittable(this::acknowledged);
        } catch (RuntimeException e) {
            errors.fatal(null, e);
            return;
        }
        long settled = tracker.settledEvents();
        if (position != null) {
            uncommitted = position;
            uncommittedEvents = settled;
        }
        if (uncommitted == null) {
            // Everything settled so far had no position to commit (or was committed): nothing lags.
            commitLag.committed(settled);
            return;
        }
        try {
            source.commit(uncommitted);
        } catch (RetryableException e) {
            if (last) {
                errors.fatal(null, new FatalException("source of pipeline '" + pipeline.name()
                        + "' could not commit " + Positions.describe(uncommitted) + " at shutdown: " + e, e));
            } else {
                LOG.warn("pipeline '{}': commit of {} failed, will retry: {}", pipeline.name(),
                        Positions.describe(uncommitted), e.getMessage());
            }
            return;
        } catch (Exception e) {
            errors.fatal(null, new FatalException("source of pipeline '" + pipeline.name() + "' failed to commit "
                    + Positions.describe(uncommitted) + ": " + e, e));
            return;
        }
        lastCommitted = uncommitted;
        uncommitted = null;
        commitLag.committed(uncommittedEvents);
        pipeline.committed(lastCommitted);
        listener.onCommitted(lastCommitted);
    }

    private void acknowledged(ChangeEvent event) {
        for (Stage stage : pipeline.stages()) {
            try {
                stage.onAcknowledged(event);
            } catch (RuntimeException e) {
                throw new FatalException("stage '" + stage.name() + "' failed in onAcknowledged: " + e, e);
            }
        }
    }

    // On the thread that completed the acknowledgement (often a sink callback): stages must not throw here,
    // and an exception must not break the sink's callback, so it is logged.
    private void delivered(ChangeEvent event) {
        for (Stage stage : pipeline.stages()) {
            try {
                stage.onDelivered(event);
            } catch (RuntimeException e) {
                LOG.error("pipeline '{}': stage '{}' failed in onDelivered: {}", pipeline.name(), stage.name(), e.toString(), e);
            }
        }
    }

    // Only stages that override onDelivered cost the tickets a list of delivered events.
    private static boolean wantsDeliveries(Stage stage) {
        try {
            return stage.getClass().getMethod("onDelivered", ChangeEvent.class).getDeclaringClass() != Stage.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private void closeAll() {
        close("source", source);
        for (Stage stage : pipeline.stages()) close("stage '" + stage.name() + "'", stage);
        close("encoder", pipeline.encoder());
        close("sink", sink);
    }

    private void close(String what, AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            LOG.warn("pipeline '{}': closing the {} failed: {}", pipeline.name(), what, e.toString(), e);
        }
    }
}
