package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigProblem;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each key path of a YAML file was written ({@code sources.gen.config.seed} → line 9, column 7;
 * list entries as {@code transforms[0]}). Jackson's tree model drops locations, so
 * {@link YamlReader} fills this index while it walks the parser's tokens.
 */
final class KeyLocations {

    /** A 1-based line and column. */
    record Location(int line, int column) {
    }

    private final Map<String, Location> byPath = new HashMap<>();

    /** Records where {@code path} was written; the first occurrence wins. */
    void put(String path, int line, int column) {
        byPath.putIfAbsent(path, new Location(line, column));
    }

    /** Where {@code path} was written, exactly. */
    Optional<Location> exact(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /**
     * Where {@code path} or, when it was not written (a missing required key, a default), its nearest
     * written parent is.
     */
    Optional<Location> find(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Location loc = byPath.get(p);
            if (loc != null) return Optional.of(loc);
            p = parent(p);
        }
        return Optional.empty();
    }

    /** Adds file, line and column to a problem that has none yet. */
    ConfigProblem locate(ConfigProblem problem, String file) {
        if (problem.hasLine()) {
            return problem.file() != null ? problem : problem.at(file, problem.line(), problem.column());
        }
        return find(problem.keyPath())
                .map(loc -> problem.at(file, loc.line(), loc.column()))
                .orElseGet(() -> problem.at(file, 0, 0));
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? null : path.substring(0, cut);
    }
}
