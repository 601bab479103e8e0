package io.cdctoolkit.schema.json;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PayloadFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DisabledRegistryFactoryTest {

    private final DisabledRegistryFactory factory = new DisabledRegistryFactory();

    @TempDir
    Path tmp;

    @Test
    void isFoundAsRegistryModeDisabled() {
        assertThat(ComponentCatalog.load().registry("disabled")).get().isInstanceOf(DisabledRegistryFactory.class);
        assertThat(factory.spec().kind()).isEqualTo(ComponentKind.REGISTRY);
    }

    @Test
    void formatDefaultsToJsonAndCreatesThePlainJsonEncoder() throws Exception {
        Options options = Options.of("schema_registry", factory.spec().options(), Map.of());

        assertThat(options.string("format")).isEqualTo("json");
        try (Encoder encoder = factory.create(options, ComponentContext.of("registry", tmp))) {
            assertThat(encoder).isInstanceOf(JsonEncoder.class);
            assertThat(encoder.format()).isEqualTo(PayloadFormat.JSON);
        }
    }

    @Test
    void aSchemaFormatWithoutARegistryIsAConfigError() {
        assertThatThrownBy(() -> Options.of("schema_registry", factory.spec().options(), Map.of("format", "avro")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema_registry.format")
                .hasMessageContaining("json");
    }
}
