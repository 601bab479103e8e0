package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The current rows of live (inserted, not deleted) keys that updates and deletes may target: O(1)
 * random pick, replace and removal (swap with the last slot). Bounded: once full, an insert evicts a
 * random tracked row, whose key stays live but is never touched again, so memory does not grow with
 * the stream and every update/delete still hits a live key with its current state.
 */
final class LiveKeyPool {

    /** How many live rows cdc_mode tracks at most. */
    static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final List<Row> rows;

    LiveKeyPool(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive: " + capacity);
        this.capacity = capacity;
        this.rows = new ArrayList<>(Math.min(capacity, 1024));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int size() {
        return rows.size();
    }

    /** Tracks a newly inserted row, evicting a random one when full. */
    void add(Row row, SplittableRandom random) {
        if (rows.size() < capacity) rows.add(row);
        else rows.set(random.nextInt(rows.size()), row);
    }

    /** A random slot; the pool must not be empty. */
    int pick(SplittableRandom random) {
        return random.nextInt(rows.size());
    }

    Row get(int slot) {
        return rows.get(slot);
    }

    void replace(int slot, Row row) {
        rows.set(slot, row);
    }

    /** Removes and returns the row in {@code slot}; the last row moves into the slot. */
    Row remove(int slot) {
        Row removed = rows.get(slot);
        Row last = rows.remove(rows.size() - 1);
        if (slot < rows.size()) rows.set(slot, last);
        return removed;
    }
}
