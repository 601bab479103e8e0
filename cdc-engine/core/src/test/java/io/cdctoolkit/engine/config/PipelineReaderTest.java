package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.runtime.ErrorPolicy;
import io.cdctoolkit.engine.runtime.PipelineSettings;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.cdctoolkit.engine.config.ConfigLoaderTest.SINK;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.load;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.only;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

class PipelineReaderTest {

    @Test
    void withoutPipelinesEachSourceGoesToTheOnlySink() throws ConfigException {
        String yaml = """
                sources:
                  orders: { connector: datagen }
                  users: { connector: datagen, config: { pattern: users } }
                """ + SINK;
        ToolkitConfig config = load(yaml);

        assertThat(config.pipelines()).containsOnlyKeys("orders", "users");
        PipelineDefinition users = config.pipelines().get("users");
        assertThat(users.source()).isEqualTo("users");
        assertThat(users.sink()).isEqualTo("out");
        assertThat(users.enabled()).isTrue();
        assertThat(users.settings()).isEqualTo(PipelineSettings.defaults());
        assertThat(config.version()).isEqualTo("1.0");
        // relative to the config file's folder (examples/test.yaml), whatever the working directory
        assertThat(config.stateDir()).isEqualTo(Path.of("examples/.cdc-toolkit").toAbsolutePath().normalize());
        assertThat(config.registry()).isEqualTo(RegistryDefinition.disabled());
    }

    @Test
    void twoSinksWithoutPipelinesIsAnError() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                  gen_debug: { connector: datagen }
                sinks:
                  a: { connector: stdout }
                  b: { connector: stdout }
                """;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("pipelines");
        assertThat(problem.message()).contains("2 sinks").contains("a, b");
        assertThat(problem.fix()).contains("add pipelines:");
    }

    @Test
    void pipelinesAreReadWithSettingsAndTransforms() throws ConfigException {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                  gen_debug: { connector: datagen }
                sinks:
                  a: { connector: stdout }
                  b: { connector: kafka, config: { bootstrap.servers: "localhost:9092" } }
                pipelines:
                  to_kafka:
                    source: gen
                    sink: b
                    settings: { on_error: dead_letter, dead_letter_topic: cdc.dlq2, batch_size: "${BATCH:-50}" }
                    transforms:
                      - extract_new_record_state
                      - type: mask_field
                        predicate: { tables: ["public.users"], operations: [c, u] }
                        config: { fields: [ssn] }
                  debug: { source: gen_debug, sink: a, enabled: false }
                """;
        ToolkitConfig config = load(yaml);

        PipelineDefinition toKafka = config.pipelines().get("to_kafka");
        assertThat(toKafka.settings().onError()).isEqualTo(ErrorPolicy.DEAD_LETTER);
        assertThat(toKafka.settings().deadLetterTopic()).isEqualTo("cdc.dlq2");
        assertThat(toKafka.settings().batchSize()).isEqualTo(50);
        assertThat(toKafka.transforms()).extracting(TransformDefinition::type)
                .containsExactly("extract_new_record_state", "mask_field");
        TransformDefinition mask = toKafka.transforms().get(1);
        assertThat(mask.predicate()).containsEntry("tables", List.of("public.users"));
        assertThat(mask.config()).containsEntry("fields", List.of("ssn"));
        assertThat(mask.keyPath()).isEqualTo("pipelines.to_kafka.transforms[1]");
        assertThat(config.enabledPipelines()).extracting(PipelineDefinition::name).containsExactly("to_kafka");
    }

    @Test
    void pipelineErrorsNameTheKey() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                pipelines:
                  main:
                    source: gne
                    sink: out
                    enabled: maybe
                    settings: { on_eror: skip, batch_size: 0 }
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "pipelines.main.source", "pipelines.main.enabled", "pipelines.main.settings.on_eror",
                "pipelines.main.settings.batch_size");
        assertThat(problems.get(0).fix()).startsWith("did you mean gen");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("on_eror")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("did you mean on_error"));
    }

    @Test
    void aSourceReadByTwoPipelinesIsAnErrorAtTheSecond() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                pipelines:
                  first: { source: gen, sink: out }
                  second:
                    source: gen
                    sink: out
                """ + SINK;

        ConfigProblem problem = only(problems(yaml));

        assertThat(problem.keyPath()).isEqualTo("pipelines.second.source");
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.message()).contains("source 'gen' is already read by pipeline 'first'");
        assertThat(problem.fix()).contains("source entry of its own").contains("slot_name");
    }

    @Test
    void nonPositiveSettingsAreRejected() {
        String yaml = """
                sources:
                  gen: { connector: datagen }
                pipelines:
                  main: { source: gen, sink: out, settings: { batch_size: 0, rate_limit: -1 } }
                """ + SINK;
        assertThat(problems(yaml)).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("pipelines.main.settings.batch_size", "pipelines.main.settings.rate_limit");
    }
}
