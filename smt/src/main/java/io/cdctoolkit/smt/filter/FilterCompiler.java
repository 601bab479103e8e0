package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.smt.MissingFieldHint;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Turns a parsed expression into {@link Condition}s for one row schema: paths to indexes, literals to field types. */
final class FilterCompiler {

    /** What a value source yields, for choosing comparisons. */
    private enum Family { INTEGRAL, DECIMAL, FLOATING, STRING, BOOLEAN, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID, OTHER }

    private record Resolved(ValueSource source, Family family, FieldType type) {
        /** Short type name for messages: nested row schemas are not spelled out. */
        String typeName() {
            return switch (type.kind()) {
                case STRUCT, ARRAY, MAP, ENUM -> type.kind().name().toLowerCase(Locale.ROOT);
                default -> type.toString();
            };
        }
    }

    private final RowSchema schema;
    private final boolean envelope;
    private final RowSchema rowSchema;
    private final RowSchema beforeSchema;

    FilterCompiler(RowSchema schema) {
        this.schema = schema;
        this.envelope = Envelope.isEnvelope(schema);
        this.rowSchema = envelope ? Envelope.rowSchema(schema) : schema;
        this.beforeSchema = envelope
                ? ((FieldType.Struct) schema.field(Envelope.BEFORE_INDEX).type()).schema() : null;
    }

    Condition compile(FilterNode node) {
        if (node instanceof FilterNode.Or or) return new Conditions.Or(compile(or.left()), compile(or.right()));
        if (node instanceof FilterNode.And and) return new Conditions.And(compile(and.left()), compile(and.right()));
        if (node instanceof FilterNode.Not not) return new Conditions.Not(compile(not.operand()));
        if (node instanceof FilterNode.IsNull isNull) {
            return new Conditions.IsNull(resolve(isNull.path()).source(), isNull.negated());
        }
        if (node instanceof FilterNode.Comparison c) {
            Resolved r = resolve(c.path());
            if (c.literal() instanceof Literal.Null n) {
                throw new FilterCompileException("a comparison with null is never true; write '" + c.path().text()
                        + " is null' or 'is not null'", n.column());
            }
            if (c.op().isOrdering() && (r.family() == Family.BOOLEAN || r.family() == Family.UUID)) {
                throw new FilterCompileException("operator '" + c.op().symbol() + "' does not apply to " + r.typeName()
                        + " '" + c.path().text() + "' (only =, !=, in)", c.path().column());
            }
            return new Conditions.Compare(r.source(), c.op(), comparator(r, c.path(), c.literal()));
        }
        if (node instanceof FilterNode.In in) {
            Resolved r = resolve(in.path());
            boolean hasNull = false;
            List<ValueComparator> elements = new java.util.ArrayList<>();
            for (Literal literal : in.values()) {
                if (literal instanceof Literal.Null) {
                    hasNull = true;
                } else {
                    elements.add(comparator(r, in.path(), literal));
                }
            }
            return new Conditions.In(r.source(), elements.toArray(ValueComparator[]::new), hasNull, in.negated());
        }
        if (node instanceof FilterNode.Like like) {
            Resolved r = requireString(resolve(like.path()), like.path(), "like");
            return new Conditions.Like(r.source(), LikePattern.compile(like.pattern().value(), like.pattern().column()),
                    like.negated());
        }
        if (node instanceof FilterNode.Matches m) {
            Resolved r = requireString(resolve(m.path()), m.path(), "matches");
            return new Conditions.Matches(r.source(), m.regex(), m.negated());
        }
        throw new IllegalStateException("unhandled node " + node.getClass().getSimpleName());
    }

    private static Resolved requireString(Resolved r, FilterNode.Path path, String operator) {
        if (r.family() != Family.STRING) {
            throw new FilterCompileException("'" + operator + "' applies to strings but '" + path.text() + "' is "
                    + r.typeName(), path.column());
        }
        return r;
    }

