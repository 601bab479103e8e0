package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ConfigProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields a {@code cast} converts and the type of each, parsed once from Kafka's {@code spec}
 * ({@code "id:int32,price:string"}, or a list of such entries) or rivven's {@code specs} map.
 *
 * @param option the option the fields were named in ({@code spec} or {@code specs}), for errors
 * @param casts  field path → target type, in config order
 */
record CastSpec(String option, Map<String, CastType> casts) {

    static final String SPEC = "spec";
    static final String SPECS = "specs";

    CastSpec {
        casts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(casts));
    }

    /** The field paths, in config order. */
    List<String> paths() {
        return List.copyOf(casts.keySet());
    }

    /** Outcome of parsing: the spec, or the problems with it. */
    record Parsed(Optional<CastSpec> spec, List<ConfigProblem> problems) {
    }

    /**
     * Parses the configured fields.
     *
     * @param keyPath where the transform's options live ({@code transforms[0].config})
     * @param spec    Kafka's entries (each may hold several comma-separated {@code field:type} pairs), or empty
     * @param specs   rivven's map, or empty
     */
    static Parsed parse(String keyPath, List<String> spec, Map<String, Object> specs) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, CastType> casts = new LinkedHashMap<>();
        if (!spec.isEmpty() && !specs.isEmpty()) {
            problems.add(new ConfigProblem(keyPath + "." + SPECS, "give either spec (Kafka) or specs, not both",
                    "move every field into one of them"));
            return new Parsed(Optional.empty(), problems);
        }
        if (spec.isEmpty() && specs.isEmpty()) {
            problems.add(new ConfigProblem(keyPath + "." + SPEC, "cast needs the fields to convert",
                    "e.g. spec: \"id:int32,price:string\" or specs: { id: int32 }"));
            return new Parsed(Optional.empty(), problems);
        }
        String option = spec.isEmpty() ? SPECS : SPEC;
        String path = keyPath + "." + option;
        if (!spec.isEmpty()) {
            for (String entry : spec) {
                for (String pair : entry.split(",", -1)) {
                    if (pair.isBlank()) continue;
                    String[] parts = pair.split(":", -1);
                    if (parts.length == 1) {
                        problems.add(wholeValue(path, parts[0].trim()));
                    } else if (parts.length > 2 || parts[0].isBlank()) {
                        problems.add(new ConfigProblem(path, "'" + pair.trim() + "' is not field:type",
                                "e.g. spec: \"id:int32,price:string\""));
                    } else {
                        add(casts, problems, path, parts[0].trim(), parts[1]);
                    }
                }
            }
        } else {
            specs.forEach((field, type) -> add(casts, problems, path + "." + field, field.trim(), String.valueOf(type)));
        }
        if (casts.isEmpty() && problems.isEmpty()) {
            problems.add(new ConfigProblem(path, "cast needs at least one field:type", null));
        }
        return problems.isEmpty() ? new Parsed(Optional.of(new CastSpec(option, casts)), List.of())
                : new Parsed(Optional.empty(), problems);
    }

    private static void add(Map<String, CastType> casts, List<ConfigProblem> problems, String path, String field,
                            String typeText) {
        Optional<CastType> type = CastType.parse(typeText);
        if (type.isEmpty()) {
            problems.add(new ConfigProblem(path, "cannot cast '" + field + "' to unknown type '" + typeText.trim()
                    + "'", "use one of " + CastType.spellings()));
        } else if (casts.putIfAbsent(field, type.get()) != null) {
            problems.add(new ConfigProblem(path, "field '" + field + "' is named twice", null));
        }
    }

    /**
     * Kafka's whole-value cast ({@code spec: string}) turns a primitive key or value into another
     * primitive; on a Struct Kafka's Cast fails every record. Keys and values here are always rows,
     * so the whole-value form is refused at load rather than failing every event.
     */
    private static ConfigProblem wholeValue(String path, String type) {
        return new ConfigProblem(path, "a whole-value cast ('" + type + "') needs a primitive key or value, but "
                + "keys and values are rows here (Kafka's Cast fails on a Struct too)",
                "name the fields to cast, e.g. spec: \"id:" + type + "\"");
    }
}
