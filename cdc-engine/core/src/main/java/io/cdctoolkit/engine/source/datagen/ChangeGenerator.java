package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Produces the datagen stream one {@link Change} at a time, purely from the seed: the same settings
 * give the same changes, so a restart can replay it to any sequence number.
 *
 * <p>Without cdc_mode every change is a READ of a new key. With cdc_mode: an insert while no live row
 * is tracked; otherwise 60 % insert, 30 % update, 10 % delete, updates and deletes picking a live row
 * from the {@link LiveKeyPool} (so {@code before} is its current state and a deleted key is gone for good).
 */
final class ChangeGenerator {

    private static final int INSERT_PERCENT = 60;
    private static final int UPDATE_PERCENT = 30;

    private final DatagenPattern pattern;
    private final RowLayout layout;
    private final EventClock clock;
    private final boolean cdcMode;
    private final SplittableRandom random;
    private final LiveKeyPool pool;
    private long nextSeq;
    private long inserts;

    ChangeGenerator(DatagenPattern pattern, RowLayout layout, EventClock clock, boolean cdcMode, long seed,
                    int poolCapacity) {
        this.pattern = pattern;
        this.layout = layout;
        this.clock = clock;
        this.cdcMode = cdcMode;
        this.random = new SplittableRandom(seed);
        this.pool = new LiveKeyPool(poolCapacity);
    }

    /** The sequence number the next change will carry. */
    long nextSeq() {
        return nextSeq;
    }

    /** The next change. */
    Change next() {
        long seq = nextSeq++;
        Instant at = clock.at(seq);
        if (!cdcMode) return new Change(seq, Op.READ, null, insertRow(seq, at), at);
        if (pool.isEmpty()) return insert(seq, at);
        int roll = random.nextInt(100);
        if (roll < INSERT_PERCENT) return insert(seq, at);
        if (roll < INSERT_PERCENT + UPDATE_PERCENT) return update(seq, at);
        return delete(seq, at);
    }

    private Change insert(long seq, Instant at) {
        Row after = insertRow(seq, at);
        pool.add(after, random);
        return new Change(seq, Op.CREATE, null, after, at);
    }

    private Change update(long seq, Instant at) {
        int slot = pool.pick(random);
        Row before = pool.get(slot);
        Object[] values = before.values();
        pattern.update(values, at, random);
        layout.stamp(values, seq, at);
        Row after = Row.wrap(layout.valueSchema(), values);
        pool.replace(slot, after);
        return new Change(seq, Op.UPDATE, before, after, at);
    }

    private Change delete(long seq, Instant at) {
        Row before = pool.remove(pool.pick(random));
        return new Change(seq, Op.DELETE, before, null, at);
    }

    private Row insertRow(long seq, Instant at) {
        Object[] values = layout.newValues();
        pattern.insert(values, inserts++, at, random);
        layout.stamp(values, seq, at);
        return Row.wrap(layout.valueSchema(), values);
    }
}
