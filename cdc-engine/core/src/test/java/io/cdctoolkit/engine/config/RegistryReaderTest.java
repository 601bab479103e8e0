package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cdctoolkit.engine.config.ConfigLoaderTest.SINK;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.load;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.only;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

class RegistryReaderTest {

    @Test
    void schemaRegistryModeSelectsAndValidatesItsBlock() throws ConfigException {
        String yaml = """
                schema_registry:
                  mode: external
                  external: { url: "http://localhost:8081", username: "${SR_USER:-}", auto_register: false }
                """ + """
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        RegistryDefinition registry = load(yaml).registry();
        assertThat(registry.mode()).isEqualTo("external");
        assertThat(registry.format()).isEqualTo("avro");
        assertThat(registry.options()).containsEntry("url", "http://localhost:8081").containsEntry("username", "");
        assertThat(registry.optionsKeyPath()).isEqualTo("schema_registry.external");
    }

    @Test
    void schemaRegistryProblems() {
        String yaml = """
                schema_registry:
                  mode: extrenal
                  format: avr
                  external: { urll: x }
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "schema_registry.mode", "schema_registry.format", "schema_registry.external.urll",
                "schema_registry.external.url");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("mode")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("did you mean external; known: disabled, external"));
    }

    @Test
    void disabledRegistryOnlyWritesJson() {
        String yaml = """
                schema_registry: { mode: disabled, format: protobuf }
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("schema_registry.format");
        assertThat(problem.fix()).contains("format: json");
    }

    @Test
    void aModesOptionWrittenNextToModeIsToldWhichBlockTakesIt() {
        String selected = """
                schema_registry: { mode: external, url: "http://localhost:8081" }
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        assertThat(problems(selected)).filteredOn(p -> p.keyPath().equals("schema_registry.url")).singleElement()
                .extracting(ConfigLoaderTest::unplaced).isEqualTo("schema_registry.url: 'url' is an option of the external registry, not of"
                        + " schema_registry (move it under external:)");

        String other = """
                schema_registry: { url: "http://localhost:8081", urll: x }
                sources:
                  gen: { connector: datagen }
                """ + SINK;
        assertThat(problems(other)).extracting(ConfigLoaderTest::unplaced).containsExactlyInAnyOrder(
                "schema_registry.url: 'url' is an option of the external registry, not of schema_registry"
                        + " (move it under external: and set mode: external)",
                "schema_registry.urll: unknown key 'urll' (known keys: mode, format, disabled, external)");
    }
}
