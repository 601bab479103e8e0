package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.CommonOptions;
import io.cdctoolkit.smt.RowTransformStage;
import io.cdctoolkit.smt.SmtFactory;
import io.cdctoolkit.smt.TransformContext;

import java.util.List;

/**
 * {@code cast} (Kafka's {@code org.apache.kafka.connect.transforms.Cast$Value}): converts named fields
 * to int8 … int64, float32, float64, boolean or string, in {@code before} and {@code after} of a change
 * envelope. A value that does not convert exactly is an error naming the field, never a wrapped number
 * or a null.
 */
public final class CastFactory extends SmtFactory {

    static final OptionSpec SPEC = OptionSpec.stringList(CastSpec.SPEC)
            .doc("Kafka form: field:type pairs, comma-separated or a list (\"id:int32,price:string\");"
                    + " types int8, int16, int32, int64, float32, float64, boolean, string")
            .wrongShapeFix("spec takes field:type text, e.g. spec: \"id:int32,price:string\"; a mapping of field to"
                    + " type goes under specs, e.g. specs: { id: int32 }")
            .build();
    static final OptionSpec SPECS = OptionSpec.map(CastSpec.SPECS)
            .doc("rivven form: a map of field to type ({ id: int32 }); dotted paths reach nested rows").build();
    static final OptionSpec REPLACE_NULL_WITH_DEFAULT = OptionSpec.bool("replace_null_with_default")
            .aliases("replace.null.with.default").defaultValue(false)
            .doc("Kafka replaces a null by the field's default; here a null stays null (only false is accepted)")
            .build();

    private static final ComponentSpec COMPONENT = new ComponentSpec(ComponentKind.TRANSFORM, "cast",
            List.of("org.apache.kafka.connect.transforms.Cast$Value"),
            "Casts fields to another type (Kafka Cast); values that do not convert exactly are errors",
            List.of(SPEC, SPECS, CommonOptions.TARGET, CommonOptions.MISSING_FIELDS, REPLACE_NULL_WITH_DEFAULT));

    /** For {@link java.util.ServiceLoader}. */
    public CastFactory() {
    }

    @Override
    public ComponentSpec spec() {
        return COMPONENT;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        return parse(options).problems();
    }

    @Override
    protected Stage create(Options options, TransformContext context) throws ConfigException {
        CastSpec.Parsed parsed = parse(options);
        if (parsed.spec().isEmpty()) throw new ConfigException(parsed.problems());
        return new RowTransformStage(context, new Cast(parsed.spec().get(), CommonOptions.missingFields(options)),
                CommonOptions.target(options), RowTransformStage.Sides.BOTH);
    }

    private static CastSpec.Parsed parse(Options options) {
        CastSpec.Parsed parsed = CastSpec.parse(options.keyPath(), options.stringList(CastSpec.SPEC),
                options.map(CastSpec.SPECS));
        ConfigProblem nulls = NullDefaults.problem(options, REPLACE_NULL_WITH_DEFAULT);
        if (nulls == null) return parsed;
        List<ConfigProblem> problems = new java.util.ArrayList<>(parsed.problems());
        problems.add(nulls);
        return new CastSpec.Parsed(java.util.Optional.empty(), problems);
    }
}
