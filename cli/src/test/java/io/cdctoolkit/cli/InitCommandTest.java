package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everySourceAndSinkCombinationGivesAConfigThatPassesCheck() throws Exception {
        ComponentCatalog catalog = ComponentCatalog.load();
        for (ComponentFactory<?> source : catalog.sources()) {
            for (ComponentFactory<?> sink : catalog.sinks()) {
                String s = source.spec().name();
                String k = sink.spec().name();
                CliHarness.Result init = CliHarness.run("init", "--source", s, "--sink", k);
                assertThat(init.exitCode()).isZero();
                Path file = tmp.resolve(s + "-" + k + ".yaml");
                Files.writeString(file, init.out());

                Map<String, String> env = new HashMap<>(System.getenv());
                CliHarness.Result check = CliHarness.run(env, "check", "--config", file.toString());

                assertThat(check.err()).as(s + " → " + k + "\n" + init.out())
                        .doesNotContain("not a valid configuration");
            }
        }
    }

    @Test
    void theGeneratedConfigShowsEveryOptionWithItsDoc() {
        CliHarness.Result init = CliHarness.run("init");

        assertThat(init.out()).contains("connector: datagen").contains("# cdc_mode: false")
                .contains("Generate inserts, updates and deletes").contains("# on_error: stop");
    }

    @Test
    void anUnknownSourceIsAUsageError() {
        CliHarness.Result init = CliHarness.run("init", "--source", "oracle-cdc");

        assertThat(init.exitCode()).isEqualTo(2);
        assertThat(init.err()).contains("no source named 'oracle-cdc'").contains("datagen");
    }
}
