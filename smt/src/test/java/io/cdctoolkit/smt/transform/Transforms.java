package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates transforms as a config entry {@code transforms[0]} would, and runs them on events. */
final class Transforms {

    static final String KEY_PATH = "transforms[0]";

    private Transforms() {
    }

    static Stage create(TransformFactory factory, Map<String, ?> config) throws ConfigException {
        return create(factory, config, null);
    }

    static Stage create(TransformFactory factory, Map<String, ?> config, Map<String, ?> predicate)
            throws ConfigException {
        Options options = options(factory, config);
        Options predicateOptions = predicate == null ? null
                : Options.of(KEY_PATH + ".predicate", TransformFactory.PREDICATE_OPTIONS, predicate);
        return factory.create(options, predicateOptions, new ComponentContext(factory.spec().name(), KEY_PATH, null,
                Path.of("."), new SimpleMeterRegistry()));
    }

    static Options options(TransformFactory factory, Map<String, ?> config) throws ConfigException {
        return Options.of(KEY_PATH + ".config", factory.spec().options(), config);
    }

    /** What the factory's load-time validation reports. */
    static List<ConfigProblem> validate(TransformFactory factory, Map<String, ?> config) throws ConfigException {
        return factory.validate(options(factory, config));
    }

    static List<ChangeEvent> run(Stage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = new ArrayList<>();
        stage.apply(event, out::add);
        return out;
    }

    static ChangeEvent one(Stage stage, ChangeEvent event) throws InvalidDataException {
        List<ChangeEvent> out = run(stage, event);
        if (out.size() != 1) throw new AssertionError("expected one event, got " + out.size());
        return out.get(0);
    }
}
