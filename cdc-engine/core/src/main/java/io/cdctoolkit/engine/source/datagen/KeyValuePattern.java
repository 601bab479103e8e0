package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** {@code key_value}: {@code key_00000000}, {@code key_00000001}, … with a random {@code value}. */
final class KeyValuePattern implements DatagenPattern {

    private static final List<Field> FIELDS = List.of(
            DatagenPattern.column("key", FieldType.STRING,
                    "primary key: key_ and the insert ordinal, zero-padded to 8 digits (key_00000000, …)"),
            DatagenPattern.column("value", FieldType.STRING, "value_ and 16 random hex digits; updates draw a new one"));

    @Override
    public String name() {
        return "key_value";
    }

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public void insert(Object[] row, long ordinal, Instant at, SplittableRandom random) {
        row[0] = "key_" + Gen.zeroPad(ordinal, 8);
        update(row, at, random);
    }

    @Override
    public void update(Object[] row, Instant at, SplittableRandom random) {
        row[1] = "value_" + Gen.hex16(random.nextLong());
    }
}
