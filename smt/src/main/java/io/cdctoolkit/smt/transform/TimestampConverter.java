package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.smt.FieldRewrites;
import io.cdctoolkit.smt.MissingFields;
import io.cdctoolkit.smt.RowPlan;
import io.cdctoolkit.smt.RowTransform;
import io.cdctoolkit.smt.SchemaMismatchException;

/** {@code timestamp_converter}: converts the named fields between timestamp representations. */
final class TimestampConverter implements RowTransform {

    private final TimestampSettings settings;
    private final MissingFields missing;

    TimestampConverter(TimestampSettings settings, MissingFields missing) {
        this.settings = settings;
        this.missing = missing;
    }

    @Override
    public RowPlan compile(RowSchema schema) throws SchemaMismatchException {
        return FieldRewrites.compile(schema, settings.fields(), settings.option(), missing,
                (input, path) -> TimestampConversions.compile(input, settings, path));
    }
}
