package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The source record of an unreadable event as UTF-8 JSON, so a dead-letter record loses nothing:
 * the table, the op and each kept column's text as PostgreSQL sent it (null for NULL, {@code "(unchanged
 * TOASTed value, not sent)"} for an unchanged TOASTed value; a value sent in binary as {@link #binaryText}).
 */
final class RawRowJson {

    private RawRowJson() {
    }

    static byte[] render(RelationPlan plan, String op, TupleData before, TupleData after) {
        StringBuilder json = new StringBuilder("{\"table\":");
        quote(json, plan.table().toString()).append(",\"op\":");
        quote(json, op);
        tuple(json.append(",\"before\":"), plan, before);
        tuple(json.append(",\"after\":"), plan, after);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void tuple(StringBuilder json, RelationPlan plan, TupleData tuple) {
        if (tuple == null) {
            json.append("null");
            return;
        }
        json.append('{');
        boolean first = true;
        for (int i = 0; i < tuple.size() && i < plan.columnNames().length; i++) {
            if (plan.rowIndex()[i] < 0) continue;
            if (!first) json.append(',');
            first = false;
            quote(json, plan.columnNames()[i]).append(':');
            byte kind = tuple.kinds()[i];
            if (kind == TupleData.NULL) json.append("null");
            else if (kind == TupleData.UNCHANGED_TOAST) quote(json, "(unchanged TOASTed value, not sent)");
            else if (kind == TupleData.BINARY) quote(json, binaryText(plan.types()[i], tuple.values()[i]));
            else quote(json, new String(tuple.values()[i], StandardCharsets.UTF_8));
        }
        json.append('}');
    }

    /**
     * A value sent in binary, as readable text: the decoded value (ISO-8601 for dates and times, plain digits for
     * numbers, JSON and strings as they are), PostgreSQL's text of a value no field type holds ({@code infinity},
     * {@code NaN}, {@code 24:00:00}), else its bytes in base64.
     */
    static String binaryText(ColumnType type, byte[] value) {
        try {
            Object decoded = type.decodeBinary(value);
            if (decoded instanceof java.math.BigDecimal d) return d.toPlainString();
            if (decoded != null && !(decoded instanceof byte[])) return String.valueOf(decoded);
        } catch (UnrepresentableValue e) {
            return e.pgText();
        } catch (RuntimeException e) {
            // not decodable: the bytes below
        }
        return "(binary, base64) " + Base64.getEncoder().encodeToString(value);
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
                    else json.append(c);
                }
            }
        }
        return json.append('"');
    }
}
