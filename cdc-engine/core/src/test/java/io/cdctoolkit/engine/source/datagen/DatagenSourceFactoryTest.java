package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.OptionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatagenSourceFactoryTest {

    @TempDir
    Path tmp;

    @Test
    void isFoundByNameThroughTheServiceLoader() {
        assertThat(ComponentCatalog.load().source("datagen")).get().isInstanceOf(DatagenSourceFactory.class);
    }

    @Test
    void specDeclaresEveryRivvenOptionWithTypeDocAndExample() {
        ComponentSpec spec = new DatagenSourceFactory().spec();

        assertThat(spec.kind()).isEqualTo(ComponentKind.SOURCE);
        assertThat(spec.options()).extracting(OptionSpec::name).containsExactly("pattern", "events_per_second",
                "max_events", "stream_name", "namespace", "include_sequence", "include_timestamp", "custom_fields",
                "seed", "cdc_mode", "resume");
        assertThat(spec.options()).allSatisfy(o -> {
            assertThat(o.doc()).as(o.name()).isNotBlank();
            assertThat(o.example()).as(o.name()).isNotNull();
        });
        assertThat(spec.option("pattern").orElseThrow().allowedValues()).containsExactly("sequence", "random",
                "users", "orders", "events", "metrics", "key_value");
        assertThat(spec.option("custom_fields").orElseThrow().type()).isEqualTo(OptionType.MAP);
        assertThat(spec.option("seed").orElseThrow().defaultValue()).isEqualTo(DatagenSourceFactory.DEFAULT_SEED);
    }

    @Test
    void negativeRatesAndCountsAndBlankNamesAreReportedTogether() {
        assertThatThrownBy(() -> DatagenFixtures.reader(config("events_per_second", -1, "max_events", -5L,
                "stream_name", " "), tmp))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::keyPath)
                        .containsExactly("sources.gen.config.events_per_second", "sources.gen.config.max_events",
                                "sources.gen.config.stream_name"));
    }

    @Test
    void aMistypedOptionGetsADidYouMean() {
        assertThatThrownBy(() -> DatagenFixtures.reader(config("events_per_secnd", 5), tmp))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.gen.config.events_per_secnd")
                .hasMessageContaining("did you mean events_per_second");
    }
}
