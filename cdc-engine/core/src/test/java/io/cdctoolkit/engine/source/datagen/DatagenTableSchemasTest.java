package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.TableSchemas;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code tableSchemas} gives the schemas the datagen reader's events carry, for every pattern. */
class DatagenTableSchemasTest {

    static final List<String> PATTERNS = DatagenPattern.NAMES;

    @TempDir
    Path state;

    @ParameterizedTest
    @FieldSource("PATTERNS")
    void schemasAreThoseOfTheGeneratedEvents(String pattern) throws Exception {
        Map<String, Object> config = DatagenFixtures.config("pattern", pattern, "cdc_mode", true, "max_events", 50,
                "custom_fields", DatagenFixtures.ordered("env", "test", "version", 1));
        TableSchemas schemas = new DatagenSourceFactory().tableSchemas(DatagenFixtures.options(config),
                ComponentContext.of("gen", state), generatedTable(config));

        List<ChangeEvent> events = DatagenFixtures.read(DatagenFixtures.reader(config, state), 50);

        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.table()).isEqualTo(schemas.table());
            assertThat(e.topic()).isEqualTo(schemas.topic());
            assertThat(e.key().schema()).isEqualTo(schemas.key());
            assertThat(e.value().schema()).isEqualTo(schemas.value());
        });
    }

    @Test
    void anotherTableIsAConfigError() throws Exception {
        Map<String, Object> config = DatagenFixtures.config();
        TableId other = new TableId("elsewhere", null, "t");

        assertThatThrownBy(() -> new DatagenSourceFactory().tableSchemas(DatagenFixtures.options(config),
                ComponentContext.of("gen", state), other))
                .isInstanceOf(ConfigException.class).hasMessageContaining("elsewhere.t");
    }

    private static TableId generatedTable(Map<String, Object> config) throws Exception {
        DatagenSettings settings = DatagenSettings.from(DatagenFixtures.options(config));
        return new TableId(settings.namespace(), null, settings.streamName());
    }
}
