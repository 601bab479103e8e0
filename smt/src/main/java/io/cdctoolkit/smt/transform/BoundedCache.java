package io.cdctoolkit.smt.transform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A thread-safe memo with a size bound: when full it starts over. A pipeline sees few distinct
 * topics and tables, so the bound is only a guard against unbounded growth (a topic per tenant);
 * starting over keeps the lookup a single {@code ConcurrentHashMap.get} with no LRU bookkeeping.
 */
final class BoundedCache<K, V> {

    private final int maxEntries;
    private final Map<K, V> entries = new ConcurrentHashMap<>();

    BoundedCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The cached value, or null. */
    V peek(K key) {
        return entries.get(key);
    }

    /** The cached value, computing and caching it when absent. */
    V get(K key, Function<K, V> compute) {
        V value = entries.get(key);
        if (value != null) return value;
        value = compute.apply(key);
        if (entries.size() >= maxEntries) entries.clear();
        entries.put(key, value);
        return value;
    }

    int size() {
        return entries.size();
    }
}
