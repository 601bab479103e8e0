package io.cdctoolkit.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies for config records: ordered, unmodifiable, and (unlike {@link Map#copyOf}) null values allowed. */
final class ConfigMaps {

    private ConfigMaps() {
    }

    static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
