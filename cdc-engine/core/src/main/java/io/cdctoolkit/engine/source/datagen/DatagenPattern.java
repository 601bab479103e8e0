package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One shape of generated rows: its columns (primary key first, always a single column) and how a row
 * is born and how it changes. Patterns fill only their own columns; the optional columns
 * ({@code _sequence}, {@code _timestamp}, custom fields) come after them and belong to {@link RowLayout}.
 *
 * <p>Every value must come from {@code random}, the ordinal or {@code at}, never from the wall clock
 * or an unordered collection, so equal seeds give equal bytes.
 */
interface DatagenPattern {

    /** The names {@code pattern:} accepts, in documentation order. */
    List<String> NAMES = List.of("sequence", "random", "users", "orders", "events", "metrics", "key_value");

    /** The pattern for a config name; {@code seed} salts ids that should look random. */
    static DatagenPattern forName(String name, long seed) {
        return switch (name) {
            case "sequence" -> new SequencePattern();
            case "random" -> new RandomPattern(seed);
            case "users" -> new UsersPattern();
            case "orders" -> new OrdersPattern();
            case "events" -> new EventsPattern(seed);
            case "metrics" -> new MetricsPattern();
            case "key_value" -> new KeyValuePattern();
            default -> throw new IllegalArgumentException("unknown datagen pattern '" + name + "' (expected one of "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** The pattern's config name. */
    String name();

    /** The pattern's columns; the first is the primary key. */
    List<Field> fields();

    /**
     * Fills {@code row[0 .. fields().size()-1]} for the {@code ordinal}-th insert (0, 1, 2, …); the key
     * must be unique per ordinal.
     */
    void insert(Object[] row, long ordinal, Instant at, SplittableRandom random);

    /** Changes some non-key columns of {@code row}, a copy of the row's current values. */
    void update(Object[] row, Instant at, SplittableRandom random);

    /** A required, documented column. */
    static Field column(String name, FieldType type, String doc) {
        return new Field(name, type, false, null, doc);
    }
}
