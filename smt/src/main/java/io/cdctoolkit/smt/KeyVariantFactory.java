package io.cdctoolkit.smt;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key variant of a transform that has a {@code target} option, under its own name
 * ({@code mask_field_key}) and Kafka's {@code $Key} class name: {@code type:
 * org.apache.kafka.connect.transforms.MaskField$Key} then means {@code mask_field} with
 * {@code target: key}, as in Kafka Connect.
 */
public abstract class KeyVariantFactory extends SmtFactory {

    private final SmtFactory value;
    private final ComponentSpec spec;

    /**
     * @param value      the value transform's factory (whose spec has {@link CommonOptions#TARGET})
     * @param kafkaClass Kafka's key class name, e.g. {@code org.apache.kafka.connect.transforms.MaskField$Key}
     */
    protected KeyVariantFactory(SmtFactory value, String kafkaClass) {
        this.value = value;
        ComponentSpec base = value.spec();
        List<OptionSpec> options = base.options().stream().filter(o -> !o.name().equals(CommonOptions.TARGET.name()))
                .toList();
        this.spec = new ComponentSpec(ComponentKind.TRANSFORM, base.name() + "_key", List.of(kafkaClass),
                base.name() + " on the record key (the same as " + base.name() + " with target: key). " + base.doc(),
                options);
    }

    @Override
    public final ComponentSpec spec() {
        return spec;
    }

    @Override
    protected final Stage create(Options options, TransformContext context) throws ConfigException {
        return value.create(valueOptions(options), context);
    }

    /** The value transform's own checks, on the same options with {@code target: key}. */
    @Override
    public final List<ConfigProblem> validate(Options options) {
        try {
            return value.validate(valueOptions(options));
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    private Options valueOptions(Options options) throws ConfigException {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (options.has(o.name())) raw.put(o.name(), options.raw(o.name()));
        }
        raw.put(CommonOptions.TARGET.name(), "key");
        return Options.of(options.keyPath(), value.spec().options(), raw);
    }
}
