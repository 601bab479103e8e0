package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * Which columns hold no NULL, as catalog SQL. {@code pg_attribute.attnotnull} is not enough from PostgreSQL 18 on: a
 * not-null constraint added {@code NOT VALID} sets it while the rows written before may still hold NULLs (only
 * {@code VALIDATE CONSTRAINT} proves there are none), so such a column is read as optional until then. Before 18
 * {@code pg_constraint} has no not-null rows ({@code contype 'n'}), and the expression is {@code attnotnull}.
 */
public final class NotNullColumns {

    private NotNullColumns() {
    }

    /** SQL that is true when the column of {@code pg_attribute} row {@code attribute} (its alias) holds no NULL. */
    public static String holdsNoNull(String attribute) {
        return "(" + attribute + ".attnotnull AND NOT EXISTS (SELECT 1 FROM pg_constraint nn WHERE nn.conrelid = "
                + attribute + ".attrelid AND nn.contype = 'n' AND NOT nn.convalidated AND nn.conkey[1] = "
                + attribute + ".attnum))";
    }
}
