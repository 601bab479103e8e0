package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ConfigProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replace_field}'s {@code renames}: Kafka's {@code old:new} pairs, read and checked once. The
 * renames are applied simultaneously, so {@code a:b, b:a} swaps two fields.
 *
 * @param byOldName new name by old name, in config order
 */
record Renames(Map<String, String> byOldName) {

    /** The new name of {@code field}, or the name itself when it is not renamed. */
    String renamed(String field) {
        return byOldName.getOrDefault(field, field);
    }

    /**
     * Reads the pairs ({@link ConfigLists#entries} already split Kafka's comma form), adding a problem
     * for each malformed pair, field renamed twice or name two fields are renamed onto.
     */
    static Renames parse(List<String> pairs, String keyPath, List<ConfigProblem> problems) {
        Map<String, String> byOld = new LinkedHashMap<>();
        Map<String, String> byNew = new LinkedHashMap<>();
        List<ConfigProblem> found = new ArrayList<>();
        for (String pair : pairs) {
            String[] parts = pair.split(":", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                found.add(new ConfigProblem(keyPath, "'" + pair + "' is not a rename old:new", "write e.g. cust_id:customer_id"));
                continue;
            }
            String old = parts[0].trim();
            String renamed = parts[1].trim();
            if (byOld.containsKey(old)) {
                found.add(new ConfigProblem(keyPath, "field '" + old + "' is renamed twice", "keep one rename of it"));
            } else if (byNew.containsKey(renamed)) {
                found.add(new ConfigProblem(keyPath, "'" + byNew.get(renamed) + "' and '" + old + "' are both renamed to '"
                        + renamed + "'", "give each field its own name"));
            } else {
                byOld.put(old, renamed);
                byNew.put(renamed, old);
            }
        }
        problems.addAll(found);
        return new Renames(Map.copyOf(byOld));
    }
}
