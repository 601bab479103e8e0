package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The source record of an unreadable event as UTF-8 JSON, so a dead-letter record loses nothing:
 * the table, the op and each kept column's text as PostgreSQL sent it (null for NULL, {@code "(unchanged
 * TOASTed value, not sent)"} for an unchanged TOASTed value, base64 for a value sent in binary).
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
            else if (kind == TupleData.BINARY) quote(json, "(binary, base64) " + Base64.getEncoder().encodeToString(tuple.values()[i]));
            else quote(json, new String(tuple.values()[i], StandardCharsets.UTF_8));
        }
        json.append('}');
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
