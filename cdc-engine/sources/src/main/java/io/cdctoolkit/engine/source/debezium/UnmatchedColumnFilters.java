package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code check}'s warning for {@code column_filters} parts that match nothing among the captured tables: a table key
 * that names no table (a misspelt name, a table in another schema than the default one a plain name gets) or a
 * column glob that names no column of its tables. Both filter nothing without a word from any reader — a misspelt
 * {@code exclude} lets the column it was meant for (a password hash, an e-mail address) into every record.
 */
public final class UnmatchedColumnFilters {

    private UnmatchedColumnFilters() {
    }

    /** The warning, when some part of the source's {@code column_filters} matches nothing among {@code captured}. */
    public static Optional<PrerequisiteCheck> check(DebeziumSourceFactory factory, Options options,
                                                    List<DiscoveredTable> captured) {
        ColumnFilters filters;
        try {
            filters = factory.columnFilters(options);
        } catch (ConfigException e) {
            return Optional.empty(); // malformed: the config's own check reports it
        }
        List<ColumnFilters.Unmatched> unmatched = filters.unmatched(captured);
        if (unmatched.isEmpty()) return Optional.empty();
        String parts = unmatched.stream().map(UnmatchedColumnFilters::describe).collect(Collectors.joining("; "));
        boolean excludes = unmatched.stream().anyMatch(u -> !"include".equals(u.list()));
        return Optional.of(PrerequisiteCheck.warn("column_filters", "column_filters " + parts
                        + (excludes ? ": they filter nothing out" : ""),
                "correct the names: table keys as schema.table (database.table on MySQL/MariaDB; a plain name gets the"
                        + " default one), columns as the table has them (globs are case-sensitive)"));
    }

    private static String describe(ColumnFilters.Unmatched u) {
        if (u.list() == null) {
            return "key " + u.tableGlob() + " matches no captured table" + suggestion(u.tableGlob(), u.candidates(),
                    true);
        }
        return u.tableGlob() + " " + u.list() + " " + u.columnGlob() + " matches no column of "
                + (u.tableGlob().contains("*") || u.tableGlob().contains("?") ? "its tables" : "the table")
                + suggestion(u.columnGlob(), u.candidates(), false);
    }

    /** The nearest name, or for an unqualified table key a captured table of that name. */
    private static String suggestion(String written, List<String> candidates, boolean tableKey) {
        if (written.contains("*") || written.contains("?")) return "";
        String near = UnmatchedTableEntries.nearestName(written, candidates);
        if (near == null && tableKey && !written.contains(".")) {
            near = candidates.stream().filter(c -> c.endsWith("." + written)).findFirst().orElse(null);
        }
        return near == null ? "" : " (did you mean " + near + "?)";
    }
}
