package io.cdctoolkit.smt;

import io.cdctoolkit.engine.spi.OptionSpec;

/** Options several transforms share, declared once so that docs and validation agree. */
public final class CommonOptions {

    /** {@code target}: key or value (Kafka's {@code $Key} / {@code $Value} variants). */
    public static final OptionSpec TARGET = OptionSpec.oneOf("target", "value", "key").defaultValue("value")
            .doc("Which part of the record to change: value (Kafka's $Value) or key ($Key)").build();

    /** {@code missing_fields}: what a schema without a named field means. */
    public static final OptionSpec MISSING_FIELDS = OptionSpec.oneOf("missing_fields", "error", "ignore")
            .defaultValue("error")
            .doc("A named field missing from a table's schema: error (found by check) or ignore (as Kafka does)")
            .build();

    private CommonOptions() {
    }

    /** The target an {@link io.cdctoolkit.engine.spi.Options} holds ({@link #TARGET}). */
    public static RowTransformStage.Target target(io.cdctoolkit.engine.spi.Options options) {
        return RowTransformStage.Target.parse(options.string(TARGET.name()));
    }

    /** The missing-field policy an {@link io.cdctoolkit.engine.spi.Options} holds ({@link #MISSING_FIELDS}). */
    public static MissingFields missingFields(io.cdctoolkit.engine.spi.Options options) {
        return MissingFields.parse(options.string(MISSING_FIELDS.name()));
    }
}
