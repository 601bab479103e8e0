package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.util.List;
import java.util.Set;

/**
 * What the catalog says about one table, read when its plan is built (once per table version): what
 * pgoutput's Relation message lacks (nullability, defaults, primary key, replica identity).
 *
 * @param oid               the table's OID (pgoutput's relation id)
 * @param columns           the columns in table order
 * @param replicaIdentity   {@code pg_class.relreplident}: d(efault), f(ull), i(ndex), n(othing)
 * @param identityColumns   the columns of the replica identity (primary key or chosen index)
 * @param primaryKey        the primary key's columns in its declared order ({@code PRIMARY KEY (c, a)}: c, a),
 *                          the order of the key row's fields, as Debezium gives them; empty without one
 * @param generated         the stored generated columns: a publication sends them only when it says so (PostgreSQL
 *                          18, see {@link PublishedTables}), and the snapshot's COPY must select them
 *                          (PostgreSQL 18's virtual generated columns are never published and not among the columns)
 */
record TableColumns(int oid, List<Column> columns, char replicaIdentity, Set<String> identityColumns,
                    List<String> primaryKey, Set<String> generated) {

    /**
     * One column: name, type, nullability, default expression ({@code pg_get_expr}), primary-key part, and
     * the labels of its type in sort order when that is an enum (else empty). For a column of a domain,
     * {@code typeOid} is the domain's (what pgoutput's Relation message names), {@code domain} its name, and
     * {@code valueTypeOid}/{@code valueTypmod}/{@code typeName}/{@code enumLabels} describe the base type its
     * values have (through domains over domains; the modifier of the innermost domain that sets one, as
     * Debezium resolves a domain to its base type); for any other column they are the column's own. With
     * {@code array} the column is an array (of an enum when {@code enumLabels} is not empty: they are the
     * element type's). {@code typeKind} is {@code pg_type.typtype} of the values' type ({@code b}ase,
     * {@code c}omposite, {@code e}num, {@code m}ultirange, {@code r}ange, {@code p}seudo; an array of an enum is
     * {@code e} too): it, not {@code enumLabels}, says whether the values are an enum's, which may have no label yet.
     */
    record Column(String name, int typeOid, int typmod, String typeName, boolean notNull, String defaultExpr,
                  boolean primaryKey, List<String> enumLabels, String domain, int valueTypeOid, int valueTypmod,
                  boolean array, char typeKind) {

        /** A column whose type is not a domain. */
        Column(String name, int typeOid, int typmod, String typeName, boolean notNull, String defaultExpr,
               boolean primaryKey, List<String> enumLabels, boolean array, char typeKind) {
            this(name, typeOid, typmod, typeName, notNull, defaultExpr, primaryKey, enumLabels, null, typeOid, typmod,
                    array, typeKind);
        }
    }

    Column column(String name) {
        for (Column c : columns) if (c.name().equals(name)) return c;
        return null;
    }
}
