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
import java.util.Optional;

/**
 * {@code timestamp_converter} (Kafka's {@code org.apache.kafka.connect.transforms.TimestampConverter$Value}):
 * converts named fields between timestamps, dates, times, Unix integers and formatted strings, in UTC,
 * in {@code before} and {@code after} of a change envelope. A value that would lose digits in the
 * target unit is an error; integers are read in the configured unit, never guessed from magnitude.
 */
public final class TimestampConverterFactory extends SmtFactory {

    static final OptionSpec FIELD = OptionSpec.string(TimestampSettings.FIELD)
            .doc("The field to convert (Kafka); a dotted path reaches a nested row").build();
    static final OptionSpec FIELDS = OptionSpec.stringList(TimestampSettings.FIELDS)
            .doc("The fields to convert (list form)").build();
    static final OptionSpec TARGET_TYPE = OptionSpec.oneOf(TimestampSettings.TARGET_TYPE,
                    TimestampTarget.SPELLINGS.toArray(String[]::new)).aliases("target.type").required()
            .doc("string (with format), unix (with unix_precision), Date, Time, Timestamp; aliases iso8601,"
                    + " epoch_secs, epoch_millis, epoch_micros, date, time, timestamp")
            .build();
    static final OptionSpec FORMAT = OptionSpec.string(TimestampSettings.FORMAT)
            .doc("A java.time pattern for string output and string input; default ISO-8601 with microseconds,"
                    + " e.g. 2024-01-31T12:00:00.000000Z")
            .build();
    static final OptionSpec UNIX_PRECISION = OptionSpec.oneOf(TimestampSettings.UNIX_PRECISION,
                    "seconds", "milliseconds", "microseconds", "nanoseconds").aliases("unix.precision")
            .doc("Unit of int64 input and unix output (default milliseconds); digits the unit cannot hold are an"
                    + " error")
            .build();
    static final OptionSpec REPLACE_NULL_WITH_DEFAULT = OptionSpec.bool("replace_null_with_default")
            .aliases("replace.null.with.default").defaultValue(false)
            .doc("Kafka replaces a null by the field's default; here a null stays null (only false is accepted)")
            .build();

    private static final ComponentSpec COMPONENT = new ComponentSpec(ComponentKind.TRANSFORM, "timestamp_converter",
            List.of("org.apache.kafka.connect.transforms.TimestampConverter$Value"),
            "Converts fields between timestamps, dates, times, Unix integers and strings (Kafka TimestampConverter)",
            List.of(FIELD, FIELDS, TARGET_TYPE, FORMAT, UNIX_PRECISION, CommonOptions.TARGET,
                    CommonOptions.MISSING_FIELDS, REPLACE_NULL_WITH_DEFAULT));

    /** For {@link java.util.ServiceLoader}. */
    public TimestampConverterFactory() {
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
        TimestampSettings.Parsed parsed = parse(options);
        if (parsed.settings().isEmpty()) throw new ConfigException(parsed.problems());
        return new RowTransformStage(context,
                new TimestampConverter(parsed.settings().get(), CommonOptions.missingFields(options)),
                CommonOptions.target(options), RowTransformStage.Sides.BOTH);
    }

    static TimestampSettings.Parsed parse(Options options) {
        TimestampSettings.Parsed parsed = TimestampSettings.parse(options.keyPath(),
                options.optionalString(TimestampSettings.FIELD).orElse(null),
                options.stringList(TimestampSettings.FIELDS), options.string(TimestampSettings.TARGET_TYPE),
                options.optionalString(TimestampSettings.UNIX_PRECISION).orElse(null),
                options.optionalString(TimestampSettings.FORMAT).orElse(null));
        ConfigProblem nulls = NullDefaults.problem(options, REPLACE_NULL_WITH_DEFAULT);
        if (nulls == null) return parsed;
        List<ConfigProblem> problems = new ArrayList<>(parsed.problems());
        problems.add(nulls);
        return new TimestampSettings.Parsed(Optional.empty(), problems);
    }
}
