package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SinkDefinition;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.sinks.kafka.KafkaSinkFactory;

import java.util.Map;

/**
 * A config's kafka sink as the commands that reach its brokers besides {@code run} see it ({@code tail --sink}, run's
 * tail hint).
 */
final class ConfiguredKafkaSink {

    private ConfiguredKafkaSink() {
    }

    /** The sink's validated options. */
    static Options options(SinkDefinition definition) throws ConfigException {
        return Options.of(definition.configKeyPath(), new KafkaSinkFactory().spec().options(), definition.config());
    }

    /** How a client connects to the sink's brokers (as its producer does: security and producer blocks). */
    static Map<String, Object> connection(SinkDefinition definition) throws ConfigException {
        return KafkaSinkFactory.clientConnection(options(definition));
    }
}
