package io.cdctoolkit.smt;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.OptionValidator;

/** What an error about a field a schema lacks adds: the field that was probably meant, as config key errors do. */
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
}
