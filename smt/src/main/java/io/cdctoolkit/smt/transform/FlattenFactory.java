package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.CommonOptions;
import io.cdctoolkit.smt.RowTransformStage;
import io.cdctoolkit.smt.SmtFactory;
import io.cdctoolkit.smt.TransformContext;

import java.util.List;

/**
 * {@code flatten} (Kafka's {@code org.apache.kafka.connect.transforms.Flatten$Value}): nested rows
 * become top-level fields. On a change envelope, {@code before} and {@code after} are flattened, not
 * the envelope itself.
 */
public final class FlattenFactory extends SmtFactory {

    static final String NAME = "flatten";

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, NAME,
            List.of("org.apache.kafka.connect.transforms.Flatten$Value"),
            "Makes nested rows top-level fields named a.b.c (arrays and maps are kept). On a change envelope "
                    + "the before and after rows are flattened.",
            List.of(OptionSpec.string("delimiter").defaultValue(".")
                            .doc("Put between the names of a nested field's path").build(),
                    OptionSpec.integer("max_depth").defaultValue(0).min(0)
                            .doc("Levels of nested rows to merge into the top level; deeper rows stay nested. "
                                    + "0 = all (Kafka's Flatten has no limit)").build(),
                    CommonOptions.TARGET));

    /** For the {@link java.util.ServiceLoader}. */
    public FlattenFactory() {
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    protected Stage create(Options options, TransformContext context) {
        Flatten flatten = new Flatten(options.string("delimiter"), options.integer("max_depth"));
        return new RowTransformStage(context, flatten, CommonOptions.target(options), RowTransformStage.Sides.BOTH);
    }
}
