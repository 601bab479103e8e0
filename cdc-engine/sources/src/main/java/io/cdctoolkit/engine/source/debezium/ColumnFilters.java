package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.Globs;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.data.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
public final class ColumnFilters {

    /** No filtering. */
    public static final ColumnFilters NONE = new ColumnFilters(List.of());

    private final List<Rule> rules;

    private ColumnFilters(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses the option value (a map of table glob → {include, exclude}).
     *
     * @throws ConfigException naming the key path of every malformed entry
     */
    public static ColumnFilters parse(String keyPath, Map<String, Object> raw) throws ConfigException {
        List<Rule> rules = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String path = keyPath + "." + e.getKey();
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                problems.add(new ConfigProblem(path, "expected a mapping with include and/or exclude",
                        "write e.g. " + e.getKey() + ": { include: [id, email] }"));
                continue;
            }
            List<Pattern> include = null;
            List<Pattern> exclude = List.of();
            for (Map.Entry<?, ?> k : spec.entrySet()) {
                String key = String.valueOf(k.getKey());
                List<Pattern> globs = globs(path + "." + key, k.getValue(), problems);
                if ("include".equals(key)) include = globs;
                else if ("exclude".equals(key)) exclude = globs;
                else problems.add(new ConfigProblem(path + "." + key, "unknown key '" + key + "'",
                        "use include or exclude"));
            }
            rules.add(new Rule(Globs.compile(e.getKey()), include, exclude));
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
        List<Rule> matching = rules.stream().filter(r -> r.table.matcher(key).matches()).toList();
        if (matching.isEmpty()) return ColumnSelection.ALL;
        return column -> {
            for (Rule r : matching) {
                if (r.include != null && r.include.stream().noneMatch(p -> p.matcher(column).matches())) return false;
                if (r.exclude.stream().anyMatch(p -> p.matcher(column).matches())) return false;
            }
            return true;
        };
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

    private static List<Pattern> globs(String path, Object value, List<ConfigProblem> problems) {
        List<Pattern> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(Globs.compile(s));
        } else if (value instanceof List<?> list && list.stream().allMatch(o -> o instanceof String)) {
            for (Object o : list) out.add(Globs.compile((String) o));
        } else {
            problems.add(new ConfigProblem(path, "expected a list of column names or globs", "write e.g. [id, \"name_*\"]"));
        }
        return out;
    }

    private record Rule(Pattern table, List<Pattern> include, List<Pattern> exclude) {
    }

    /** For tests and logs. */
    @Override
    public String toString() {
        return "ColumnFilters" + rules;
    }

}
