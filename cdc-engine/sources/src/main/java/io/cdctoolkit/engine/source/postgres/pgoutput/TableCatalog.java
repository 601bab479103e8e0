package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads {@link TableColumns} from the PostgreSQL catalog over a plain JDBC connection. */
final class TableCatalog implements RelationPlans.Catalog {

    private static final String COLUMNS = """
            SELECT a.attname, a.atttypid, a.atttypmod, t.typname, {holds_no_null},
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                   EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)),
                   c.oid, c.relreplident,
                   ARRAY(SELECT ia.attname::text FROM pg_index i
                         JOIN pg_attribute ia ON ia.attrelid = i.indrelid AND ia.attnum = ANY (i.indkey)
                         WHERE i.indrelid = c.oid
                           AND ((c.relreplident = 'd' AND i.indisprimary) OR (c.relreplident = 'i' AND i.indisreplident))),
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                         WHERE e.enumtypid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE a.atttypid END
                         ORDER BY e.enumsortorder),
                   CASE WHEN t.typcategory = 'A' AND (SELECT et.typtype FROM pg_type et WHERE et.oid = t.typelem) IN ('e', 'd', 'c', 'm')
                        THEN (SELECT et.typtype FROM pg_type et WHERE et.oid = t.typelem) ELSE t.typtype END,
                   t.typcategory = 'A',
                   ARRAY(SELECT ka.attname::text FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute ka ON ka.attrelid = i.indrelid AND ka.attnum = k.attnum
                         WHERE i.indrelid = c.oid AND i.indisprimary ORDER BY k.ord),
                   a.attgenerated = 's'
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated IN ('', 's')""".replace("{holds_no_null}", NotNullColumns.holdsNoNull("a"));
    private static final String BY_NAME = COLUMNS + " AND n.nspname = ? AND c.relname = ? ORDER BY a.attnum";
    private static final String BY_OID = COLUMNS + " AND c.oid = ? ORDER BY a.attnum";

    private static final String TYPE_OF_COLUMN = """
            SELECT t.typname,
                   CASE WHEN t.typcategory = 'A' AND (SELECT et.typtype FROM pg_type et WHERE et.oid = t.typelem) IN ('e', 'd', 'c', 'm')
                        THEN (SELECT et.typtype FROM pg_type et WHERE et.oid = t.typelem) ELSE t.typtype END,
                   t.typcategory = 'A',
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                         WHERE e.enumtypid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
                         ORDER BY e.enumsortorder)
            FROM pg_type t WHERE t.oid = ?""";

    private final java.util.function.Supplier<Connection> connections;

    TableCatalog(Connection connection) {
        this(() -> connection);
    }

    /** Reading through whichever connection {@code connections} gives at each call (a reconnect replaces it). */
    TableCatalog(java.util.function.Supplier<Connection> connections) {
        this.connections = connections;
    }

    TableColumns read(TableId table) throws SQLException {
        return read(table, 0);
    }

    /**
     * The table a Relation message of relation {@code relationOid} names {@code table}: by its OID, which stays the
     * same when the table is renamed after the changes being read were written (and another table may have taken
     * the name since); null when no table has that OID any more (dropped since those changes were written — a table
     * created since under the same name is another one). By name when there is no OID ({@code 0}).
     *
     * @throws SQLException when the catalog cannot be read, or a table asked by name is not in it
     */
    @Override
    public TableColumns read(TableId table, int relationOid) throws SQLException {
        Connection connection = connections.get();
        if (relationOid != 0) return query(connection, BY_OID, st -> st.setLong(1, Integer.toUnsignedLong(relationOid)));
        TableColumns byName = query(connection, BY_NAME, st -> {
            st.setString(1, table.schema());
            st.setString(2, table.table());
        });
        if (byName == null) throw new SQLException("table " + table + " not found in the catalog");
        return byName;
    }

