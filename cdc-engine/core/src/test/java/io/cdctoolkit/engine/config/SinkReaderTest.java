package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cdctoolkit.engine.config.ConfigLoaderTest.SINK;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.load;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.only;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

class SinkReaderTest {

    @Test
    void sinkConfigIsValidatedAgainstItsSpec() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                sinks:
                  k:
                    connector: kafka
                    config: { acks: everyone, producer: { linger.ms: 5 } }
                """;
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("sinks.k.config.bootstrap_servers", "sinks.k.config.acks");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("bootstrap_servers")).singleElement()
                .satisfies(p -> {
                    assertThat(p.message()).contains("required");
                    assertThat(p.line()).as("a missing key points at its parent block").isEqualTo(6);
                });
    }

    @Test
    void rivvenBrokerBlocksAndSinksSayWhatToUseInstead() {
        String yaml = """
                version: "1.0"
                broker:
                  address: localhost:9092
                sources:
                  gen: { connector: datagen }
                sinks:
                  broker:
                    connector: rivven
                    config: { address: localhost:9092 }
                    batch: { max_records: 10000 }
                pipelines:
                  main: { source: gen, sink: broker }
                """;
        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("broker", "sinks.broker.connector", "sinks.broker.batch");
        assertThat(problems).filteredOn(p -> !p.keyPath().endsWith("batch"))
                .allSatisfy(p -> assertThat(p.fix()).contains("connector: kafka").contains("bootstrap_servers"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("batch")).singleElement()
                .satisfies(p -> assertThat(p.fix()).contains("batch_size"));
        assertThat(problems.get(0)).hasToString("examples/test.yaml:2:1: broker: the rivven broker block is not"
                + " supported (" + SinkReader.USE_KAFKA + ")");
    }

    @Test
    void optionsWrittenNextToTheConnectorAreToldToMoveUnderConfig() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                sinks:
                  k:
                    connector: kafka
                    bootstrap_servers: "localhost:9092"
                """;
        assertThat(problems(yaml)).extracting(ConfigLoaderTest::unplaced).containsExactlyInAnyOrder(
                "sinks.k.bootstrap_servers: 'bootstrap_servers' is an option of kafka, not of the sink entry"
                        + " (move it under config:)",
                "sinks.k.config.bootstrap_servers: required option is missing (add bootstrap_servers: <string>)");
    }
}
