package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SinkFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code sinks:}; rivven's broker sink and its {@code batch:} block get errors saying what to use instead. */
final class SinkReader {

    static final List<String> ENTRY_KEYS = List.of("connector", "config");
    /** The fix for rivven's broker sink and top-level {@code broker:} block. */
    static final String USE_KAFKA = "use a sink with connector: kafka and config: { bootstrap_servers: <host:port> }";

    private static final String RIVVEN = "rivven";

    private final ComponentCatalog catalog;
    private final Problems problems;

    SinkReader(ComponentCatalog catalog, Problems problems) {
        this.catalog = catalog;
        this.problems = problems;
    }

    /** The sinks, in file order; entries whose connector is unknown are left out. */
    Map<String, SinkDefinition> read(Object section) {
        return ConfigMaps.readEach(problems.mapping("sinks", section), this::entry);
    }

    /** The factory's checks of options together, once each one is valid (see {@link SinkFactory#validate}). */
    private static List<ConfigProblem> combined(SinkFactory factory, String configPath, Map<String, Object> config) {
        try {
            return factory.validate(Options.of(configPath, factory.spec().options(), config));
        } catch (ConfigException e) {
            return e.problems(); // not expected: the same validation passed just above
        }
    }

    private SinkDefinition entry(String name, Object value) {
        String path = "sinks." + name;
        Map<String, Object> entry = problems.mapping(path, value);
        if (entry.containsKey("batch")) {
            problems.add(path + ".batch", "a sink's batch: block is not supported",
                    "set the pipeline's settings instead: batch_size (events per poll), max_in_flight_records"
                            + " and max_in_flight_bytes; Kafka batching goes in config.producer (linger.ms, batch.size)");
        }
        String connectorPath = path + ".connector";
        String connector = problems.requiredString(connectorPath, entry.get("connector"),
                "add connector: <name>, one of: " + String.join(", ", ComponentNames.names(catalog.sinks())));
        Optional<SinkFactory> factory = connector == null ? Optional.empty() : catalog.sink(connector);
        Map<String, Object> others = new LinkedHashMap<>(entry);
        others.remove("batch"); // told above
        problems.entryKeys(path, others, ENTRY_KEYS,
                key -> factory.isPresent() && factory.get().spec().options().stream().anyMatch(o -> o.accepts(key)),
                factory.map(f -> f.spec().name()).orElse("the sink"), "the sink entry", "move it under config:");
        String configPath = path + ".config";
        Map<String, Object> config = problems.mapping(configPath, entry.get("config"));
        if (connector == null) return null;
        if (factory.isEmpty() && connector.equals(RIVVEN)) {
            problems.add(connectorPath, "the rivven broker sink is not supported", USE_KAFKA);
            return null;
        }
        if (factory.isEmpty()) {
            problems.add(ComponentNames.unknown(connectorPath, "sink connector", connector, catalog.sinks(), List.of()));
            return null;
        }
        List<ConfigProblem> found = OptionValidator.validate(configPath, factory.get().spec().options(), config);
        problems.addAll(found);
        if (found.isEmpty()) problems.addAll(combined(factory.get(), configPath, config));
        return new SinkDefinition(name, factory.get().spec().name(), config, path);
    }
}
