package io.cdctoolkit.engine.data;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a stage or encoder compiled for each input {@link RowSchema}: a plan, an Avro schema and its
 * registry id, a writer. Keyed on the schema's identity (readers build one instance per table
 * version and every row shares it), so a lookup is a pointer comparison, never an {@code equals} of
 * field lists. Bounded: when full, the oldest compiled entry is evicted (a table that comes back
 * compiles again), so a long run through many schema versions cannot grow without limit.
 *
 * <p>Thread-safe. The common case — one of the two schemas looked up last, e.g. a table's key and
 * value schemas taking turns in an encoder — reads one volatile field; other lookups take a short lock.
 *
 * <p>Hand-written rather than Caffeine because the API module depends on nothing but SLF4J, and an
 * identity-keyed, insertion-ordered bound is all it needs.
 *
 * @param <V> what is compiled per schema
 */
public final class SchemaCache<V> {

    /** The default bound: far more table versions than one pipeline sees at once. */
    public static final int DEFAULT_MAX_ENTRIES = 1024;

    private final int maxEntries;
    private final Map<RowSchema, V> compiled = new IdentityHashMap<>();
    private final ArrayDeque<RowSchema> order = new ArrayDeque<>();
    // The two schemas looked up last: one entry would miss on every call of an encoder that is given a
    // key and a value in turn.
    private volatile Recent<V> recent = new Recent<>(null, null);

    private SchemaCache(int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        this.maxEntries = maxEntries;
    }

    /** A cache of at most {@link #DEFAULT_MAX_ENTRIES} schemas. */
    public static <V> SchemaCache<V> create() {
        return new SchemaCache<>(DEFAULT_MAX_ENTRIES);
    }

    /** A cache of at most {@code maxEntries} schemas. */
    public static <V> SchemaCache<V> withMaxEntries(int maxEntries) {
        return new SchemaCache<>(maxEntries);
    }

    /**
     * What was compiled for {@code schema}, compiling it with {@code compiler} the first time (or
     * after eviction). The compiler runs at most once per schema at a time; its exceptions propagate
     * and nothing is cached for them.
     */
    public V get(RowSchema schema, Function<? super RowSchema, ? extends V> compiler) {
        Recent<V> seen = recent;
        if (seen.latest != null && seen.latest.schema == schema) return seen.latest.value;
        if (seen.before != null && seen.before.schema == schema) return seen.before.value;
        V value;
        synchronized (this) {
            value = compiled.get(schema);
            if (value == null) {
                value = Objects.requireNonNull(compiler.apply(schema), "compiler returned null");
                if (compiled.size() >= maxEntries) compiled.remove(order.removeFirst());
                compiled.put(schema, value);
                order.addLast(schema);
            }
        }
        recent = new Recent<>(new Entry<>(schema, value), seen.latest);
        return value;
    }

    /** How many schemas are compiled now. */
    public synchronized int size() {
        return compiled.size();
    }

    private record Entry<V>(RowSchema schema, V value) {
    }

    private record Recent<V>(Entry<V> latest, Entry<V> before) {
    }
}
