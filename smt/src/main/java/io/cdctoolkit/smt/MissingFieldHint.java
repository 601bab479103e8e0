package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.OptionValidator;

/**
 * How an error about a field a schema lacks names it: the schema's fields, and the field that was probably meant, as
 * config key errors do.
 */
public final class MissingFieldHint {

    private MissingFieldHint() {
    }

    /**
     * {@code "; did you mean 'email'"} when a field of {@code schema} is near {@code name} (the same "did you mean"
     * rule as an unknown config key), else empty. Names of three characters or fewer get none: too many fields are
     * within reach of them.
     */
    public static String didYouMean(String name, RowSchema schema) {
        if (name.length() <= 3) return "";
        String near = OptionValidator.closest(name, schema.fields().stream().map(Field::name).toList());
        return near == null || near.equals(name) ? "" : "; did you mean '" + near + "'";
    }

    /**
     * {@code "no field 'emial' in schema 'S' (fields: id, email); did you mean 'email'"}: what a transform option
     * naming a field {@code schema} lacks says.
     */
    public static String noField(String name, RowSchema schema) {
        return "no field '" + name + "' in schema '" + schema.name() + "' (fields: " + fieldNames(schema) + ")"
                + didYouMean(name, schema);
    }

    /** The schema's top-level field names, in order, comma-separated. */
    public static String fieldNames(RowSchema schema) {
        return String.join(", ", schema.fields().stream().map(Field::name).toList());
    }
}
