package io.cdctoolkit.cli;

import io.cdctoolkit.sinks.kafka.TailOptions;
import io.cdctoolkit.sinks.kafka.TopicTailer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tail}: prints a topic's records as JSON lines (key, value, headers, partition, offset). */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a Kafka topic's records as JSON lines (key, value, headers, partition, offset).")
final class TailCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = {"-b", "--bootstrap"}, required = true, paramLabel = "SERVERS",
            description = "Broker list, or 'embedded' for the embedded broker of a quickstart run.")
    String bootstrap;

    @CommandLine.Option(names = {"-t", "--topic"}, required = true, description = "Topic to read.")
    String topic;

    @CommandLine.Option(names = "--from-beginning", description = "Start at the earliest offset (default: the end).")
    boolean fromBeginning;

    @CommandLine.Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @CommandLine.Option(names = "--group", paramLabel = "G",
            description = "Consumer group (commits what was printed); default: no group, every partition.")
    String group;

    @CommandLine.Option(names = "--idle-timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "Also stop after this long without a record (e.g. 5s).")
    Duration idleTimeout;

    @CommandLine.Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".cdc-toolkit",
            description = "state_dir of the run whose embedded broker to read (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @CommandLine.Option(names = "--embedded-port", paramLabel = "PORT",
            defaultValue = "" + io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker.DEFAULT_PORT,
            description = "Port of the embedded broker (the sink's embedded_port; default: ${DEFAULT-VALUE}).")
    int embeddedPort;

    @Override
    public Integer call() throws Exception {
        logging.apply();
        CliEnvironment env = parent.environment();
        TailOptions.Builder options = TailOptions.builder(bootstrap, topic).fromBeginning(fromBeginning)
                .group(group).idleTimeout(idleTimeout)
                .embeddedDir(io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker.defaultDataDir(stateDir))
                .embeddedPort(embeddedPort);
        if (max != null) {
            if (max < 1) {
                env.err().println("error: --max must be at least 1");
                return ExitCodes.CONFIG_ERROR;
            }
            options.max(max);
        }
        TopicTailer tailer = new TopicTailer();
        try (StopOnSignal signals = StopOnSignal.install(tailer::stop)) {
            long printed = tailer.tail(options.build(), env.out());
            env.err().println(printed + " record(s) from " + topic);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            env.err().println("error: cannot reach Kafka at " + bootstrap + ": " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
    }
}
