package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.spi.CdcReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The datagen {@link CdcReader}: pulls changes from a {@link ChangeGenerator}, paced by a
 * {@link Pacer}, bounded by {@code max_events}. With {@code resume: true} it persists committed
 * sequence numbers in an {@link OffsetFile} and, on start, replays the generator up to the committed
 * sequence number, so a restart with the same settings continues the very stream it left; by default
 * every run starts at seq 0 and prints the same events.
 */
final class DatagenReader implements CdcReader {

    /** Most events one poll returns. */
    static final int MAX_BATCH = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(DatagenReader.class);

    private final DatagenSettings settings;
    private final ChangeGenerator generator;
    private final EventAssembler assembler;
    private final OffsetFile offsets;
    private final Pacer pacer;
    private boolean started;

    DatagenReader(DatagenSettings settings, ChangeGenerator generator, EventAssembler assembler, OffsetFile offsets,
                  Pacer pacer) {
        this.settings = settings;
        this.generator = generator;
        this.assembler = assembler;
        this.offsets = offsets;
        this.pacer = pacer;
    }

    @Override
    public void start() throws IOException {
        Optional<OffsetFile.Committed> committed = settings.resume() ? offsets.read() : Optional.empty();
        if (committed.isPresent()) {
            OffsetFile.Committed c = committed.get();
            if (c.seed() != settings.seed() || !c.pattern().equals(settings.pattern())
                    || c.cdcMode() != settings.cdcMode()) {
                LOG.warn("{} was committed with seed {}, pattern {}, cdc_mode {}; now seed {}, pattern {}, cdc_mode {}:"
                                + " resuming after seq {} with the new settings, which is not the stream committed"
                                + " before (delete the file to start over at seq 0)", offsets.path(), c.seed(),
                        c.pattern(), c.cdcMode(), settings.seed(), settings.pattern(), settings.cdcMode(), c.seq());
            }
            long resumeAt = c.seq() + 1;
            if (settings.maxEvents() > 0) resumeAt = Math.min(resumeAt, settings.maxEvents());
            while (generator.nextSeq() < resumeAt) generator.next();
            if (isExhausted()) {
                LOG.warn("datagen: nothing left to emit: all {} events (max_events) were committed by an earlier run"
                                + " ({}, resume: true); set resume: false, or delete the file, to emit them again",
                        settings.maxEvents(), offsets.path());
            } else {
                LOG.info("datagen resumes at seq {} ({} committed)", resumeAt, offsets.path());
            }
        }
        started = true;
    }

    @Override
    public List<ChangeEvent> poll(Duration timeout) throws InterruptedException {
        if (!started) throw new IllegalStateException("datagen reader polled before start()");
        if (isExhausted()) return List.of();
        long remaining = settings.maxEvents() > 0 ? settings.maxEvents() - generator.nextSeq() : MAX_BATCH;
        int n = pacer.acquire((int) Math.min(MAX_BATCH, remaining), timeout.toNanos());
        List<ChangeEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) events.add(assembler.toEvent(generator.next()));
        return events;
    }

    @Override
    public boolean isExhausted() {
        return settings.maxEvents() > 0 && generator.nextSeq() >= settings.maxEvents();
    }

    @Override
    public synchronized void commit(SourcePosition position) throws IOException {
        Object seq = position == null ? null : position.offset().get(EventAssembler.SEQ);
        if (!(seq instanceof Number number)) {
            throw new IllegalArgumentException("not a datagen position (expected a numeric 'seq'): " + position);
        }
        // Without resume nothing reads the position back: no disk write (and fsync) per commit.
        if (!settings.resume()) return;
        offsets.write(new OffsetFile.Committed(number.longValue(), settings.seed(), settings.pattern(),
                settings.cdcMode()));
    }

    @Override
    public void close() {
        // Nothing to release: committed positions are already on disk.
    }
}
