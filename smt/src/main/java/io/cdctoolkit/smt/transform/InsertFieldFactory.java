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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code insert_field} (Kafka {@code org.apache.kafka.connect.transforms.InsertField$Value}): adds
 * fields with the topic, the source position, the source timestamp or fixed strings; in a change
 * envelope to {@code after} (and {@code before} with {@code apply_to_before}).
 */
public final class InsertFieldFactory extends SmtFactory {

    private static final String SUFFIX_DOC = "; suffix ! = required, ? = optional (the default)";

    static final OptionSpec TOPIC_FIELD = OptionSpec.string("topic_field").aliases("topic.field").notBlank()
            .doc("Field for the event's topic (string)" + SUFFIX_DOC).build();
    static final OptionSpec PARTITION_FIELD = OptionSpec.string("partition_field").aliases("partition.field").notBlank()
            .doc("Field for the Kafka partition (int32): always null, the producer picks the partition after the"
                    + " transforms; cannot be required").build();
    static final OptionSpec OFFSET_FIELD = OptionSpec.string("offset_field").aliases("offset.field").notBlank()
            .doc("Field for the event's source position as text, e.g. lsn=2345 (there is no Kafka offset before"
                    + " producing)" + SUFFIX_DOC).build();
    static final OptionSpec TIMESTAMP_FIELD = OptionSpec.string("timestamp_field").aliases("timestamp.field")
            .notBlank().doc("Field for when the change happened in the source (timestamp_tz)" + SUFFIX_DOC).build();
    static final OptionSpec STATIC_FIELD = OptionSpec.string("static_field").aliases("static.field").notBlank()
            .doc("Field for static_value (string)" + SUFFIX_DOC).build();
    static final OptionSpec STATIC_VALUE = OptionSpec.string("static_value").aliases("static.value")
            .doc("The string static_field holds").build();
    static final OptionSpec STATIC_FIELDS = OptionSpec.map("static_fields")
            .doc("More fixed string fields, name: value (names take the ! / ? suffix too)").build();
    static final OptionSpec APPLY_TO_BEFORE = OptionSpec.bool("apply_to_before").defaultValue(false)
            .doc("In a change envelope, insert into before as well as after").build();

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, "insert_field",
            List.of("org.apache.kafka.connect.transforms.InsertField$Value"),
            "Adds fields holding the topic, the source position, the source timestamp or fixed strings;"
                    + " in a change envelope to after (and before with apply_to_before).",
            List.of(TOPIC_FIELD, PARTITION_FIELD, OFFSET_FIELD, TIMESTAMP_FIELD, STATIC_FIELD, STATIC_VALUE,
                    STATIC_FIELDS, APPLY_TO_BEFORE, CommonOptions.TARGET));

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
        RowTransformStage.Sides sides = options.bool(APPLY_TO_BEFORE.name()) ? RowTransformStage.Sides.BOTH
                : RowTransformStage.Sides.AFTER;
        return new RowTransformStage(context, new InsertField(insertions(options)), CommonOptions.target(options),
                sides);
    }

    /** The configured fields, in Kafka's order (topic, partition, offset, timestamp, static), then static_fields. */
    static List<Insertion> insertions(Options options) {
        List<Insertion> out = new ArrayList<>();
        add(out, options, TOPIC_FIELD, new InsertedValue.Topic());
        add(out, options, PARTITION_FIELD, new InsertedValue.Partition());
        add(out, options, OFFSET_FIELD, new InsertedValue.Offset());
        add(out, options, TIMESTAMP_FIELD, new InsertedValue.Timestamp());
        if (options.has(STATIC_FIELD.name()) && options.has(STATIC_VALUE.name())) {
            add(out, options, STATIC_FIELD, new InsertedValue.Static(options.string(STATIC_VALUE.name())));
        }
        for (Map.Entry<String, Object> e : options.map(STATIC_FIELDS.name()).entrySet()) {
            if (e.getValue() instanceof Map || e.getValue() instanceof List) continue; // reported by problems()
            out.add(Insertion.parse(STATIC_FIELDS.name(), e.getKey(),
                    new InsertedValue.Static(e.getValue() == null ? null : e.getValue().toString())));
        }
        return out;
    }

    private static void add(List<Insertion> out, Options options, OptionSpec spec, InsertedValue value) {
        options.optionalString(spec.name()).ifPresent(text -> out.add(Insertion.parse(spec.name(), text, value)));
    }

    /** Options that are valid one by one but not together (shared with the key variant). */
    static List<ConfigProblem> problems(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        String path = options.keyPath() + ".";
        if (options.has(STATIC_FIELD.name()) != options.has(STATIC_VALUE.name())) {
            String missing = options.has(STATIC_FIELD.name()) ? STATIC_VALUE.name() : STATIC_FIELD.name();
            problems.add(new ConfigProblem(path + missing, "static_field and static_value go together",
                    "add " + missing));
        }
        options.map(STATIC_FIELDS.name()).forEach((name, value) -> {
            if (value instanceof Map || value instanceof List) {
                problems.add(new ConfigProblem(path + STATIC_FIELDS.name() + "." + name,
                        "a static field holds a string, not a list or mapping", null));
            }
        });
        List<Insertion> insertions = insertions(options);
        if (insertions.isEmpty() && problems.isEmpty()) {
            problems.add(new ConfigProblem(path.substring(0, path.length() - 1), "no field to insert",
                    "set topic_field, offset_field, timestamp_field, static_field + static_value or static_fields"));
        }
        Set<String> names = new HashSet<>();
        for (Insertion insertion : insertions) {
            String at = path + insertion.option()
                    + (insertion.option().equals(STATIC_FIELDS.name()) ? "." + insertion.name() : "");
            if (insertion.name().isBlank()) {
                problems.add(new ConfigProblem(at, "the field name is empty", null));
            } else if (!names.add(insertion.name())) {
                problems.add(new ConfigProblem(at, "field '" + insertion.name() + "' is inserted twice",
                        "give each inserted field its own name"));
            }
            if (insertion.value() instanceof InsertedValue.Partition && !insertion.optional()) {
                problems.add(new ConfigProblem(at, "the Kafka partition is not known until the producer picks it,"
                        + " after the transforms: the field is always null and cannot be required (!)",
                        "drop the ! suffix, or drop partition_field"));
            }
            if (insertion.value() instanceof InsertedValue.Static s && s.value() == null && !insertion.optional()) {
                problems.add(new ConfigProblem(at, "required field (suffix !) without a value", null));
            }
        }
        return problems;
    }
}
