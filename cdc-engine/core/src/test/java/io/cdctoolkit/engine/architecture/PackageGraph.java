package io.cdctoolkit.engine.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which {@code io.cdctoolkit} package uses which, read from Java sources: imports, static imports and
 * qualified names (also in Javadoc links, which tie packages together just as much). Source text is
 * enough here, so the check needs no bytecode library.
 */
final class PackageGraph {

    private static final Pattern PACKAGE = Pattern.compile("^package (io\\.cdctoolkit[\\w.]*);", Pattern.MULTILINE);
    /** A qualified name: lower-case segments, then a type (upper case). */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.cdctoolkit(?:\\.[a-z_][a-z0-9_]*)+)\\.[A-Z]");

    /** package → the packages it uses → one file that does (for the failure message). */
    private final Map<String, Map<String, Path>> edges = new TreeMap<>();

    private PackageGraph() {
    }

    /** The graph of every {@code .java} file under the given source roots. */
    static PackageGraph of(List<Path> sourceRoots) {
        PackageGraph graph = new PackageGraph();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(graph::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    private void add(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher pkg = PACKAGE.matcher(text);
        if (!pkg.find()) return;
        String from = pkg.group(1);
        Map<String, Path> uses = edges.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
        while (ref.find()) {
            String to = ref.group(1);
            if (!to.equals(from)) uses.putIfAbsent(to, file.getFileName());
        }
    }

    /** The packages found. */
    Set<String> packages() {
        return edges.keySet();
    }

    /**
     * Every package cycle, each as its shortest path {@code a -> b (File.java) -> ... -> a}; empty when
     * the packages form a DAG. A cycle is reported once, whichever of its packages it was found from.
     */
    List<String> cycles() {
        List<String> out = new ArrayList<>();
        Set<Set<String>> seen = new LinkedHashSet<>();
        for (String start : edges.keySet()) {
            List<String> path = shortestPathBack(start);
            if (path != null && seen.add(new TreeSet<>(path))) out.add(describe(path));
        }
        return out;
    }

    /** The shortest path start → … → start, without the final start; null if there is none. */
    private List<String> shortestPathBack(String start) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : edges.getOrDefault(at, Map.of()).keySet()) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String p = at; p != null; p = parent.get(p)) path.add(0, p);
                    return path;
                }
                if (!parent.containsKey(next) && !next.equals(start)) {
                    parent.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private String describe(List<String> path) {
        StringBuilder s = new StringBuilder(path.get(0));
        for (int i = 0; i < path.size(); i++) {
            String from = path.get(i);
            String to = path.get((i + 1) % path.size());
            s.append(" -> ").append(to).append(" (").append(edges.get(from).get(to)).append(')');
        }
        return s.toString();
    }
}
