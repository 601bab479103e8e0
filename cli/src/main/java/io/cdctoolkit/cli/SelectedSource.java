package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;

/**
 * The source a command works on ({@link SourceSelection}), with the config it is in and its factory.
 *
 * @param config  the loaded config
 * @param source  the selected source
 * @param factory the source's factory
 */
record SelectedSource(ToolkitConfig config, SourceDefinition source, SourceFactory factory) {

    /**
     * Loads {@code option}'s config and selects the source named {@code name} (else its only one); null once the reason
     * it cannot (an invalid config, no such source, several and none named) is printed: exit 2.
     */
    static SelectedSource load(CliEnvironment env, ConfigOption option, String name) {
        ToolkitConfig loaded = option.load(env);
        if (loaded == null) return null;
        try {
            SourceDefinition source = SourceSelection.of(loaded, name);
            return new SelectedSource(loaded, source, env.catalog().source(source.connector()).orElseThrow());
        } catch (UsageProblem e) {
            env.err().println("error: " + e.getMessage());
            return null;
        }
    }

    /** The source's validated options. */
    Options options() throws ConfigException {
        return Options.of(source.configKeyPath(), factory.spec().options(), source.config());
    }

    /** A context for the source with its state in {@code stateDir} and a meter registry of its own. */
    ComponentContext context(Path stateDir) {
        return new ComponentContext(source.name(), source.configKeyPath(), source.topic(), stateDir,
                new SimpleMeterRegistry());
    }
}
