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
import java.util.Set;

/**
 * {@code replace_field}, alias {@code rename_field} (Kafka
 * {@code org.apache.kafka.connect.transforms.ReplaceField$Value}): keeps, drops and renames top-level
 * fields; in a change envelope in both {@code before} and {@code after}.
 */
public final class ReplaceFieldFactory extends SmtFactory {

    static final OptionSpec INCLUDE = OptionSpec.stringList(ReplaceField.INCLUDE).aliases("whitelist").notBlank()
            .doc("Fields to keep (all when empty); exclude wins over include").build();
    static final OptionSpec EXCLUDE = OptionSpec.stringList(ReplaceField.EXCLUDE).aliases("blacklist").notBlank()
            .doc("Fields to drop").build();
    static final OptionSpec RENAMES = OptionSpec.stringList(ReplaceField.RENAMES).notBlank()
            .doc("Renames old:new, applied at once after include/exclude (a:b,b:a swaps)").build();
    static final OptionSpec REPLACE_NULL_WITH_DEFAULT = OptionSpec.bool("replace_null_with_default")
            .aliases("replace.null.with.default").defaultValue(false)
            .doc("Turn a null into the field's declared default (Kafka's default is true; here nulls stay as the"
                    + " source holds them unless set)").build();

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, "replace_field",
            List.of("rename_field", "org.apache.kafka.connect.transforms.ReplaceField$Value"),
            "Keeps, drops and renames top-level fields (Kafka ReplaceField); in both before and after of a change"
                    + " envelope.",
            List.of(INCLUDE, EXCLUDE, RENAMES, REPLACE_NULL_WITH_DEFAULT, CommonOptions.TARGET,
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
        List<ConfigProblem> problems = new ArrayList<>();
        Renames renames = Renames.parse(ConfigLists.entries(options.stringList(RENAMES.name())),
                options.keyPath() + "." + RENAMES.name(), problems);
        problems.addAll(otherProblems(options));
        if (!problems.isEmpty()) throw new ConfigException(problems);
        ReplaceField replace = new ReplaceField(names(options, INCLUDE), names(options, EXCLUDE), renames,
                CommonOptions.missingFields(options), options.bool(REPLACE_NULL_WITH_DEFAULT.name()));
        return new RowTransformStage(context, replace, CommonOptions.target(options), RowTransformStage.Sides.BOTH);
    }

    /** Options that are valid one by one but not together (shared with the key variant). */
    static List<ConfigProblem> problems(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        Renames.parse(ConfigLists.entries(options.stringList(RENAMES.name())), options.keyPath() + "." + RENAMES.name(),
                problems);
        problems.addAll(otherProblems(options));
        return problems;
    }

    private static List<ConfigProblem> otherProblems(Options options) {
        if (!names(options, INCLUDE).isEmpty() || !names(options, EXCLUDE).isEmpty()
                || !options.stringList(RENAMES.name()).isEmpty()) {
            return List.of();
        }
        return List.of(new ConfigProblem(options.keyPath(), "nothing to replace",
                "set include, exclude or renames"));
    }

    private static Set<String> names(Options options, OptionSpec spec) {
        return Set.copyOf(ConfigLists.entries(options.stringList(spec.name())));
    }
}
