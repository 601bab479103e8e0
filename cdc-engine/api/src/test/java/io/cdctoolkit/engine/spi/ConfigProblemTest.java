package io.cdctoolkit.engine.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigProblemTest {

    @Test
    void rendersOnlyThePartsThatAreKnown() {
        ConfigProblem bare = new ConfigProblem("sinks.k.config.acks", "'x' is not one of [0, 1, all]", null);
        assertThat(bare).hasToString("sinks.k.config.acks: 'x' is not one of [0, 1, all]");
        assertThat(bare.at("cdc.yaml", 0, 0)).hasToString("cdc.yaml: sinks.k.config.acks: 'x' is not one of [0, 1, all]");
        assertThat(bare.at("cdc.yaml", 12, 0)).hasToString("cdc.yaml:12: sinks.k.config.acks: 'x' is not one of [0, 1, all]");
        assertThat(new ConfigProblem("", "the file is empty", "run init").at("cdc.yaml", 0, 0))
                .hasToString("cdc.yaml: the file is empty (run init)");
    }

    @Test
    void exceptionMessageListsEveryProblemOnItsOwnLine() {
        ConfigException e = new ConfigException(List.of(
                new ConfigProblem("a", "first", null).at("f.yaml", 1, 1),
                new ConfigProblem("b", "second", "fix it").at("f.yaml", 2, 3)));
        assertThat(e.getMessage()).isEqualTo("f.yaml:1:1: a: first\nf.yaml:2:3: b: second (fix it)");
    }
}
