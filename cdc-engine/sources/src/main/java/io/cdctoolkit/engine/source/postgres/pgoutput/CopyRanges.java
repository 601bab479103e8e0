package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the snapshot's tables into the COPYs a parallel snapshot runs, in the order their rows are emitted:
 * a table's ranges one after the other, table after table. A plain table of at least two ranges' worth of pages
 * is split into ctid page ranges of equal size, about {@link #RANGES_PER_CONNECTION} per connection (more
 * ranges than connections, so a connection that finishes early takes the next), never smaller than
 * {@link #MIN_PAGES_PER_RANGE}; the last range is open-ended, so rows on pages added after the size was read are
 * read too (the snapshot does not see them, but the size is not MVCC). Any other table is one COPY.
 */
final class CopyRanges {

    /** The smallest range: below this, one more COPY costs more than it shares out. */
    static final long MIN_PAGES_PER_RANGE = 64;
    static final int RANGES_PER_CONNECTION = 4;

    private CopyRanges() {
    }

    /**
     * @param connection  a connection inside the snapshot transaction (reads the tables' sizes)
     * @param connections how many connections will read the ranges
     */
    static List<CopyRange> plan(Connection connection, List<RelationPlan> tables, int connections) throws SQLException {
        List<CopyRange> ranges = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement("SELECT c.relkind, pg_catalog.pg_relation_size(c.oid)"
                + " / pg_catalog.current_setting('block_size')::bigint FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            for (int t = 0; t < tables.size(); t++) {
                RelationPlan plan = tables.get(t);
                st.setString(1, plan.table().schema());
                st.setString(2, plan.table().table());
                long pages = 0;
                try (ResultSet rs = st.executeQuery()) {
                    // Only a plain table's rows have ctids to split by (a partition is one; a partitioned parent not).
                    if (rs.next() && "r".equals(rs.getString(1))) pages = rs.getLong(2);
                }
                long perRange = Math.max(MIN_PAGES_PER_RANGE,
                        ceilDiv(pages, (long) connections * RANGES_PER_CONNECTION));
                if (pages < 2 * perRange) {
                    ranges.add(new CopyRange(t, plan.copyStatement()));
                    continue;
                }
                long count = pages / perRange; // the last range takes the remainder
                for (long r = 0; r < count; r++) {
                    ranges.add(new CopyRange(t, plan.copyStatement(r * perRange, r == count - 1 ? -1 : (r + 1) * perRange)));
                }
            }
        }
        return ranges;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
