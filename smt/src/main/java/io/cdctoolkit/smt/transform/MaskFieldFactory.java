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

import java.util.ArrayList;
import java.util.List;

/**
 * {@code mask_field} (Kafka {@code org.apache.kafka.connect.transforms.MaskField$Value}): replaces the
 * values of named fields by the type's empty value, a replacement, asterisks, a salted hash or a
 * partial mask, in a flat row or in both rows of a change envelope.
 */
public final class MaskFieldFactory extends SmtFactory {

    static final OptionSpec FIELDS = OptionSpec.stringList(MaskField.FIELDS).required().notBlank()
            .doc("Fields to mask; dotted paths reach into nested rows (address.city)").build();
    static final OptionSpec REPLACEMENT = OptionSpec.string(MaskField.REPLACEMENT)
            .doc("Value every masked field gets instead of its type's empty value, read as the field's type")
            .build();
    static final OptionSpec STRATEGY = OptionSpec.oneOf("strategy", "empty", "asterisks", "hash", "partial")
            .defaultValue("empty")
            .doc("empty (Kafka: the type's empty value or replacement), asterisks, hash (SHA-256 hex) or partial;"
                    + " the last three mask string fields only")
            .build();
    static final OptionSpec SALT = OptionSpec.string("salt").secret()
            .doc("Secret prepended to each value before hashing (strategy: hash)").build();
    static final OptionSpec KEEP_FIRST = OptionSpec.integer("keep_first").min(0)
            .doc("Characters kept at the start (strategy: partial)").build();
    static final OptionSpec KEEP_LAST = OptionSpec.integer("keep_last").min(0)
            .doc("Characters kept at the end (strategy: partial)").build();

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, "mask_field",
            List.of("org.apache.kafka.connect.transforms.MaskField$Value"),
            "Masks field values: the type's empty value (Kafka MaskField), a replacement, asterisks, a salted"
                    + " SHA-256 or a partial mask; in both before and after of a change envelope.",
            List.of(FIELDS, REPLACEMENT, STRATEGY, SALT, KEEP_FIRST, KEEP_LAST, CommonOptions.TARGET,
                    CommonOptions.MISSING_FIELDS));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        return problems(options);
    }

    @Override
    protected Stage create(Options options, TransformContext context) throws ConfigException {
        MaskStrategy strategy = MaskStrategy.parse(options.string(STRATEGY.name()));
        MaskField mask = new MaskField(ConfigLists.entries(options.stringList(FIELDS.name())),
                CommonOptions.missingFields(options), strategy, options.optionalString(REPLACEMENT.name()).orElse(null),
                options.optionalString(SALT.name()).orElse(null), intOrZero(options, KEEP_FIRST),
                intOrZero(options, KEEP_LAST));
        return new RowTransformStage(context, mask, CommonOptions.target(options), RowTransformStage.Sides.BOTH);
    }

    /** Options that are valid one by one but not together (shared with the key variant). */
    static List<ConfigProblem> problems(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        MaskStrategy strategy = MaskStrategy.parse(options.string(STRATEGY.name()));
        String path = options.keyPath() + ".";
        if (options.has(REPLACEMENT.name()) && strategy != MaskStrategy.EMPTY) {
            problems.add(new ConfigProblem(path + REPLACEMENT.name(), "replacement applies to strategy empty only,"
                    + " not " + strategy.text(), "remove replacement or strategy"));
        }
        if (options.has(SALT.name()) && strategy != MaskStrategy.HASH) {
            problems.add(new ConfigProblem(path + SALT.name(), "salt applies to strategy hash only",
                    "set strategy: hash or remove salt"));
        }
        for (OptionSpec keep : List.of(KEEP_FIRST, KEEP_LAST)) {
            if (options.has(keep.name()) && strategy != MaskStrategy.PARTIAL) {
                problems.add(new ConfigProblem(path + keep.name(), keep.name() + " applies to strategy partial only",
                        "set strategy: partial or remove " + keep.name()));
            }
        }
        if (strategy == MaskStrategy.PARTIAL && !options.has(KEEP_FIRST.name()) && !options.has(KEEP_LAST.name())) {
            problems.add(new ConfigProblem(path + STRATEGY.name(), "strategy partial needs keep_first or keep_last",
                    "add keep_first: <n> and/or keep_last: <n>, or use strategy: asterisks"));
        }
        if (ConfigLists.entries(options.stringList(FIELDS.name())).isEmpty()) {
            problems.add(new ConfigProblem(path + FIELDS.name(), "no field to mask", "name at least one field"));
        }
        return problems;
    }

    private static int intOrZero(Options options, OptionSpec spec) {
        return options.has(spec.name()) ? options.integer(spec.name()) : 0;
    }
}
