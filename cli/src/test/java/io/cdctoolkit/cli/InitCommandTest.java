package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ConfigLoader;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class InitCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everySourceAndSinkCombinationGivesAConfigThatLoadsWithoutProblems() throws Exception {
        ComponentCatalog catalog = ComponentCatalog.load();
        for (ComponentFactory<?> source : catalog.sources()) {
            for (ComponentFactory<?> sink : catalog.sinks()) {
                String s = source.spec().name();
                String k = sink.spec().name();
                CliHarness.Result init = CliHarness.run("init", "--source", s, "--sink", k);
                assertThat(init.exitCode()).isZero();
                Path file = tmp.resolve(s + "-" + k + ".yaml");
                Files.writeString(file, init.out());

                // Loading is what `check` does before it connects anywhere; placeholders get values.
                Map<String, String> env = new HashMap<>();
                Matcher variables = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(init.out());
                while (variables.find()) env.put(variables.group(1), "x");

                assertThatCode(() -> ConfigLoader.load(file, catalog, env)).as(s + " → " + k + "\n" + init.out())
                        .doesNotThrowAnyException();
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
