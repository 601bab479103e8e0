package io.cdctoolkit.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Maps in config reading: copies for config records (ordered, unmodifiable, and unlike
 * {@link Map#copyOf} with null values allowed) and named sections read entry by entry.
 */
final class ConfigMaps {

    private ConfigMaps() {
    }

    static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * Each entry of a named section ({@code sources:}, {@code sinks:}, ...) as {@code read} makes it
     * from its name and value, in file order; entries it returns null for (problems recorded) are left out.
     */
    static <T> Map<String, T> readEach(Map<String, Object> entries, BiFunction<String, Object, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            T item = read.apply(e.getKey(), e.getValue());
            if (item != null) out.put(e.getKey(), item);
        }
        return out;
    }
}
