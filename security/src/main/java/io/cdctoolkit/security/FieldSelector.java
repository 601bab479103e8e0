package io.cdctoolkit.security;

import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.data.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code fields} globs of an {@code encryption} block. Each glob is split at its dots and its parts
 * matched from the right against the column and the table's levels:
 * <ul>
 *   <li>{@code column} — that column in every table;</li>
 *   <li>{@code table.column};</li>
 *   <li>{@code schema.table.column} — the middle level is the table's schema, or, for sources
 *       without schemas (MySQL, MariaDB), its database;</li>
 *   <li>{@code database.schema.table.column} — an absent level matches as the empty string.</li>
 * </ul>
 * Within a part, {@code *} matches any run of characters and {@code ?} one ({@link Globs}), so a
 * part's glob never spans a dot. Matching is case-sensitive. Only top-level columns are selected.
 */
final class FieldSelector {

    /** One glob, split into its parts; null parts match anything. */
    private record Rule(Pattern database, Pattern schemaOrDatabase, Pattern schema, Pattern table, Pattern column) {

        boolean coversTable(TableId t) {
            if (table != null && !table.matcher(t.table()).matches()) return false;
            if (schemaOrDatabase != null) {
                String level = t.schema() != null ? t.schema() : nullToEmpty(t.database());
                if (!schemaOrDatabase.matcher(level).matches()) return false;
            }
            if (schema != null && !schema.matcher(nullToEmpty(t.schema())).matches()) return false;
            return database == null || database.matcher(nullToEmpty(t.database())).matches();
        }
    }

    private final List<Rule> rules;

    private FieldSelector(List<Rule> rules) {
        this.rules = rules;
    }

    /** What is wrong with one glob, or empty. */
    static Optional<String> problem(String glob) {
        if (glob == null || glob.isBlank()) return Optional.of("is empty");
        String[] parts = glob.split("\\.", -1);
        if (parts.length > 4) return Optional.of("has more than four dot-separated parts ([[database.]schema.]table.column)");
        for (String part : parts) {
            if (part.isEmpty()) return Optional.of("has an empty part (two dots, or a dot at an end)");
        }
        return Optional.empty();
    }

    /** The selector of valid globs (see {@link #problem}). */
    static FieldSelector of(List<String> globs) {
        List<Rule> rules = new ArrayList<>();
        for (String glob : globs) {
            String[] p = glob.split("\\.", -1);
            int n = p.length;
            Pattern column = Globs.compile(p[n - 1]);
            Pattern table = n >= 2 ? Globs.compile(p[n - 2]) : null;
            Pattern schemaOrDb = n == 3 ? Globs.compile(p[0]) : null;
            Pattern schema = n == 4 ? Globs.compile(p[1]) : null;
            Pattern database = n == 4 ? Globs.compile(p[0]) : null;
            rules.add(new Rule(database, schemaOrDb, schema, table, column));
        }
        return new FieldSelector(List.copyOf(rules));
    }

    /** Whether any glob may select a column of {@code table}. */
    boolean covers(TableId table) {
        for (Rule r : rules) {
            if (r.coversTable(table)) return true;
        }
        return false;
    }

    /** Whether {@code column} of {@code table} is selected. Called when a plan is compiled, never per event. */
    boolean selects(TableId table, String column) {
        for (Rule r : rules) {
            if (r.column.matcher(column).matches() && r.coversTable(table)) return true;
        }
        return false;
    }

    /**
     * The glob of {@code parts} parts that names exactly {@code column} of {@code table} (the middle level of three
     * is the schema, or the database of a table without one); four parts for a table without a schema give three,
     * as it has no four-part name without an empty part.
     */
    static String name(TableId table, String column, int parts) {
        String middle = table.schema() != null ? table.schema() : table.database();
        return switch (parts) {
            case 1 -> column;
            case 2 -> table.table() + "." + column;
            case 3 -> middle + "." + table.table() + "." + column;
            default -> table.schema() == null ? middle + "." + table.table() + "." + column
                    : table.database() + "." + table.schema() + "." + table.table() + "." + column;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