    private ValueComparator comparator(Resolved r, FilterNode.Path path, Literal literal) {
        String field = "'" + path.text() + "' (" + r.typeName() + ")";
        switch (r.family()) {
            case INTEGRAL, DECIMAL, FLOATING -> {
                if (!(literal instanceof Literal.Number n)) throw mismatch(field, "a number", literal);
                return r.family() == Family.INTEGRAL ? ValueComparator.integral(n.value())
                        : r.family() == Family.DECIMAL ? ValueComparator.decimal(atScale(n.value(), (FieldType.Decimal) r.type()))
                        : ValueComparator.floating(floatLiteral(r, n, field));
            }
            case STRING -> {
                if (!(literal instanceof Literal.Text t)) throw mismatch(field, "a string", literal);
                return ValueComparator.natural(t.value());
            }
            case BOOLEAN -> {
                if (!(literal instanceof Literal.Bool b)) throw mismatch(field, "true or false", literal);
                return ValueComparator.equality(b.value());
            }
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID -> {
                if (!(literal instanceof Literal.Text t)) throw mismatch(field, "a quoted " + r.typeName(), literal);
                return temporalOrUuid(r.family(), t, field);
            }
            default -> throw new FilterCompileException("field " + field
                    + " can only be tested with 'is null' / 'is not null'", path.column());
        }
    }

    /**
     * The literal at the field's scale when that is exact (values usually carry it, and equal scales
     * keep {@link BigDecimal#compareTo} on its allocation-free path); otherwise unchanged.
     */
    private static BigDecimal atScale(BigDecimal literal, FieldType.Decimal type) {
        try {
            return literal.setScale(type.scale());
        } catch (ArithmeticException inexact) {
            return literal;
        }
    }

    /** The literal in the float field's own type; out of that type's range is an error, not infinity. */
    private static double floatLiteral(Resolved r, Literal.Number n, String field) {
        boolean float32 = r.type().kind() == FieldType.Kind.FLOAT32;
        double d = float32 ? n.value().floatValue() : n.value().doubleValue();
        if (Double.isInfinite(d)) {
            throw new FilterCompileException("the literal is out of range for field " + field, n.column());
        }
        return d;
    }

    /** Parses the literal once into the field's Java type (FieldType's table). */
    private static ValueComparator temporalOrUuid(Family family, Literal.Text t, String field) {
        String text = t.value();
        try {
            return switch (family) {
                case DATE -> ValueComparator.natural(LocalDate.parse(text));
                case TIME -> ValueComparator.natural(LocalTime.parse(text));
                case TIMESTAMP -> ValueComparator.natural(wallClock(text));
                case TIMESTAMP_TZ -> ValueComparator.natural(Instant.parse(text.replaceFirst("^(\\S{10}) ", "$1T")));
                case UUID -> {
                    UUID uuid = UUID.fromString(text);
                    // fromString accepts short groups ("1-1-1-1-1"); only the canonical form is meant.
                    if (!uuid.toString().equalsIgnoreCase(text)) throw new IllegalArgumentException("not canonical");
                    yield ValueComparator.equality(uuid);
                }
                default -> throw new IllegalStateException(family.name());
            };
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new FilterCompileException("the literal for field " + field + " is not a valid "
                    + family.name().toLowerCase(Locale.ROOT) + example(family), t.column());
        }
    }

