package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** {@code sequence}: {@code id} 0, 1, 2, … and a counter {@code value} that each update increments. */
final class SequencePattern implements DatagenPattern {

    private static final List<Field> FIELDS = List.of(
            DatagenPattern.column("id", FieldType.INT64, "primary key: 0, 1, 2, … in insert order"),
            DatagenPattern.column("value", FieldType.INT64, "starts equal to id; every update adds 1"));

    @Override
    public String name() {
        return "sequence";
    }

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public void insert(Object[] row, long ordinal, Instant at, SplittableRandom random) {
        row[0] = ordinal;
        row[1] = ordinal;
    }

    @Override
    public void update(Object[] row, Instant at, SplittableRandom random) {
        row[1] = (Long) row[1] + 1;
    }
}