    @Override
    public TableColumns.Column type(String column, int typeOid, int typmod) throws SQLException {
        Connection connection = connections.get();
        try (PreparedStatement st = connection.prepareStatement(TYPE_OF_COLUMN)) {
            st.setLong(1, Integer.toUnsignedLong(typeOid));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) return null;
                TableColumns.Column c = new TableColumns.Column(column, typeOid, typmod, rs.getString(1), false, null,
                        false, List.of((String[]) rs.getArray(4).getArray()), rs.getBoolean(3), rs.getString(2).charAt(0));
                return c.typeKind() == 'd' ? withBaseType(connection, c) : c;
            }
        }
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private TableColumns query(Connection connection, String sql, Parameters parameters) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            parameters.set(st);
            try (ResultSet rs = st.executeQuery()) {
                List<TableColumns.Column> columns = new ArrayList<>();
                int oid = 0;
                char identity = 'd';
                Set<String> identityColumns = Set.of();
                List<String> primaryKey = List.of();
                Set<String> generated = new HashSet<>();
                while (rs.next()) {
                    TableColumns.Column column = new TableColumns.Column(rs.getString(1), (int) rs.getLong(2), rs.getInt(3),
                            rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getBoolean(7),
                            List.of((String[]) rs.getArray(11).getArray()), rs.getBoolean(13), rs.getString(12).charAt(0));
                    columns.add(column.typeKind() == 'd' ? withBaseType(connection, column) : column);
                    oid = (int) rs.getLong(8);
                    identity = rs.getString(9).charAt(0);
                    Array ids = rs.getArray(10);
                    identityColumns = Set.of((String[]) ids.getArray());
                    primaryKey = List.of((String[]) rs.getArray(14).getArray());
                    if (rs.getBoolean(15)) generated.add(column.name());
                }
                return columns.isEmpty() ? null
                        : new TableColumns(oid, columns, identity, identityColumns, primaryKey, Set.copyOf(generated));
            }
        }
    }

    private static final String TYPE = "SELECT typtype, typbasetype, typtypmod, typname,"
            + " ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),"
            + " t.typarray, (SELECT a.typname FROM pg_type a WHERE a.oid = t.typarray), t.typelem"
            + " FROM pg_type t WHERE t.oid = ?";

    /**
     * A column of a domain, or of an array of one ({@code posint[]}), with the base type its values (or elements)
     * have, following domains over domains (rare: once per table version): an array of a domain is read as the array
     * of its base type ({@code int[]}), as a domain column is read as its base type.
     */
    private static TableColumns.Column withBaseType(Connection connection, TableColumns.Column column) throws SQLException {
        int typmod = column.typmod();
        try (PreparedStatement st = connection.prepareStatement(TYPE)) {
            int oid = column.typeOid();
            if (column.array()) {
                try (ResultSet rs = typeRow(st, oid, column)) {
                    oid = (int) rs.getLong(8); // the element type: the domain
                }
            }
            for (int depth = 0; depth < 64; depth++) {
                try (ResultSet rs = typeRow(st, oid, column)) {
                    if (!"d".equals(rs.getString(1))) {
                        char kind = rs.getString(1).charAt(0);
                        List<String> labels = List.of((String[]) rs.getArray(5).getArray());
                        if (column.array()) {
                            // A base type without an array type (itself an array): left as it is, which no reader takes.
                            if (rs.getLong(6) == 0) return column;
                            return new TableColumns.Column(column.name(), column.typeOid(), column.typmod(),
                                    rs.getString(7), column.notNull(), column.defaultExpr(), column.primaryKey(), labels,
                                    column.typeName(), (int) rs.getLong(6), typmod, true,
                                    kind == 'e' || kind == 'c' || kind == 'm' ? kind : 'b');
                        }
                        return new TableColumns.Column(column.name(), column.typeOid(), column.typmod(), rs.getString(4),
                                column.notNull(), column.defaultExpr(), column.primaryKey(), labels, column.typeName(),
                                oid, typmod, false, kind);
                    }
                    if (typmod == -1) typmod = rs.getInt(3); // the column's own, else the innermost domain's that sets one
                    oid = (int) rs.getLong(2);
                }
            }
        }
        throw new SQLException("column " + column.name() + ": domain " + column.typeName() + " nests more than 64 domains");
    }

    /** The {@link #TYPE} row of type {@code oid}, positioned on it (the caller closes it). */
    private static ResultSet typeRow(PreparedStatement st, int oid, TableColumns.Column column) throws SQLException {
        st.setLong(1, Integer.toUnsignedLong(oid));
        ResultSet rs = st.executeQuery();
        if (!rs.next()) {
            rs.close();
            throw new SQLException("type " + Integer.toUnsignedString(oid) + " of column " + column.name()
                    + " not found in the catalog");
        }
        return rs;
    }
}
