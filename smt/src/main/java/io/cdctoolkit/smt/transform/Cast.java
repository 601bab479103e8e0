package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.smt.FieldRewrites;
import io.cdctoolkit.smt.MissingFields;
import io.cdctoolkit.smt.RowPlan;
import io.cdctoolkit.smt.RowTransform;
import io.cdctoolkit.smt.SchemaMismatchException;

/** {@code cast}: converts the named fields of a row to the types of its spec (see {@link CastConversions}). */
final class Cast implements RowTransform {

    private final CastSpec spec;
    private final MissingFields missing;

    Cast(CastSpec spec, MissingFields missing) {
        this.spec = spec;
        this.missing = missing;
    }

    @Override
    public RowPlan compile(RowSchema schema) throws SchemaMismatchException {
        return FieldRewrites.compile(schema, spec.paths(), spec.option(), missing,
                (input, path) -> CastConversions.compile(input, spec.casts().get(path), path, spec.option()));
    }
}
