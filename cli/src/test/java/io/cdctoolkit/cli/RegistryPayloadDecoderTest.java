package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowJson;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.modes.ExternalRegistryFactory;
import io.cdctoolkit.schema.registry.MockRegistries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryPayloadDecoderTest {

    private static final RowSchema ROW = RowSchema.builder("t.Value").required("id", FieldType.INT64)
            .optional("name", FieldType.STRING).build();

    private final String url = "mock://decoder-" + UUID.randomUUID();

    @AfterEach
    void drop() {
        MockRegistries.drop(url);
    }

    /** Counts the ids asked for, in front of the mock registry. */
    private final class CountingLookup implements SchemaLookup {
        final List<Integer> asked = new CopyOnWriteArrayList<>();

        @Override
        public SchemaText byId(int id) {
            asked.add(id);
            return MockRegistries.forUrl(url, CompatibilityCheckers::forType).schemaById(id);
        }

        @Override
        public SchemaText byGlueVersion(UUID versionId) {
            throw new AssertionError("not Glue");
        }
    }

    @Test
    void eachSchemaIdIsFetchedOnceAndNonFramedBytesAreLeftToTheTailer() throws Exception {
        ExternalRegistryFactory factory = new ExternalRegistryFactory();
        Options options = Options.of("schema_registry.external", factory.spec().options(), Map.of("url", url));
        CountingLookup lookup = new CountingLookup();
        RegistryPayloadDecoder decoder = new RegistryPayloadDecoder(lookup);
        try (Encoder encoder = factory.create(options, new ComponentContext("external", "schema_registry.external",
                null, Path.of("."), new SimpleMeterRegistry()))) {
            for (long id = 1; id <= 3; id++) {
                Row row = Row.of(ROW, id, id == 2 ? null : "n" + id);
                byte[] bytes = encoder.encode("t", Encoder.Role.VALUE, row, Headers.builder());
                // Compared as text: the decoder's number nodes are longs where a parser makes ints.
                assertThat(decoder.decode(bytes).orElseThrow().toString())
                        .isEqualTo(new ObjectMapper().readTree(RowJson.toBytes(row)).toString());
            }
        }

        assertThat(lookup.asked).hasSize(1);
        assertThat(decoder.decode("{\"id\":1}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
