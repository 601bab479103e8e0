package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A persisted {@code mock://} scope: what one client registers, a reader of the file (another process) finds. */
class PersistedMockRegistryTest {

    private static final SchemaText V1 = new SchemaText(SchemaType.AVRO,
            "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");
    private static final SchemaText V2 = new SchemaText(SchemaType.AVRO,
            "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    private static final SchemaText INCOMPATIBLE = new SchemaText(SchemaType.AVRO,
            "{\"type\":\"record\",\"name\":\"C\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");

    @TempDir
    Path state;

    private static RegistryClient reader(Path state, String url) {
        return MockRegistries.readOnly(url, state, t -> CompatibilityCheckers.forType(t, RuleSet.CONFLUENT));
    }

    @Test
    void a_reader_of_the_state_folder_finds_every_schema_by_id_with_its_subjects_and_versions() {
        String url = "mock://persist-" + state.getFileName();
        MockRegistryClient writer = MockRegistries.persisted(url, state, t -> CompatibilityCheckers.forType(t, RuleSet.CONFLUENT));
        int id1 = writer.register("orders-value", V1, false);
        int id2 = writer.register("orders-value", V2, false);
        writer.setCompatibilityLevel("orders-value", CompatibilityLevel.FULL);

        RegistryClient reader = reader(state, url);
        assertThat(reader.schemaById(id1)).isEqualTo(V1);
        assertThat(reader.schemaById(id2)).isEqualTo(V2);
        assertThat(reader.versions("orders-value")).containsExactly(1, 2);
        assertThat(reader.latest("orders-value").id()).isEqualTo(id2);
        assertThat(reader.compatibilityLevel("orders-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(Files.exists(state.resolve("mock-registry").resolve("persist-" + state.getFileName() + ".json"))).isTrue();
    }

    @Test
    void a_reader_opened_before_a_registration_finds_the_new_id_and_an_unknown_id_stays_not_found() {
        String url = "mock://late-" + state.getFileName();
        MockRegistryClient writer = MockRegistries.persisted(url, state, t -> CompatibilityCheckers.forType(t, RuleSet.CONFLUENT));
        RegistryClient reader = reader(state, url);
        int id = writer.register("customers-value", V1, false);

        assertThat(reader.schemaById(id)).isEqualTo(V1);
        assertThatThrownBy(() -> reader.schemaById(id + 100)).isInstanceOf(RegistryRequestException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void a_new_writer_over_the_same_file_keeps_the_ids_and_the_compatibility_rules() {
        String url = "mock://again-" + state.getFileName();
        int id = MockRegistries.persisted(url, state, t -> CompatibilityCheckers.forType(t, RuleSet.CONFLUENT))
                .register("orders-value", V1, false);
        // Another process (or run): the file, not this JVM's shared instance.
        RegistryClient next = reader(state, url);

        assertThat(next.lookup("orders-value", V1, false)).map(RegisteredSchema::id).contains(id);
        assertThat(next.checkCompatibility("orders-value", INCOMPATIBLE).compatible()).isFalse();
    }
}
