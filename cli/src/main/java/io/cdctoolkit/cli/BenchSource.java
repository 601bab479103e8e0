package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.CdcReader;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events {@code bench} feeds its chain: a datagen source, read one batch at a time just before
 * the chain takes that batch (as {@code run} does: the events are still in the CPU caches; generating
 * them all first made memory-bound steps such as JSON encoding look 2-3× slower). Generating is timed
 * on its own, so the chain's numbers do not include it. The config's own datagen source is
 * used with its pattern, seed and columns (its rate ignored, its length {@code warmup + events}); a
 * database source is not read (that would need a replication slot or binlog position and measure the
 * database): a datagen source of {@code pattern} stands in for it.
 *
 * @param label       how the source is shown, e.g. {@code source datagen (orders)}
 * @param connector   the connector the events come from ({@code datagen})
 * @param substituted whether a datagen source stands in for the config's database source
 * @param options     the datagen options used
 * @param topic       the source's {@code topic}, or null
 */
record BenchSource(String label, String connector, boolean substituted, Map<String, Object> options, String topic) {

    static final String DATAGEN = "datagen";
    /** The pattern standing in for a database source: a table with a key, strings, numbers and a timestamp. */
    static final String DEFAULT_PATTERN = "users";

    /** The source {@code bench} reads for {@code source}, generating {@code total} events. */
    static BenchSource of(SourceDefinition source, String pattern, long total) {
        boolean datagen = DATAGEN.equals(source.connector());
        Map<String, Object> options = new LinkedHashMap<>(datagen ? source.config() : Map.of());
        if (pattern != null) options.put("pattern", pattern);
        else if (!datagen) options.put("pattern", DEFAULT_PATTERN);
        options.put("events_per_second", 0); // as fast as the chain takes them
        options.put("max_events", total);
        options.put("resume", false); // the source's saved position is neither read nor written
        Object shown = options.getOrDefault("pattern", "random");
        return new BenchSource("source datagen (" + shown + ")", source.connector(), !datagen, options,
                datagen ? source.topic() : null);
    }

    /**
     * Opens the source for reading batch by batch; close the result.
     *
     * @param keyPath  where the source is configured (for option problems)
     * @param stateDir a throwaway folder (datagen writes its offset there only on commit, which never comes)
     */
    Batches open(ComponentCatalog catalog, String name, String keyPath, Path stateDir) throws Exception {
        SourceFactory factory = catalog.source(DATAGEN).orElseThrow(() ->
                new ConfigException(keyPath, "the datagen source is not in this build", null));
        ComponentContext context = new ComponentContext(name, keyPath, topic, stateDir, new SimpleMeterRegistry());
        long expected = ((Number) options.get("max_events")).longValue();
        CdcReader reader = factory.create(Options.of(keyPath, factory.spec().options(), options), context);
        Batches batches = new Batches(reader, expected);
        long start = System.nanoTime();
        reader.start();
        batches.nanos += System.nanoTime() - start;
        return batches;
    }

    /** The source's events in order, a batch at a time, with the time spent generating them. */
    static final class Batches implements AutoCloseable {
        private final CdcReader reader;
        private final long expected;
        private final ArrayDeque<ChangeEvent> pending = new ArrayDeque<>();
        private long read;
        private long nanos;

        private Batches(CdcReader reader, long expected) {
            this.reader = reader;
            this.expected = expected;
        }

        /** Up to {@code max} next events; empty once the source is done. */
        List<ChangeEvent> next(int max) throws Exception {
            long start = System.nanoTime();
            while (pending.size() < max && read < expected && !reader.isExhausted()) {
                List<ChangeEvent> polled = reader.poll(Duration.ofMillis(100));
                long room = expected - read;
                for (int i = 0; i < polled.size() && i < room; i++) pending.add(polled.get(i));
                read += Math.min(polled.size(), room);
            }
            List<ChangeEvent> out = new ArrayList<>(Math.min(max, pending.size()));
            while (out.size() < max && !pending.isEmpty()) out.add(pending.poll());
            nanos += System.nanoTime() - start;
            return out;
        }

        /** Events handed out so far. */
        long count() {
            return read - pending.size();
        }

        /** Time spent starting the source and generating its events. */
        long nanos() {
            return nanos;
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }
}
