package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.data.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The {@code column_filters} option: per table glob ({@code schema.table}, or {@code database.table}
 * for MySQL/MariaDB), an {@code include} and/or {@code exclude} list of column globs.
 *
 * <pre>
 * column_filters:
 *   public.users: { include: [id, email, name] }
 *   "*.audit_*":  { exclude: [payload, "secret_*"] }
 * </pre>
 *
 * Every rule whose table glob matches applies: a column is kept when each matching rule with an
 * include list includes it and no matching rule excludes it. Resolved once per table version.
 *
 * <p>A key that is a plain table name ({@code users}: no dot, no glob) is qualified as {@code include_tables} entries
 * are (the default schema, or the database on MySQL/MariaDB): as written it could match no table, and the columns
 * it was meant to leave out went into every record. A glob without a dot ({@code "*"}) keeps matching the whole
 * {@code schema.table}, as it always did: qualifying it would narrow an {@code exclude} to one schema.
 */
public final class ColumnFilters {

    /** No filtering. */
    public static final ColumnFilters NONE = new ColumnFilters(List.of());

    private final List<Rule> rules;

    private ColumnFilters(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses the option value (a map of table glob → {include, exclude}) whose keys are all qualified.
     *
     * @throws ConfigException naming the key path of every malformed entry
     */
    public static ColumnFilters parse(String keyPath, Map<String, Object> raw) throws ConfigException {
        return parse(keyPath, raw, UnaryOperator.identity());
    }

    /**
     * Parses the option value (a map of table glob → {include, exclude}).
     *
     * @param qualify gives a plain table name (no dot, no glob) its schema or database, as {@code include_tables}
     * @throws ConfigException naming the key path of every malformed entry
     */
    public static ColumnFilters parse(String keyPath, Map<String, Object> raw, UnaryOperator<String> qualify)
            throws ConfigException {
        List<Rule> rules = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String path = keyPath + "." + e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                problems.add(new ConfigProblem(path, "expected a mapping with include and/or exclude",
                        "write e.g. " + e.getKey() + ": { include: [id, email] }"));
                continue;
            }
            List<Glob> include = null;
            List<Glob> exclude = List.of();
            for (Map.Entry<?, ?> k : spec.entrySet()) {
                String key = String.valueOf(k.getKey());
                List<Glob> globs = globs(path + "." + key, k.getValue(), problems);
                if ("include".equals(key)) include = globs;
                else if ("exclude".equals(key)) exclude = globs;
                else problems.add(new ConfigProblem(path + "." + key, "unknown key '" + key + "'",
                        "use include or exclude"));
            }
            rules.add(new Rule(Glob.ofTable(e.getKey(), qualify), include, exclude));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new ColumnFilters(rules);
    }

    /** Whether no rule is configured. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The selection for one table, matched by {@link #tableKey(TableId)}. */
    ColumnSelection forTable(TableId table) {
        String key = tableKey(table);
        List<Rule> matching = rules.stream().filter(r -> r.table.matches(key)).toList();
        if (matching.isEmpty()) return ColumnSelection.ALL;
        return column -> {
            for (Rule r : matching) {
                if (r.include != null && r.include.stream().noneMatch(g -> g.matches(column))) return false;
                if (r.exclude.stream().anyMatch(g -> g.matches(column))) return false;
            }
            return true;
        };
    }

    /**
     * What of the rules matches nothing among {@code tables} (the captured tables with all their columns): a rule
     * whose table glob matches no table, and, of a rule that matches some, each include or exclude glob that matches
     * no column of them. A misspelt exclude lets the column it meant through — PII into the topics — and no reader
     * says so, so {@code check} warns of these.
     */
    public List<Unmatched> unmatched(List<DiscoveredTable> tables) {
        List<Unmatched> out = new ArrayList<>();
        for (Rule r : rules) {
            List<DiscoveredTable> matched = tables.stream()
                    .filter(t -> r.table.matches(tableKey(t.id()))).toList();
            if (matched.isEmpty()) {
                out.add(new Unmatched(r.table.text(), null, null,
                        tables.stream().map(t -> tableKey(t.id())).toList()));
                continue;
            }
            List<String> columns = matched.stream().flatMap(t -> t.columns().stream())
                    .map(DiscoveredTable.Column::name).distinct().toList();
            if (r.include != null) unmatchedColumns(r, "include", r.include, columns, out);
            unmatchedColumns(r, "exclude", r.exclude, columns, out);
        }
        return out;
    }

    private static void unmatchedColumns(Rule r, String list, List<Glob> globs, List<String> columns,
                                         List<Unmatched> out) {
        for (Glob g : globs) {
            if (columns.stream().noneMatch(g::matches)) out.add(new Unmatched(r.table.text(), list, g.text(), columns));
        }
    }

    /**
     * A part of {@code column_filters} that matches nothing.
     *
     * @param tableGlob  the rule's table glob
     * @param list       {@code include} or {@code exclude}; null when the table glob itself matches no table
     * @param columnGlob the column glob that matches no column; null with {@code list}
     * @param candidates the names it could have meant: the captured tables' keys, or the matched tables' columns
     */
    public record Unmatched(String tableGlob, String list, String columnGlob, List<String> candidates) {
    }

    /** Whether each column of {@code table} is kept: {@link #forTable} for readers outside this package. */
    public java.util.function.Predicate<String> columnsOf(TableId table) {
        ColumnSelection selection = forTable(table);
        return selection::includes;
    }

    /** {@code schema.table} where the source has schemas, else {@code database.table}. */
    static String tableKey(TableId table) {
        String qualifier = table.schema() != null ? table.schema() : table.database();
        return qualifier == null ? table.table() : qualifier + "." + table.table();
    }

    private static List<Glob> globs(String path, Object value, List<ConfigProblem> problems) {
        List<Glob> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(Glob.of(s));
        } else if (value instanceof List<?> list && list.stream().allMatch(o -> o instanceof String)) {
            for (Object o : list) out.add(Glob.of((String) o));
        } else {
            problems.add(new ConfigProblem(path, "expected a list of column names or globs", "write e.g. [id, \"name_*\"]"));
        }
        return out;
    }

    /** A glob as written, and compiled. */
    private record Glob(String text, Pattern pattern) {

        static Glob of(String text) {
            return new Glob(text, Globs.compile(text));
        }

        /** A table key as written, matching as qualified when it is a plain name. */
        static Glob ofTable(String text, UnaryOperator<String> qualify) {
            boolean plainName = text.indexOf('.') < 0 && text.indexOf('*') < 0 && text.indexOf('?') < 0;
            return new Glob(text, Globs.compile(plainName ? qualify.apply(text) : text));
        }

        boolean matches(String name) {
            return pattern.matcher(name).matches();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private record Rule(Glob table, List<Glob> include, List<Glob> exclude) {
    }

    /** For tests and logs. */
    @Override
    public String toString() {
        return "ColumnFilters" + rules;
    }

}
