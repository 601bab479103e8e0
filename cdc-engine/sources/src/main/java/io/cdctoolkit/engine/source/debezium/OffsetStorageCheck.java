package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.BootstrapProbe;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code check}'s {@code offset_storage} item for a source whose offsets are in Kafka ({@code offset_storage: kafka},
 * every database source): whether any of {@code kafka_bootstrap_servers} takes a connection. Without one the source
 * cannot start (it reads its offsets first), so nothing listening fails the check at once instead of after the
 * Kafka clients' minute of retries.
 */
public final class OffsetStorageCheck {

    /** The item's name. */
    public static final String CHECK = "offset_storage";

    private OffsetStorageCheck() {
    }

    /** {@code report} with the item added when the offsets are in Kafka; {@code report} itself otherwise. */
    public static PrerequisiteReport added(PrerequisiteReport report, Options options) {
        return of(options).map(report::with).orElse(report);
    }

    /**
     * {@code "the offsets topic 'T' cannot be reached: nothing accepts connections at H:P (connection refused)"} when
     * no broker address takes a TCP connection; empty when one does (Kafka's clients then tell the rest). What the
     * check item, a source's start and the offsets store say alike.
     */
    public static Optional<String> unreachable(String bootstrapServers, String topic) {
        return BootstrapProbe.nothingListens(bootstrapServers, BootstrapProbe.MOST_PER_ADDRESS)
                .map(why -> "the offsets topic '" + topic + "' cannot be reached: " + why);
    }

    /** The fix of a check item that could not read the saved offsets: where they are kept. */
    public static String unreadableOffsetsFix(Options options, Path stateDir) {
        return "kafka".equals(options.string("offset_storage")) ? "check kafka_bootstrap_servers and offset_topic"
                : "check the state directory " + stateDir;
    }

    /** The item, when the offsets are in Kafka and the brokers are named. */
    public static Optional<PrerequisiteCheck> of(Options options) {
        if (!"kafka".equals(options.string("offset_storage"))) return Optional.empty();
        Optional<String> brokers = options.optionalString("kafka_bootstrap_servers");
        if (brokers.isEmpty()) return Optional.empty(); // a config error, reported when the config is loaded
        String topic = options.string("offset_topic");
        return Optional.of(unreachable(brokers.get(), topic)
                .map(why -> PrerequisiteCheck.fail(CHECK, why, "check kafka_bootstrap_servers, and that those Kafka"
                        + " brokers are up"))
                .orElseGet(() -> PrerequisiteCheck.pass(CHECK, "offsets in Kafka topic '" + topic + "' on "
                        + brokers.get() + " (a broker takes connections)")));
    }
}
