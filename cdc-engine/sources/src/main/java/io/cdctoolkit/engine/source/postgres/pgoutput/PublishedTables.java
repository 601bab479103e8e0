package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a publication sends of each table — its columns, which pgoutput's Relation messages have, and its rows: the
 * native engine's snapshot copies these and no others, so that a table's snapshot and its stream agree (as PostgreSQL's
 * own subscribers copy a table). That is every row and every column but the generated ones, except where a
 * publication made by hand says otherwise: a column list ({@code FOR TABLE t (a, b)}, PostgreSQL 15+) sends only its
 * columns, a row filter ({@code FOR TABLE t WHERE (…)}, 15+) only the rows it passes, and on PostgreSQL 18
 * {@code publish_generated_columns = stored} — or a column list naming one — sends stored generated columns too. Read
 * from {@code pg_publication_tables}, once per start; before PostgreSQL 18 its {@code attnames} may list generated
 * columns the stream never has (15 does, for a table without a column list), so they are left out there.
 */
public final class PublishedTables {

    private static final String PUBLISHED = """
            SELECT schemaname, tablename, attnames::text[], rowfilter FROM pg_publication_tables WHERE pubname = ?""";

    /** One table the publication holds: the columns it sends, and the condition on its rows (null: every row). */
    private record Published(Set<String> columns, String rowFilter) {
    }

    /** Per table ({@code schema}, {@code table}) that the publication holds, what it sends. */
    private final Map<List<String>, Published> tables;
    private final boolean sendsGenerated;

    private PublishedTables(Map<List<String>, Published> tables, boolean sendsGenerated) {
        this.tables = tables;
        this.sendsGenerated = sendsGenerated;
    }

    /** What {@code publication} sends (before PostgreSQL 15, or while it does not exist: every row and non-generated column). */
    public static PublishedTables read(Connection sql, String publication) throws SQLException {
        int major = sql.getMetaData().getDatabaseMajorVersion();
        Map<List<String>, Published> tables = new HashMap<>();
        if (major >= 15) {
            try (PreparedStatement st = sql.prepareStatement(PUBLISHED)) {
                st.setString(1, publication);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        tables.put(List.of(rs.getString(1), rs.getString(2)),
                                new Published(Set.of((String[]) rs.getArray(3).getArray()), rs.getString(4)));
                    }
                }
            }
        }
        return new PublishedTables(Map.copyOf(tables), major >= 18);
    }

    /**
     * Whether the publication sends {@code column} of {@code table}; a table it does not hold (yet: the toolkit adds it
     * without a column list) has every column but the generated ones.
     *
     * @param generated whether the column is a stored generated column
     */
    public boolean sends(TableId table, String column, boolean generated) {
        Published published = tables.get(List.of(table.schema(), table.table()));
        if (published == null) return !generated;
        return published.columns().contains(column) && (!generated || sendsGenerated);
    }

    /**
     * The publication's row filter on {@code table} as SQL over its columns ({@code pg_get_expr}), or null when it sends
     * every row (or does not hold the table yet).
     */
    public String rowFilter(TableId table) {
        Published published = tables.get(List.of(table.schema(), table.table()));
        return published == null ? null : published.rowFilter();
    }
}
