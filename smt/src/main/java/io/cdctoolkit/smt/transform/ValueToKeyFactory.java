package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.SmtFactory;
import io.cdctoolkit.smt.TransformContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code value_to_key}: Kafka's {@code org.apache.kafka.connect.transforms.ValueToKey} — the record key
 * becomes a row of value fields (from {@code after}, or {@code before} for deletes, while the value is a
 * change envelope).
 */
public final class ValueToKeyFactory extends SmtFactory {

    static final String FIELDS = "fields";

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, "value_to_key",
            List.of("org.apache.kafka.connect.transforms.ValueToKey"),
            "Kafka's ValueToKey: the record key becomes a row of the named value fields (from after, or before "
                    + "for deletes, while the value is a change envelope)",
            List.of(OptionSpec.stringList(FIELDS).required()
                    .doc("Value fields that make the key, in key order (dotted paths reach into nested rows; the key "
                            + "field takes the last name)").build()));

    /** For {@link java.util.ServiceLoader}. */
    public ValueToKeyFactory() {
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        if (!fields(options).isEmpty()) return List.of();
        return List.of(new ConfigProblem(options.keyPath() + "." + FIELDS, "no field named",
                "list the value fields that make the key, e.g. fields: [id]"));
    }

    @Override
    protected Stage create(Options options, TransformContext context) throws ConfigException {
        return new ValueToKey(context, fields(options));
    }

    /** The names, a comma-separated entry split as Kafka's list syntax does. */
    private static List<String> fields(Options options) {
        List<String> out = new ArrayList<>();
        for (String entry : options.stringList(FIELDS)) {
            for (String part : entry.split(",")) {
                if (!part.isBlank()) out.add(part.trim());
            }
        }
        return out;
    }
}
