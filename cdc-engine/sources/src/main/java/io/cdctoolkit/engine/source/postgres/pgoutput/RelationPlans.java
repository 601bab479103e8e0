package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.ColumnFilters;
import io.cdctoolkit.engine.spi.FatalException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Compiles {@link RelationPlan}s from the catalog ({@link TableCatalog}) and, when streaming, the
 * Relation message's column list. Equal schemas are interned so the snapshot's and the stream's
 * rows of an unchanged table share one {@link RowSchema} instance (downstream caches key on identity).
 * A column type the reader does not support yet stops the reader with a message naming the column.
 */
final class RelationPlans {

    private static final Logger LOG = LoggerFactory.getLogger(RelationPlans.class);

    /** Reads a table's catalog entry. */
    @FunctionalInterface
    interface Catalog {
        /**
         * The entry of the table with OID {@code relationOid} (a Relation message's, also when renamed since), null when
         * it is gone; by name when {@code relationOid} is 0.
         */
        TableColumns read(TableId table, int relationOid) throws SQLException;

        /**
         * Type {@code typeOid} as a column of it is read (its name, enum labels, a domain's base type), for a column the
         * catalog no longer describes as the Relation message does (renamed, dropped or retyped since, or its table
         * dropped); null when the type is gone too, or not looked up. Only name and type of the result count.
         */
        default TableColumns.Column type(String column, int typeOid, int typmod) throws SQLException {
            return null;
        }
    }

    private final String prefix;
    private final Catalog catalog;
    private final ColumnFilters filters;
    private final Function<TableId, String> topics;
    private final boolean transactionBlocks;
    private final Map<RowSchema, RowSchema> interned = new HashMap<>();
    /** Whether every plan built so far reads its columns' send formats (see {@link #binaryReadable}). */
    private boolean allBinary = true;
    /** Whether the stream runs in pgoutput's binary mode (set before it starts; see {@link #streamsBinary}). */
    private boolean streamBinary;

    /**
     * @param prefix  the source's logical name as Debezium's {@code topic.prefix} (names the schemas)
     * @param topics  the topic of each table
     */
    RelationPlans(String prefix, Catalog catalog, ColumnFilters filters, Function<TableId, String> topics) {
        this(prefix, catalog, filters, topics, false);
    }

    /** @param transactionBlocks whether envelopes carry Debezium's transaction block ({@code transaction_metadata}) */
    RelationPlans(String prefix, Catalog catalog, ColumnFilters filters, Function<TableId, String> topics,
                  boolean transactionBlocks) {
        this.transactionBlocks = transactionBlocks;
        this.prefix = prefix;
        this.catalog = catalog;
        this.filters = filters;
        this.topics = topics;
    }

    /**
     * The plan for a table as the catalog has it now (snapshot), with the columns {@code published} says the publication
     * sends — the stream's Relation messages have those, so snapshot and stream rows have the same schema — and its row
     * filter for the snapshot's COPY.
     */
    RelationPlan forTable(TableId table, PublishedTables published) {
        TableColumns columns = read(table, 0);
        List<PgOutputMessage.Relation.Column> cols = new ArrayList<>();
        for (TableColumns.Column c : columns.columns()) {
            if (!published.sends(table, c.name(), columns.generated().contains(c.name()))) continue;
            cols.add(new PgOutputMessage.Relation.Column(false, c.name(), c.typeOid(), c.typmod()));
        }
        return build(table, columns, cols, columns.replicaIdentity(), columns.identityColumns(), published.rowFilter(table));
    }

    /** The plan for a Relation message of {@code database}. */
    RelationPlan forRelation(String database, PgOutputMessage.Relation relation) {
        TableId table = new TableId(database, relation.namespace(), relation.name());
        // The message names the table as it was when the changes were written (a rename since: found by OID).
        // The replica identity as the message has it, as of its changes: the catalog's is today's, and a change of
        // identity made after changes not read yet would otherwise apply to them too (their old rows were written
        // under the earlier one). PostgreSQL sends a new Relation message after ALTER TABLE … REPLICA IDENTITY.
        Set<String> identityColumns = new HashSet<>();
        for (PgOutputMessage.Relation.Column c : relation.columns()) if (c.identity()) identityColumns.add(c.name());
        TableColumns catalogColumns = read(table, relation.oid());
        if (catalogColumns == null) {
            // Dropped since these changes were written: they are read from the message alone (its columns' names and
            // types, see asWritten), rather than stopping the reader at them for good: every restart would too.
            catalogColumns = new TableColumns(relation.oid(), List.of(), relation.replicaIdentity(), identityColumns,
                    List.of(), Set.of());
            LOG.warn("{}: table {} (oid {}) is no longer in the catalog (dropped after changes not read yet): its changes"
                    + " are read from the Relation message alone (no defaults; only the replica identity's columns NOT NULL)",
                    prefix, table,
                    Integer.toUnsignedString(relation.oid()));
        }
        RelationPlan plan = build(table, catalogColumns, relation.columns(), relation.replicaIdentity(),
                identityColumns, null);
        int textOnly = plan.textOnlyColumn();
        if (streamBinary && textOnly >= 0) {
            // pgoutput's binary mode sends every column of a type with a send function in that format.
            throw new FatalException("engine: native reads column " + table + "." + plan.columnNames()[textOnly]
                    + " (added while streaming) only as text, and the stream runs in binary mode; restart"
                    + " the reader: it then streams in text mode (see docs/sources/postgresql.md, Native engine)");
        }
        return plan;
    }

