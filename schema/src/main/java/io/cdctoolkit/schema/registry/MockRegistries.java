package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.CompatibilityChecker;
import io.cdctoolkit.schema.format.SchemaType;

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

    private static final Map<String, MockRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private MockRegistries() {
    }

    /** Whether {@code url} names an in-process registry. */
    public static boolean isMockUrl(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /** The registry of the scope {@code url} names ({@code mock://<scope>}), created on first use. */
    public static MockRegistryClient forUrl(String url, Function<SchemaType, CompatibilityChecker> checkers) {
        if (!isMockUrl(url)) throw new IllegalArgumentException("not a mock:// URL: " + url);
        String scope = url.substring(SCHEME.length());
        return SCOPES.computeIfAbsent(scope, s -> new MockRegistryClient(s, checkers));
    }

    /** Forgets a scope (tests). */
    public static void drop(String url) {
        if (isMockUrl(url)) SCOPES.remove(url.substring(SCHEME.length()));
    }
}
