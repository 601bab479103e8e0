package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.CompatibilityChecker;
import io.cdctoolkit.schema.format.SchemaType;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The in-process registries behind {@code mock://<scope>} URLs, one per scope.
 *
 * <p>Static on purpose: Confluent's convention, which users know from their tests, is that every
 * client in the JVM naming the same {@code mock://} scope sees the same registry — a pipeline's
 * encoder and a test's decoder are created far apart and share nothing else. Use a unique scope per
 * test; {@link #drop} forgets one.
 */
public final class MockRegistries {

    /** The URL scheme of an in-process registry. */
    public static final String SCHEME = "mock://";

    /** The folder under the state directory where persisted scopes live. */
    public static final String PERSISTED_DIR = "mock-registry";

    private static final Map<String, MockRegistryClient> SCOPES = new ConcurrentHashMap<>();
    private static final Map<Path, MockRegistryClient> PERSISTED = new ConcurrentHashMap<>();

    private MockRegistries() {
    }

    /** Whether {@code url} names an in-process registry. */
    public static boolean isMockUrl(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /** The registry of the scope {@code url} names ({@code mock://<scope>}), created on first use. */
    public static MockRegistryClient forUrl(String url, Function<SchemaType, CompatibilityChecker> checkers) {
        String scope = scope(url);
        return SCOPES.computeIfAbsent(scope, s -> new MockRegistryClient(s, checkers));
    }

    /**
     * The scope {@code url} names, kept in {@code <stateDir>/mock-registry/<scope>.json} as well: shared in
     * this JVM by every client naming the same file, and readable by other processes through
     * {@link #readOnly}. For the quickstart, whose records another process ({@code tail}) decodes.
     */
    public static MockRegistryClient persisted(String url, Path stateDir,
                                               Function<SchemaType, CompatibilityChecker> checkers) {
        String scope = scope(url);
        Path file = file(stateDir, scope);
        return PERSISTED.computeIfAbsent(file, f -> new MockRegistryClient(scope, checkers, new MockRegistryFile(file)));
    }

    /**
     * A client over the file of a persisted scope as it is on disk now (read again when an id is not
     * known), not shared: a reader that sees what another process's pipeline registered. An absent
     * file is an empty registry.
     */
    public static MockRegistryClient readOnly(String url, Path stateDir,
                                              Function<SchemaType, CompatibilityChecker> checkers) {
        String scope = scope(url);
        return new MockRegistryClient(scope, checkers, new MockRegistryFile(file(stateDir, scope)));
    }

    private static String scope(String url) {
        if (!isMockUrl(url)) throw new IllegalArgumentException("not a mock:// URL: " + url);
        return url.substring(SCHEME.length());
    }

    /** {@code <stateDir>/mock-registry/<scope>.json}, the scope made a safe file name. */
    static Path file(Path stateDir, String scope) {
        String name = scope.isEmpty() ? "_" : scope.replaceAll("[^A-Za-z0-9._-]", "_");
        return stateDir.toAbsolutePath().normalize().resolve(PERSISTED_DIR).resolve(name + ".json");
    }

    /** Forgets a scope (tests). */
    public static void drop(String url) {
        if (isMockUrl(url)) SCOPES.remove(url.substring(SCHEME.length()));
    }
}
