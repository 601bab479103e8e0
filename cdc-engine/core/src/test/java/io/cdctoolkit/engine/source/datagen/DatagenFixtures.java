package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds datagen readers from config maps and renders their events, for the datagen tests. */
final class DatagenFixtures {

    static final String KEY_PATH = "sources.gen.config";

    private DatagenFixtures() {
    }

    /** Config entries as an ordered map (YAML order), with unlimited rate unless given. */
    static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("events_per_second", 0);
        config.putAll(ordered(keyValues));
        return config;
    }

    /** An insertion-ordered map of the given key/value pairs. */
    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put((String) keyValues[i], keyValues[i + 1]);
        return map;
    }

    static Options options(Map<String, Object> config) throws Exception {
        return Options.of(KEY_PATH, new DatagenSourceFactory().spec().options(), config);
    }

    static DatagenReader reader(Map<String, Object> config, Path stateDir) throws Exception {
        return (DatagenReader) new DatagenSourceFactory().create(options(config), ComponentContext.of("gen", stateDir));
    }

    /** Starts the reader and polls {@code count} events (fewer if it runs out). */
    static List<ChangeEvent> read(DatagenReader reader, int count) throws Exception {
        reader.start();
        List<ChangeEvent> events = new ArrayList<>(count);
        while (events.size() < count && !reader.isExhausted()) {
            List<ChangeEvent> batch = reader.poll(Duration.ofSeconds(1));
            events.addAll(batch.subList(0, Math.min(batch.size(), count - events.size())));
        }
        return events;
    }

    /** One line per event: topic, key JSON, value JSON and position, as a JSON-printing sink would see it. */
    static String render(List<ChangeEvent> events) {
        StringBuilder out = new StringBuilder();
        for (ChangeEvent e : events) {
            out.append(e.topic()).append('\t')
                    .append(e.key() == null ? "null" : RowJson.toJson(e.key())).append('\t')
                    .append(e.value() == null ? "null" : RowJson.toJson(e.value())).append('\t')
                    .append(e.position().describe()).append('\n');
        }
        return out.toString();
    }
}
