package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.function.Consumer;

/**
 * Drops events the sink already acknowledged: re-deliveries after a restart (the source replays from
 * its last committed position) or a retry. An event's key goes into the {@link DedupWindow} when the
 * sink acknowledged it ({@link #onDelivered}), never when it passes here, so an event whose send
 * failed comes through again.
 *
 * <p>{@link #apply} runs on the pipeline thread; {@link #onDelivered} on sink callback threads.
 */
final class DeduplicationStage implements Stage {

    static final String NAME = "deduplication";

    private final DedupWindow window;
    private final DedupKeyEncoder applyKeys;
    private final Counter dropped;
    private final MeterRegistry registry;
    private final Gauge entries;
    /**
     * Keys of events that passed, by identity hash (direct-mapped, overwritten freely), so that the delivery
     * of the same event object does not build its key again. Written by the pipeline thread, read by sink
     * callback threads: a pair is immutable (safely published through its final fields), and a slot holding
     * another event only means the key is built again, never that a wrong key is recorded.
     */
    private final Passed[] passed = new Passed[PASSED_SLOTS];
    private static final int PASSED_SLOTS = 1024;

    private record Passed(ChangeEvent event, DedupKey key) {
    }

    DeduplicationStage(DedupWindow window, KeyMode mode, MeterRegistry registry, Tags tags, Counter dropped) {
        this.window = window;
        this.applyKeys = new DedupKeyEncoder(mode);
        this.registry = registry;
        this.dropped = dropped;
        this.entries = Gauge.builder("dedup.entries", window, DedupWindow::size)
                .description("Keys of acknowledged events in the deduplication window").tags(tags).register(registry);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
        if (!event.isUnreadable()) {
            DedupKey key = applyKeys.keyOf(event);
            if (key != null) {
                if (window.contains(key)) {
                    dropped.increment();
                    return;
                }
                passed[System.identityHashCode(event) & (PASSED_SLOTS - 1)] = new Passed(event, key);
            }
        }
        out.accept(event);
    }

    /**
     * Records the event as delivered. The runtime calls this as soon as the sink acknowledged the whole
     * source event, before {@code onAcknowledged} and before the position can be committed, so the key
     * is in the log (page cache) before a kill could lose the position.
     */
    @Override
    public void onDelivered(ChangeEvent event) {
        Passed p = passed[System.identityHashCode(event) & (PASSED_SLOTS - 1)];
        window.record(event, p != null && p.event() == event ? p.key() : null);
    }

    @Override
    public void close() {
        registry.remove(entries);
        window.close();
    }
}
