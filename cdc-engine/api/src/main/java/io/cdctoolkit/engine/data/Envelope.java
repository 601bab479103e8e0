package io.cdctoolkit.engine.data;

import java.time.Instant;

/**
 * The Debezium change-event envelope: {@code before}, {@code after}, {@code source}, {@code op},
 * {@code ts_ms}. Readers build envelope rows with it; stages use it to recognise an envelope and
 * find its parts by index.
 */
public final class Envelope {

    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String SOURCE = "source";
    public static final String OP = "op";
    public static final String TS_MS = "ts_ms";
    /** Debezium's transaction block ({@code provide.transaction.metadata}); only in envelopes built with it. */
    public static final String TRANSACTION = "transaction";

    /** Field positions inside every envelope schema built here. */
    public static final int BEFORE_INDEX = 0;
    public static final int AFTER_INDEX = 1;
    public static final int SOURCE_INDEX = 2;
    public static final int OP_INDEX = 3;
    public static final int TS_MS_INDEX = 4;
    public static final int TRANSACTION_INDEX = 5;

    /**
     * Debezium's {@code event.block}: the change's transaction ({@code id}), its place among the transaction's
     * events ({@code total_order}, from 1) and among those of its table ({@code data_collection_order}).
     */
    public static final RowSchema TRANSACTION_BLOCK = RowSchema.of("event.block",
            Field.required("id", FieldType.STRING), Field.required("total_order", FieldType.INT64),
            Field.required("data_collection_order", FieldType.INT64));

    private Envelope() {
    }

    /**
     * The envelope schema for a table's row schema, named {@code <prefix>.Envelope} (Debezium's
     * naming), with an optional {@code before}/{@code after} of {@code rowSchema} and the reader's
     * {@code source} block.
     */
    public static RowSchema schema(String prefix, RowSchema rowSchema, RowSchema sourceSchema) {
        return schema(prefix, rowSchema, sourceSchema, false);
    }

    /**
     * As {@link #schema(String, RowSchema, RowSchema)}; with {@code transactionBlock}, followed by an optional
     * {@code transaction} field of {@link #TRANSACTION_BLOCK} (null in snapshot events), as Debezium's envelope
     * with {@code provide.transaction.metadata}.
     */
    public static RowSchema schema(String prefix, RowSchema rowSchema, RowSchema sourceSchema, boolean transactionBlock) {
        RowSchema.Builder b = RowSchema.builder(prefix + ".Envelope")
                .optional(BEFORE, new FieldType.Struct(rowSchema))
                .optional(AFTER, new FieldType.Struct(rowSchema))
                .required(SOURCE, new FieldType.Struct(sourceSchema))
                .required(OP, FieldType.STRING)
                .optional(TS_MS, FieldType.INT64);
        if (transactionBlock) b.optional(TRANSACTION, new FieldType.Struct(TRANSACTION_BLOCK));
        return b.build();
    }

    /** An envelope row; {@code before}/{@code after} may be null as the op requires. */
    public static Row row(RowSchema envelopeSchema, Row before, Row after, Row source, Op op, Instant processedAt) {
        return row(envelopeSchema, before, after, source, op, processedAt, null);
    }

    /**
     * An envelope row with its transaction block ({@link #transactionBlock}; null outside a transaction), for an
     * envelope schema built with one; without such a field, {@code transaction} must be null.
     */
    public static Row row(RowSchema envelopeSchema, Row before, Row after, Row source, Op op, Instant processedAt,
                          Row transaction) {
        Long ts = processedAt == null ? null : processedAt.toEpochMilli();
        if (envelopeSchema.size() > TRANSACTION_INDEX) {
            return Row.of(envelopeSchema, before, after, source, op.code(), ts, transaction);
        }
        if (transaction != null) throw new IllegalArgumentException("envelope schema " + envelopeSchema.name() + " has no transaction field");
        return Row.of(envelopeSchema, before, after, source, op.code(), ts);
    }

    /** A {@link #TRANSACTION_BLOCK} row. */
    public static Row transactionBlock(String id, long totalOrder, long dataCollectionOrder) {
        return Row.of(TRANSACTION_BLOCK, id, totalOrder, dataCollectionOrder);
    }

    /** True when the schema has the envelope's shape (so envelope-aware stages act on before/after). */
    public static boolean isEnvelope(RowSchema schema) {
        return schema.size() >= 4
                && BEFORE.equals(schema.field(BEFORE_INDEX).name())
                && AFTER.equals(schema.field(AFTER_INDEX).name())
                && SOURCE.equals(schema.field(SOURCE_INDEX).name())
                && OP.equals(schema.field(OP_INDEX).name())
                && schema.field(BEFORE_INDEX).type() instanceof FieldType.Struct
                && schema.field(AFTER_INDEX).type() instanceof FieldType.Struct;
    }

    /** The table row schema inside an envelope schema. */
    public static RowSchema rowSchema(RowSchema envelopeSchema) {
        return ((FieldType.Struct) envelopeSchema.field(AFTER_INDEX).type()).schema();
    }

    /** The {@code before} row of an envelope row, or null. */
    public static Row before(Row envelope) {
        return (Row) envelope.get(BEFORE_INDEX);
    }

    /** The {@code after} row of an envelope row, or null. */
    public static Row after(Row envelope) {
        return (Row) envelope.get(AFTER_INDEX);
    }

    /** The {@code source} block of an envelope row. */
    public static Row source(Row envelope) {
        return (Row) envelope.get(SOURCE_INDEX);
    }
}
