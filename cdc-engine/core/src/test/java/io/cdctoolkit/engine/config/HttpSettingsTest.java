package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.config.ConfigLoaderTest.SINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The top-level {@code http} block: off when absent, defaults, and problems located like every other key. */
class HttpSettingsTest {

    private static final String SOURCE = """
            sources:
              gen:
                connector: datagen
                topic: demo
            """;

    @Test
    void absentMeansNoEndpoint() throws ConfigException {
        assertThat(ConfigLoaderTest.load(SOURCE + SINK).httpSettings()).isEmpty();
    }

    @Test
    void anEmptyBlockServesOnLoopbackAtTheDefaultPort() throws ConfigException {
        HttpSettings http = ConfigLoaderTest.load(SOURCE + SINK + "http: {}\n").httpSettings().orElseThrow();
        assertThat(http).isEqualTo(new HttpSettings("127.0.0.1", HttpSettings.DEFAULT_PORT, 60_000));
    }

    @Test
    void givenValuesAreTaken() throws ConfigException {
        HttpSettings http = ConfigLoaderTest.load(SOURCE + SINK
                + "http: { port: 8081, host: 0.0.0.0, ready_max_commit_lag_ms: 5000 }\n").httpSettings().orElseThrow();
        assertThat(http).isEqualTo(new HttpSettings("0.0.0.0", 8081, 5000));
    }

    @Test
    void aMisspelledKeyAndAPortOutOfRangeAreReportedWithFileLineAndKeyPath() {
        String yaml = SOURCE + SINK + """
                http:
                  prot: 8081
                  port: 70000
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(yaml, "ops.yaml", TestCatalog.catalog(), Map.of()));
        List<ConfigProblem> problems = e.problems();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).hasToString("ops.yaml:9:3: http.prot: unknown key 'prot' (did you mean port)");
        assertThat(problems.get(1).toString()).startsWith("ops.yaml:10:3: http.port: ").contains("65535");
    }

    @Test
    void aBlockThatIsNotAMappingIsAProblem() {
        List<ConfigProblem> problems = ConfigLoaderTest.problems(SOURCE + SINK + "http: 8081\n");
        assertThat(ConfigLoaderTest.only(problems).keyPath()).isEqualTo("http");
    }
}
