package io.cdctoolkit.engine.stage;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TombstoneSettingsTest {

    private static final String PATH = "sources.pg.config.cdc_features.tombstones";

    @Test
    void defaultsAreOffEmittingAfterDeleteAndExcludingNothing() throws Exception {
        TombstoneSettings settings = TombstoneSettings.from(Options.of(PATH, TombstoneSettings.OPTIONS, Map.of()));

        assertThat(settings).isEqualTo(new TombstoneSettings(false, true, List.of()));
        assertThat(settings.emitsTombstones()).isFalse();
    }

    @Test
    void readsTheRivvenShape() throws Exception {
        TombstoneSettings settings = TombstoneSettings.from(Options.of(PATH, TombstoneSettings.OPTIONS, Map.of(
                "enabled", true, "emit_tombstone_after_delete", true, "exclude_tables", List.of("audit.*"))));

        assertThat(settings).isEqualTo(new TombstoneSettings(true, true, List.of("audit.*")));
        assertThat(settings.emitsTombstones()).isTrue();
    }

    @Test
    void anUnknownKeyIsReportedAtItsKeyPathWithDidYouMean() {
        assertThatThrownBy(() -> Options.of(PATH, TombstoneSettings.OPTIONS, Map.of("enabled", true,
                "exclude_table", List.of("audit.*"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .satisfies(p -> {
                            assertThat(p.keyPath()).isEqualTo(PATH + ".exclude_table");
                            assertThat(p.toString()).contains("exclude_tables");
                        }));
    }

    @Test
    void aWrongTypeIsReportedAtItsKeyPath() {
        assertThatThrownBy(() -> Options.of(PATH, TombstoneSettings.OPTIONS, Map.of("enabled", "sometimes")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::keyPath).containsExactly(PATH + ".enabled"));
    }
}
