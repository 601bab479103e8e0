package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Everything needed to convert the change records of one table version (one Debezium envelope
 * schema): the table, its topic, the column-filtered row plan, the source-block plan, the envelope
 * {@link RowSchema} and the Connect fields to read, all resolved once. Before images are read with
 * {@code beforePlan}, which for a table whose before images carry only the key columns reads those
 * and leaves the others null (see {@link BeforeImage}, kept as {@code beforeImage}); the after image
 * with {@code rowPlan}. {@code transaction} is Debezium's transaction block field when the envelope
 * carries it over (else null).
 */
record TablePlan(TableId table, String topic, StructPlan rowPlan, StructPlan beforePlan, StructPlan sourcePlan, RowSchema envelopeSchema,
                 Field before, Field after, Field source, Field op, Field tsMs,
                 Field sourceTsUs, Field sourceTsMs, Field sourceTx, Field transaction, BeforeImage beforeImage) {

    /** Whether {@code schema} is a Debezium data-change envelope. */
    static boolean isEnvelope(Schema schema) {
        return schema != null && schema.type() == Schema.Type.STRUCT
                && schema.field(Envelope.BEFORE) != null && schema.field(Envelope.AFTER) != null
                && schema.field(Envelope.SOURCE) != null && schema.field(Envelope.OP) != null;
    }

    /**
     * The plan for an envelope schema; {@code sample} (a record value of that schema) supplies the
     * table identity from its source block.
     */
    static TablePlan of(Schema envelope, Struct sample, ColumnFilters filters,
                        java.util.function.Function<TableId, String> topicNamer, SourcePlans sourcePlans,
                        BeforeImages beforeImages, boolean transactionBlocks) {
        Field source = envelope.field(Envelope.SOURCE);
        Struct sourceStruct = sample.getStruct(Envelope.SOURCE);
        TableId table = new TableId(text(sourceStruct, "db"), text(sourceStruct, "schema"), text(sourceStruct, "table"));
        Field after = envelope.field(Envelope.AFTER);
        BeforeImage beforeImage = beforeImages.of(table);
        StructPlan rowPlan = StructPlan.of(after.schema(), table.toString(), filters.forTable(table), beforeImage);
        rowPlan = rowPlan.sharing(sourcePlans.intern(rowPlan.rowSchema()));
        // NONE: the database writes no old row for this table, so any before Debezium built would be
        // nothing but fallbacks; the before image is null, as the database sent it.
        StructPlan beforePlan = beforeImage.kind() == BeforeImage.Kind.NONE ? null : rowPlan.readingOnly(beforeImage);
        StructPlan sourcePlan = sourcePlans.plan(source.schema());
        String name = envelope.name() == null ? table + ".Envelope" : envelope.name();
        String prefix = name.endsWith(".Envelope") ? name.substring(0, name.length() - ".Envelope".length()) : name;
        RowSchema envelopeSchema = sourcePlans.intern(
                Envelope.schema(prefix, rowPlan.rowSchema(), sourcePlan.rowSchema(), transactionBlocks));
        Schema sourceSchema = source.schema();
        Field tx = sourceSchema.field("txId") != null ? sourceSchema.field("txId")
                : sourceSchema.field("gtid") != null ? sourceSchema.field("gtid") : sourceSchema.field("commit_lsn");
        return new TablePlan(table, topicNamer.apply(table), rowPlan, beforePlan, sourcePlan, envelopeSchema,
                envelope.field(Envelope.BEFORE), after, source, envelope.field(Envelope.OP),
                envelope.field(Envelope.TS_MS), sourceSchema.field("ts_us"), sourceSchema.field("ts_ms"), tx,
                transactionBlocks ? envelope.field(Envelope.TRANSACTION) : null, beforeImage);
    }

    /**
     * This plan with {@code rows} (its table's row plan, widened by {@link StructPlan#knowing}): the before
     * plan reads the same columns as before, the envelope schema is rebuilt around the new row schema.
     */
    TablePlan withRowPlan(StructPlan rows, SourcePlans sourcePlans, boolean transactionBlocks) {
        StructPlan widened = rows.withSchema(sourcePlans.intern(rows.rowSchema()));
        StructPlan widenedBefore = beforePlan == null ? null : beforePlan.withSchema(widened.rowSchema());
        String name = envelopeSchema.name();
        String prefix = name.endsWith(".Envelope") ? name.substring(0, name.length() - ".Envelope".length()) : name;
        RowSchema envelope = sourcePlans.intern(Envelope.schema(prefix, widened.rowSchema(), sourcePlan.rowSchema(),
                transactionBlocks));
        return new TablePlan(table, topic, widened, widenedBefore, sourcePlan, envelope, before, after, source, op, tsMs,
                sourceTsUs, sourceTsMs, sourceTx, transaction, beforeImage);
    }

    private static String text(Struct struct, String field) {
        if (struct == null || struct.schema().field(field) == null) return null;
        Object v = struct.getWithoutDefault(field);
        return v == null ? null : v.toString();
    }
}
