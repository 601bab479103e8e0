package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's default value as schema information, the way the Debezium engine derives it from the
 * catalog's default expression, so that both engines give equal {@code RowSchema}s: a literal
 * ({@code 7}, {@code 'x'::text}) is parsed as the column's type; a function call ({@code now()},
 * {@code nextval(...)}) gets Debezium's placeholder for the type ({@code 0}, {@code ""}, the epoch);
 * types Debezium has no default parser for (bytea, arrays) get none; anything that does not parse
 * gets none. Never used as a value: a NULL stays null.
 */
final class ColumnDefaults {

    private static final Pattern LITERAL = Pattern.compile("'(.*?)'");
    private static final Pattern FUNCTION = Pattern.compile("^[(]?[A-Za-z0-9_.]+\\((?:.+(?:, ?.+)*)?\\)");
    private static final Set<String> CURRENT_DATE_TIMES = Set.of("current_timestamp", "current_time", "current_date",
            "localtime", "localtimestamp");
    private static final Set<String> TRIMMED = Set.of("bool", "numeric", "float4", "float8", "int2", "int4", "int8",
            "uuid", "date", "time", "timestamp", "timestamptz");

    private ColumnDefaults() {
    }

    /** The default for {@code column} read as {@code type}, or null when it has none. */
    static Object of(TableColumns.Column column, ColumnType type) {
        String expr = column.defaultExpr();
        // The Debezium engine parses defaults by the column's type name, and gives a domain's column none.
        if (expr == null || column.domain() != null) return null;
        String typeName = column.typeName();
        if (type.type() instanceof io.cdctoolkit.engine.data.FieldType.Enum) return enumDefault(typeName, expr);
        String placeholder = placeholder(typeName);
        if (placeholder == null) return null;
        if (TRIMMED.contains(typeName)) expr = expr.trim();
        try {
            String text = extract(expr, placeholder);
            if (text == null) return null;
            switch (typeName) {
                case "bool": return Boolean.parseBoolean(text);
                case "int2": return Short.parseShort(text);
                case "int4": return Integer.parseInt(text);
                case "int8": return Long.parseLong(text);
                case "float4": return Float.parseFloat(text);
                case "float8": return Double.parseDouble(text);
                case "numeric": {
                    if (!(type.type() instanceof io.cdctoolkit.engine.data.FieldType.Decimal d)) return null;
                    return new BigDecimal(text).setScale(d.scale(), RoundingMode.UNNECESSARY);
                }
                case "date": return PgTextTypes.date(text);
                case "time": return PgTextTypes.time(text.length() == 5 ? text + ":00" : text);
                case "timestamp": return text.length() == 10 ? PgTextTypes.timestamp(text + " 00:00:00")
                        : PgTextTypes.timestamp(text);
                case "timestamptz": return text.length() == 10 ? PgTextTypes.timestamp(text + " 00:00:00")
                        : PgTextTypes.timestamptz(text);
                default: return type.decoder().decode(text);
            }
        } catch (RuntimeException e) {
            return null; // a default that does not parse is left out, as the Debezium engine leaves it out
        }
    }

    /** What a generated (function) default stands for, per type; null for types without a default parser. */
    private static String placeholder(String typeName) {
        switch (typeName) {
            case "bool": return "false";
            case "bpchar": case "varchar": case "text": return "";
            case "numeric": case "float4": case "float8": return "0.0";
            case "int2": case "int4": case "int8": return "0";
            case "json": case "jsonb": return "{}";
            case "uuid": return "00000000-0000-0000-0000-000000000000";
            case "date": case "timestamp": case "timestamptz": return "1970-01-01";
            case "time": return "00:00";
            case "xml": return "";
            case "interval": return "epoch"; // as Debezium: PGInterval does not parse it, so no default
            case "bit": return "00";
            case "varbit": return "0";
            default: return null;
        }
    }

    /** An enum's default as Debezium reads it: only the literal {@code 'label'::type}, nothing else. */
    private static String enumDefault(String typeName, String expr) {
        String suffix = "::" + typeName;
        if (!expr.endsWith(suffix)) return null;
        String literal = expr.substring(0, expr.length() - suffix.length());
        return literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'")
                ? literal.substring(1, literal.length() - 1) : null;
    }

        private static String extract(String expr, String placeholder) {
        if (FUNCTION.matcher(expr).find() || CURRENT_DATE_TIMES.contains(expr.toLowerCase(java.util.Locale.ROOT))) {
            return placeholder;
        }
        if (!expr.contains("'")) return expr.startsWith("NULL::") ? null : expr;
        Matcher m = LITERAL.matcher(expr);
        return m.find() ? m.group(1) : null;
    }
}
