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
 * The columns of each table a publication sends, which pgoutput's Relation messages have: the native engine's
 * snapshot copies these and no others, so that a table's snapshot rows and streamed rows have the same columns (as
 * PostgreSQL's own subscribers copy a table). That is every column but the generated ones, except where a publication
 * made by hand says otherwise: a column list ({@code FOR TABLE t (a, b)}, PostgreSQL 15+) sends only its columns, and
 * on PostgreSQL 18 {@code publish_generated_columns = stored} — or a column list naming one — sends stored generated
 * columns too. Read from {@code pg_publication_tables.attnames}, once per start; before PostgreSQL 18 that may list
 * generated columns the stream never has (15 does, for a table without a column list), so they are left out there.
 */
public final class PublishedColumns {

    private static final String ATTNAMES = """
            SELECT schemaname, tablename, attnames::text[] FROM pg_publication_tables WHERE pubname = ?""";

    /** Per table ({@code schema}, {@code table}) that the publication holds, the columns it sends. */
    private final Map<List<String>, Set<String>> listed;
    private final boolean sendsGenerated;

    private PublishedColumns(Map<List<String>, Set<String>> listed, boolean sendsGenerated) {
        this.listed = listed;
        this.sendsGenerated = sendsGenerated;
    }

    /** What {@code publication} sends (before PostgreSQL 15, or while it does not exist: every column but the generated). */
    public static PublishedColumns read(Connection sql, String publication) throws SQLException {
        int major = sql.getMetaData().getDatabaseMajorVersion();
        Map<List<String>, Set<String>> listed = new HashMap<>();
        if (major >= 15) {
            try (PreparedStatement st = sql.prepareStatement(ATTNAMES)) {
                st.setString(1, publication);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        listed.put(List.of(rs.getString(1), rs.getString(2)), Set.of((String[]) rs.getArray(3).getArray()));
                    }
                }
            }
        }
        return new PublishedColumns(Map.copyOf(listed), major >= 18);
    }

    /**
     * Whether the publication sends {@code column} of {@code table}; a table it does not hold (yet: the toolkit adds it
     * without a column list) has every column but the generated ones.
     *
     * @param generated whether the column is a stored generated column
     */
    public boolean sends(TableId table, String column, boolean generated) {
        Set<String> columns = listed.get(List.of(table.schema(), table.table()));
        if (columns == null) return !generated;
        return columns.contains(column) && (!generated || sendsGenerated);
    }
}
