package io.cdctoolkit.schema.jsonschema;

import io.cdctoolkit.engine.data.RowSchema;
import org.everit.json.schema.NullSchema;
import org.everit.json.schema.StringSchema;
import org.everit.json.schema.ValidationException;

/**
 * Turns an everit validation failure into a message that names the field and the broken rule but
 * never the value: everit's own messages quote the value ({@code string [x] does not match …}),
 * and values may be personal data.
 */
final class Violations {

    private Violations() {
    }

    /** The message for {@code failure} on a row of {@code schema} whose JSON Schema is titled {@code title}. */
    static String describe(String title, RowSchema schema, ValidationException failure) {
        ValidationException cause = mostSpecific(failure);
        FieldPaths.Located where = FieldPaths.locate(schema, cause.getPointerToViolation());
        return where.describe() + " does not match the JSON Schema " + title + ": " + reason(cause);
    }

    /**
     * The failure that says what is wrong: a nullable value that fails both branches of its
     * {@code oneOf} is reported by its non-null branch (the value is not null, so the null branch's
     * failure says nothing), and nested failures by their innermost cause.
     */
    static ValidationException mostSpecific(ValidationException failure) {
        ValidationException current = failure;
        while (!current.getCausingExceptions().isEmpty()) {
            ValidationException next = null;
            for (ValidationException cause : current.getCausingExceptions()) {
                if (!(cause.getViolatedSchema() instanceof NullSchema)) {
                    next = cause;
                    break;
                }
            }
            if (next == null) break;
            current = next;
        }
        return current;
    }

    private static String reason(ValidationException cause) {
        String keyword = cause.getKeyword() == null ? "" : cause.getKeyword();
        return switch (keyword) {
            // everit's type message names JSON types only ("expected: Integer, found: Null").
            case "type" -> "wrong JSON type (" + cause.getErrorMessage() + ")";
            case "pattern" -> cause.getViolatedSchema() instanceof StringSchema s && s.getPattern() != null
                    ? "the text does not have the shape " + s.getPattern()
                    : "the text does not have the expected shape";
            case "format" -> cause.getViolatedSchema() instanceof StringSchema s && s.getFormatValidator() != null
                    ? "not a valid " + s.getFormatValidator().formatName()
                    : "not in the expected format";
            case "enum" -> "not one of the allowed symbols";
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> "out of the type's range";
            case "required" -> "a field is missing";
            case "additionalProperties" -> "a property the schema does not declare";
            default -> "breaks the '" + keyword + "' rule";
        };
    }
}
