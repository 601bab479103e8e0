package io.cdctoolkit.engine.source.postgres.pgoutput;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of table names in the offsets ({@link Offsets#captured}, a backfill's tables) as one text value, a JSON array
 * sorted by name: the offsets file holds text, and Kafka Connect's offsets store takes only primitive values.
 */
final class TableNamesText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TableNamesText() {
    }

    static String write(Set<String> tables) throws IOException {
        return JSON.writeValueAsString(new TreeSet<>(tables));
    }

    /** The names {@code text} holds; null for null (offsets saved before the field existed). */
    static Set<String> read(String text) throws IOException {
        if (text == null) return null;
        return Set.copyOf(JSON.readValue(text, new TypeReference<List<String>>() { }));
    }

    /** A backfill's row conditions ({@link Offsets.Backfill#conditions}) as a JSON object sorted by table. */
    static String writeConditions(Map<String, String> conditions) throws IOException {
        return JSON.writeValueAsString(new TreeMap<>(conditions));
    }

    /** The conditions {@code text} holds; none for null (a field saved only when it holds one). */
    static Map<String, String> readConditions(String text) throws IOException {
        if (text == null) return Map.of();
        return Map.copyOf(JSON.readValue(text, new TypeReference<Map<String, String>>() { }));
    }

    /** {@code tables}, or none for null (a field saved only when it holds a name). */
    static Set<String> orEmpty(Set<String> tables) {
        return tables == null ? Set.of() : tables;
    }
}
