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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events {@code bench} feeds its chain: a datagen source, read to the end before anything is
 * timed so the chain's numbers do not include generating them. The config's own datagen source is
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
     * Generates every event, timing only that.
     *
     * @param keyPath  where the source is configured (for option problems)
     * @param stateDir a throwaway folder (datagen writes its offset there only on commit, which never comes)
     */
    Materialized read(ComponentCatalog catalog, String name, String keyPath, Path stateDir) throws Exception {
        SourceFactory factory = catalog.source(DATAGEN).orElseThrow(() ->
                new ConfigException(keyPath, "the datagen source is not in this build", null));
        ComponentContext context = new ComponentContext(name, keyPath, topic, stateDir, new SimpleMeterRegistry());
        long expected = ((Number) options.get("max_events")).longValue();
        List<ChangeEvent> events = new ArrayList<>((int) Math.min(expected, Integer.MAX_VALUE));
        try (CdcReader reader = factory.create(Options.of(keyPath, factory.spec().options(), options), context)) {
            long start = System.nanoTime();
            reader.start();
            while (!reader.isExhausted() && events.size() < expected) {
                events.addAll(reader.poll(Duration.ofMillis(100)));
            }
            return new Materialized(events, System.nanoTime() - start);
        }
    }

    /**
     * The source's events, in source order.
     *
     * @param events the events
     * @param nanos  how long generating them took
     */
    record Materialized(List<ChangeEvent> events, long nanos) {
    }
}
