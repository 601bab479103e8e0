package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code add_fields} / {@code add_headers}: an envelope or source field to copy into
 * the flat row or a header, with Debezium's naming rules ({@code AbstractExtractNewRecordState.FieldReference}).
 * <ul>
 *   <li>{@code op}, {@code ts_ms}, {@code ts_us}, {@code ts_ns} are the envelope's own fields;
 *       {@code id}, {@code total_order}, {@code data_collection_order} the {@code transaction} block's;
 *       any other bare name is a {@code source} field ({@code table} = {@code source.table});</li>
 *   <li>{@code struct.field} names the block explicitly ({@code source.ts_ms});</li>
 *   <li>the new name is the prefix plus the field ({@code __op}), or plus {@code struct_field} when the
 *       block was written ({@code __source_ts_ms}), or plus the alias of {@code name:alias}.</li>
 * </ul>
 *
 * @param spec    the entry as written
 * @param struct  the envelope block holding the field, or null for the envelope's own fields
 * @param field   the field's name in that block
 * @param newName the name of the added field or header
 */
record MetadataField(String spec, String struct, String field, String newName) {

    /** The references of an option's entries, each entry possibly a comma-separated list (Kafka's list syntax). */
    static List<MetadataField> parseAll(List<String> entries, String prefix) {
        List<MetadataField> out = new ArrayList<>();
        for (String entry : entries) {
            for (String part : entry.split(",")) {
                if (!part.isBlank()) out.add(parse(part.trim(), prefix));
            }
        }
        return out;
    }

    /**
     * Parses {@code field}, {@code struct.field}, {@code field:alias} or {@code struct.field:alias}.
     *
     * @throws IllegalArgumentException for any other shape (Debezium accepts {@code a.b.c} and silently
     *                                  ignores {@code c}; here it is an error)
     */
    static MetadataField parse(String spec, String prefix) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 2) throw new IllegalArgumentException("'" + spec + "' has more than one ':' (expected field or field:alias)");
        String[] path = parts[0].split("\\.", -1);
        if (path.length > 2) throw new IllegalArgumentException("'" + spec + "' has more than one '.' (expected field or block.field)");
        for (String p : path) {
            if (p.isBlank()) throw new IllegalArgumentException("'" + spec + "' has an empty field name");
        }
        if (parts.length == 2 && parts[1].isBlank()) throw new IllegalArgumentException("'" + spec + "' has an empty alias");
        String field = path.length == 1 ? path[0] : path[1];
        String struct = path.length == 1 ? blockOf(field) : path[0];
        String newName = prefix + (parts.length == 2 ? parts[1] : path.length == 1 ? field : struct + "_" + field);
        return new MetadataField(spec, struct, field, newName);
    }

    /** Debezium's {@code determineStruct}: which block a bare name lives in. */
    private static String blockOf(String field) {
        return switch (field) {
            case "id", "total_order", "data_collection_order" -> "transaction";
            case Envelope.OP, Envelope.TS_MS, "ts_us", "ts_ns" -> null;
            case "updateDescription" -> "updateDescription"; // MongoDB's; kept for Debezium's naming
            default -> Envelope.SOURCE;
        };
    }

    /**
     * Where the field is in envelopes of {@code envelope}, or null when they have no such field. As in
     * Debezium, a field not in its block is looked up among the envelope's top-level fields (a field
     * another transform added there).
     */
    Location locate(RowSchema envelope) {
        if (struct == null) return top(envelope);
        int blockIndex = envelope.indexOf(struct);
        if (blockIndex < 0 || !(envelope.field(blockIndex).type() instanceof FieldType.Struct block)) return null;
        int index = block.schema().indexOf(field);
        if (index >= 0) return new Location(blockIndex, index, false, block.schema().field(index));
        Location top = top(envelope);
        return top == null ? null : new Location(blockIndex, top.index(), true, top.field());
    }

    private Location top(RowSchema envelope) {
        int index = envelope.indexOf(field);
        return index < 0 ? null : new Location(-1, index, true, envelope.field(index));
    }

    /**
     * A located field: read from the envelope's block at {@code blockIndex} (or from the envelope itself
     * when -1 or {@code fromTop}).
     *
     * @param blockIndex the block's index in the envelope, or -1
     * @param index      the field's index in the block, or in the envelope when {@code fromTop}
     * @param fromTop    whether the field is one of the envelope's own
     * @param field      the field, for its type
     */
    record Location(int blockIndex, int index, boolean fromTop, Field field) {

        /** The value in {@code envelope}; null when the block is null (Debezium: the transaction block of a snapshot). */
        Object read(Row envelope) {
            if (blockIndex >= 0) {
                Row block = (Row) envelope.get(blockIndex);
                if (block == null) return null;
                if (!fromTop) return block.get(index);
            }
            return envelope.get(index);
        }
    }
}