    /** A zone-less timestamp holds the wall clock read as UTC; a literal may add 'Z' but no other offset. */
    private static Instant wallClock(String text) {
        String local = text.replaceFirst("^(\\S{10}) ", "$1T");
        if (local.endsWith("Z")) local = local.substring(0, local.length() - 1);
        return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC);
    }

    private static String example(Family family) {
        return switch (family) {
            case DATE -> " (e.g. '2024-01-31')";
            case TIME -> " (e.g. '12:30:00')";
            case TIMESTAMP -> " (e.g. '2024-01-31T12:30:00', no zone)";
            case TIMESTAMP_TZ -> " (e.g. '2024-01-31T12:30:00Z' or '…+02:00')";
            case UUID -> " (e.g. '123e4567-e89b-12d3-a456-426614174000')";
            default -> "";
        };
    }

    private static FilterCompileException mismatch(String field, String wanted, Literal literal) {
        String got = literal instanceof Literal.Number ? "a number"
                : literal instanceof Literal.Bool ? "a boolean"
                : literal instanceof Literal.Text t && t.bare() ? "a bare word (a string)"
                : "a string";
        return new FilterCompileException("field " + field + " needs " + wanted + " but the literal is " + got,
                literal.column());
    }

    private Resolved resolve(FilterNode.Path path) {
        if (path.segments().size() == 1 && path.text().equals(path.segments().get(0))) {
            ValueSource.EventName name = switch (path.text()) {
                case "op" -> ValueSource.EventName.OP;
                case "table" -> ValueSource.EventName.TABLE;
                case "schema" -> ValueSource.EventName.SCHEMA;
                case "database" -> ValueSource.EventName.DATABASE;
                default -> null;
            };
            if (name != null) return new Resolved(name, Family.STRING, FieldType.STRING);
        }
        int[] indexes = indexes(rowSchema, path, true);
        FieldType type = fieldAt(rowSchema, indexes);
        if (!envelope) return new Resolved(new ValueSource.FlatField(indexes), family(type), type);
        int[] beforeIndexes = indexes(beforeSchema, path, false);
        if (beforeIndexes != null && !fieldAt(beforeSchema, beforeIndexes).equals(type)) beforeIndexes = null;
        return new Resolved(new ValueSource.EnvelopeField(indexes, beforeIndexes), family(type), type);
    }

    private int[] indexes(RowSchema start, FilterNode.Path path, boolean required) {
        List<String> segments = path.segments();
        int[] indexes = new int[segments.size()];
        RowSchema current = start;
        for (int i = 0; i < segments.size(); i++) {
            int index = current.indexOf(segments.get(i));
            if (index < 0) {
                if (!required) return null;
                String prefix = i == 0 ? "" : String.join(".", segments.subList(0, i)) + ".";
                throw new FilterCompileException("unknown field '" + prefix + segments.get(i) + "'; "
                        + (i == 0 ? "the row " : "'" + prefix.substring(0, prefix.length() - 1) + "' ") + "has "
                        + MissingFieldHint.fieldNames(current)
                        + (i == 0 ? " (and op, table, schema, database)" : "")
                        + MissingFieldHint.didYouMean(segments.get(i), current), path.column());
            }
            indexes[i] = index;
            FieldType type = current.field(index).type();
            if (i < segments.size() - 1) {
                if (!(type instanceof FieldType.Struct s)) {
                    if (!required) return null;
                    throw new FilterCompileException("'" + String.join(".", segments.subList(0, i + 1)) + "' is "
                            + type.kind().name().toLowerCase(Locale.ROOT) + ", not a nested row", path.column());
                }
                current = s.schema();
            }
        }
        return indexes;
    }

    private static FieldType fieldAt(RowSchema start, int[] indexes) {
        RowSchema current = start;
        for (int i = 0; ; i++) {
            FieldType type = current.field(indexes[i]).type();
            if (i == indexes.length - 1) return type;
            current = ((FieldType.Struct) type).schema();
        }
    }

    private static Family family(FieldType type) {
        return switch (type.kind()) {
            case INT8, INT16, INT32, INT64 -> Family.INTEGRAL;
            case DECIMAL -> Family.DECIMAL;
            case FLOAT32, FLOAT64 -> Family.FLOATING;
            case STRING, JSON, ENUM -> Family.STRING;
            case BOOLEAN -> Family.BOOLEAN;
            case DATE -> Family.DATE;
            case TIME -> Family.TIME;
            case TIMESTAMP -> Family.TIMESTAMP;
            case TIMESTAMP_TZ -> Family.TIMESTAMP_TZ;
            case UUID -> Family.UUID;
            case BYTES, ARRAY, MAP, STRUCT -> Family.OTHER;
        };
    }

    RowSchema schema() {
        return schema;
    }
}