    /**
     * Whether every table planned so far (the captured tables, planned at start) has only columns whose send
     * format the reader decodes; when not, the stream must run in text mode.
     */
    boolean binaryReadable() {
        return allBinary;
    }

    /** Sets whether the stream runs in binary mode, so that a later column read only as text stops the reader. */
    void streamsBinary(boolean binary) {
        this.streamBinary = binary;
    }

    private TableColumns read(TableId table, int relationOid) {
        try {
            return catalog.read(table, relationOid);
        } catch (SQLException e) {
            throw new FatalException("reading the catalog entry of " + table + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * @param replicaIdentity {@code relreplident} (d, f, i, n) of the changes planned for
     * @param identityColumns the columns of that identity
     * @param rowFilter       the publication's row filter, for a snapshot's plan ({@link RelationPlan#rowFilter})
     */
    private RelationPlan build(TableId table, TableColumns catalogColumns, List<PgOutputMessage.Relation.Column> cols,
                               char replicaIdentity, Set<String> identityColumns, String rowFilter) {
        char before = switch (replicaIdentity) {
            case 'f' -> 'f';
            case 'n' -> 'n';
            default -> identityColumns.isEmpty() ? 'n' : 'k';
        };
        Predicate<String> selected = filters.columnsOf(table);
        int n = cols.size();
        String[] names = new String[n];
        ColumnType[] types = new ColumnType[n];
        int[] rowIndex = new int[n];
        List<Field> fields = new ArrayList<>();
        List<Field> keyFields = new ArrayList<>();
        List<Integer> keyColumns = new ArrayList<>();
        boolean generatedColumns = false;
        for (int i = 0; i < n; i++) {
            PgOutputMessage.Relation.Column col = cols.get(i);
            names[i] = col.name();
            generatedColumns |= catalogColumns.generated().contains(col.name());
            TableColumns.Column catalogColumn = catalogColumns.column(col.name());
            // The catalog's entry describes the relation's column only while it has the same type.
            TableColumns.Column info = catalogColumn != null && catalogColumn.typeOid() == col.typeOid() ? catalogColumn
                    : asWritten(table, col, catalogColumn, replicaIdentity);
            // A domain's values are its base type's, in the same text and send formats (a domain column's own typmod is -1).
            // An enum may have no label yet (CREATE TYPE … AS ENUM (), labels added later): still an enum.
            ColumnType type = info.typeKind() == 'e' ? (info.array() ? PgTextTypes.enumArray(info.enumLabels())
                    : PgTextTypes.enumOf(info.enumLabels()))
                    : PgTextTypes.of(info.valueTypeOid(), col.typmod() == -1 ? info.valueTypmod() : col.typmod(),
                            info.typeName(), info.enumLabels());
            if (type == null) type = TypesAsText.of(info);
            if (type == null && info.typeName().isEmpty()) {
                // Its type is gone from the catalog too: each value of it makes its event unreadable (on_error, with
                // the value's text or bytes in the raw record) rather than stopping the reader here for good.
                type = unreadableWithoutCatalog(col);
                LOG.warn("{}: column {}.{} of changes not read yet has a type (oid {}) no longer in the catalog: its"
                        + " values make their events unreadable", prefix, table, col.name(),
                        Integer.toUnsignedString(col.typeOid()));
            }
            if (type == null) {
                throw new FatalException("engine: native does not support column " + table + "." + col.name()
                        + " of type " + (info.domain() == null ? info.typeName()
                                : info.domain() + " (a domain over " + info.typeName() + ")")
                        + " yet; use engine: debezium for this table (see docs/sources/postgresql.md, Native engine)");
            }
            types[i] = type;
            Object defaultValue = ColumnDefaults.of(info, type);
            boolean optional = !info.notNull()
                    || (before == 'k' && !identityColumns.contains(col.name()));
            if (selected.test(col.name())) {
                rowIndex[i] = fields.size();
                fields.add(new Field(col.name(), type.type(), optional, defaultValue, type.doc()));
            } else {
                rowIndex[i] = -1;
            }
            if (info.primaryKey()) {
                keyColumns.add(i);
                keyFields.add(new Field(col.name(), type.type(), !info.notNull(), defaultValue, type.doc()));
            }
        }
        // The key row's fields in the primary key's declared order, as Debezium's: the key's bytes (and so its
        // partition) must not depend on the engine.
        List<String> keyOrder = catalogColumns.primaryKey();
        keyColumns.sort(java.util.Comparator.comparingInt(c -> keyOrder.indexOf(names[c])));
        keyFields.sort(java.util.Comparator.comparingInt(f -> keyOrder.indexOf(f.name())));
        String name = RecordSchemaNames.prefix(prefix, table.schema(), table.table());
        RowSchema rowSchema = intern(RowSchema.of(name + ".Value", fields));
        RowSchema keySchema = keyFields.isEmpty() ? null : intern(RowSchema.of(name + ".Key", keyFields));
        RowSchema envelope = intern(Envelope.schema(name, rowSchema, SourceBlock.SCHEMA, transactionBlocks));
        RelationPlan plan = new RelationPlan(table, topics.apply(table), rowSchema, keySchema, envelope, names, types,
                rowIndex, keyColumns.stream().mapToInt(Integer::intValue).toArray(), before, table.schema() + "." + table.table(),
                EnumLabels.columnsOf(types, rowIndex, keyColumns), generatedColumns, rowFilter);
        allBinary &= plan.readsBinary();
        return plan;
    }

    /**
     * {@code plan} with {@code added} labels after those of relation column {@code column}'s enum (or enum
     * array) type: a new version of its row, key and envelope schemas (see {@link EnumLabels}).
     */
    RelationPlan withEnumLabels(RelationPlan plan, int column, List<String> added) {
        ColumnType[] types = plan.types().clone();
        types[column] = EnumLabels.widened(types[column], added);
        FieldType type = types[column].type();
        RowSchema rowSchema = plan.rowSchema();
        if (plan.rowIndex()[column] >= 0) rowSchema = intern(withFieldType(rowSchema, plan.rowIndex()[column], type));
        RowSchema keySchema = plan.keySchema();
        for (int k = 0; k < plan.keyColumns().length; k++) {
            if (plan.keyColumns()[k] == column) keySchema = intern(withFieldType(keySchema, k, type));
        }
        String name = RecordSchemaNames.prefix(prefix, plan.table().schema(), plan.table().table());
        RowSchema envelope = intern(Envelope.schema(name, rowSchema, SourceBlock.SCHEMA, transactionBlocks));
        return new RelationPlan(plan.table(), plan.topic(), rowSchema, keySchema, envelope, plan.columnNames(), types,
                plan.rowIndex(), plan.keyColumns(), plan.beforeImage(), plan.dataCollection(), plan.enumColumns(),
                plan.generatedColumns(), plan.rowFilter());
    }

    private static RowSchema withFieldType(RowSchema schema, int index, FieldType type) {
        List<Field> fields = new ArrayList<>(schema.fields());
        Field f = fields.get(index);
        fields.set(index, new Field(f.name(), type, f.optional(), f.defaultValue(), f.doc()));
        return RowSchema.of(schema.name(), fields);
    }

    /**
     * A column as the Relation message has it, where the catalog no longer does (renamed, dropped or retyped since, or
     * its table dropped): its type looked up by OID (null type name when that is gone too). No default. Retyped, it
     * keeps the catalog's NOT NULL and key; otherwise NOT NULL when it is in a DEFAULT or index replica identity
     * (PostgreSQL requires that of their columns), and part of the key when in a DEFAULT identity, which is the primary
     * key (under FULL every column is flagged, and an index identity need not be the key).
     */
    private TableColumns.Column asWritten(TableId table, PgOutputMessage.Relation.Column col,
                                          TableColumns.Column retyped, char replicaIdentity) {
        boolean notNull = retyped != null ? retyped.notNull()
                : col.identity() && (replicaIdentity == 'd' || replicaIdentity == 'i');
        boolean key = retyped != null ? retyped.primaryKey() : col.identity() && replicaIdentity == 'd';
        TableColumns.Column type;
        try {
            type = catalog.type(col.name(), col.typeOid(), col.typmod());
        } catch (SQLException e) {
            throw new FatalException("reading the type of column " + table + "." + col.name() + " failed: "
                    + e.getMessage(), e);
        }
        if (type == null) {
            return new TableColumns.Column(col.name(), col.typeOid(), col.typmod(), "", notNull, null, key, List.of(),
                    false, 'b');
        }
        return new TableColumns.Column(col.name(), col.typeOid(), col.typmod(), type.typeName(), notNull, null, key,
                type.enumLabels(), type.domain(), type.valueTypeOid(), type.valueTypmod(), type.array(), type.typeKind());
    }

    /** A column whose type is gone from the catalog: a NULL is read, any value makes the event unreadable. */
    private static ColumnType unreadableWithoutCatalog(PgOutputMessage.Relation.Column col) {
        String reason = "its type (oid " + Integer.toUnsignedString(col.typeOid()) + ") is no longer in the catalog (dropped"
                + " after this change was written), and engine: native reads values of that type only through it";
        return new ColumnType(FieldType.STRING, text -> {
            throw new IllegalArgumentException(reason);
        }, bytes -> {
            throw new IllegalArgumentException(reason);
        }, null);
    }

    private RowSchema intern(RowSchema schema) {
        RowSchema existing = interned.putIfAbsent(schema, schema);
        return existing == null ? schema : existing;
    }
}
