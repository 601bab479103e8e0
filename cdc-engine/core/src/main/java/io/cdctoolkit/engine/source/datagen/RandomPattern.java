package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** {@code random}: a random-looking hex {@code id} and four random columns; an update redraws them. */
final class RandomPattern implements DatagenPattern {

    private static final List<Field> FIELDS = List.of(
            DatagenPattern.column("id", FieldType.STRING,
                    "primary key: 16 hex digits, a seeded one-to-one scramble of the insert ordinal (never repeats)"),
            DatagenPattern.column("value", FieldType.INT32, "0 to 999; an update always draws a different one"),
            DatagenPattern.column("ratio", FieldType.FLOAT64, "0.00 to 1.00, two decimals"),
            DatagenPattern.column("active", FieldType.BOOLEAN, "true or false"),
            DatagenPattern.column("category", FieldType.STRING, "A, B, C or D"));
    private static final List<String> CATEGORIES = List.of("A", "B", "C", "D");

    private final long salt;

    RandomPattern(long seed) {
        this.salt = seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public void insert(Object[] row, long ordinal, Instant at, SplittableRandom random) {
        row[0] = Gen.hex16(Gen.scramble(ordinal, salt));
        row[1] = random.nextInt(1000);
        redraw(row, random);
    }

    @Override
    public void update(Object[] row, Instant at, SplittableRandom random) {
        // A different value every time, so every update changes the row.
        row[1] = ((Integer) row[1] + random.nextInt(1, 1000)) % 1000;
        redraw(row, random);
    }

    private static void redraw(Object[] row, SplittableRandom random) {
        row[2] = Gen.round2(random.nextDouble());
        row[3] = random.nextBoolean();
        row[4] = Gen.pick(random, CATEGORIES);
    }
}
