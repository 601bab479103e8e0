package io.cdctoolkit.schema.registry.rest;

import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The REST client against a real Apicurio Registry 3.3.3 (its ccompat API); skipped without Java 21+. */
class ConfluentRestRegistryClientApicurioTest {

    // Hand-written Avro schemas of one record, evolving.
    private static final String V1 = """
            {"type":"record","name":"Customer","namespace":"shop","fields":[
              {"name":"id","type":"long"},
              {"name":"email","type":"string"}]}""";
    /** V1 plus an optional field with a default: readers on it read V1 data (BACKWARD compatible). */
    private static final String V2_ADDS_FIELD_WITH_DEFAULT = """
            {"type":"record","name":"Customer","namespace":"shop","fields":[
              {"name":"id","type":"long"},
              {"name":"email","type":"string"},
              {"name":"phone","type":["null","string"],"default":null}]}""";
    /** V1 plus a field without a default: readers on it cannot read V1 data (BACKWARD incompatible). */
    private static final String V2_ADDS_REQUIRED_FIELD = """
            {"type":"record","name":"Customer","namespace":"shop","fields":[
              {"name":"id","type":"long"},
              {"name":"email","type":"string"},
              {"name":"loyalty_tier","type":"string"}]}""";

    private ApicurioRegistry registry;
    private ConfluentRestRegistryClient client;

    @BeforeEach
    void connect() {
        registry = ApicurioRegistry.shared();
        client = new ConfluentRestRegistryClient(RestRegistrySettings.of(registry.ccompatUrl()));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static SchemaText avro(String text) {
        return new SchemaText(SchemaType.AVRO, text);
    }

    /** Avro's own parser as the judge of "the same schema" (registries may store a normalised text). */
    private static Schema parsed(SchemaText schema) {
        assertThat(schema.type()).isEqualTo(SchemaType.AVRO);
        return new Schema.Parser().parse(schema.text());
    }

    private static boolean avroSaysReaderReadsWriter(String reader, String writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(new Schema.Parser().parse(reader), new Schema.Parser().parse(writer))
                .getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    @Test
    void registersAndReadsBackBySubjectVersionAndId() {
        String subject = ApicurioRegistry.uniqueSubject("shop.customers-value");
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD);

        int id1 = client.register(subject, avro(V1), false);
        assertThat(client.register(subject, avro(V1), false)).as("re-registering the same schema").isEqualTo(id1);
        int id2 = client.register(subject, avro(V2_ADDS_FIELD_WITH_DEFAULT), false);

        assertThat(id2).isNotEqualTo(id1);
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.subjects()).contains(subject);
        assertThat(parsed(client.schemaById(id1))).isEqualTo(parsed(avro(V1)));
        assertThat(parsed(client.schemaById(id2))).isEqualTo(parsed(avro(V2_ADDS_FIELD_WITH_DEFAULT)));

        RegisteredSchema v1 = client.version(subject, 1);
        assertThat(v1.subject()).isEqualTo(subject);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.id()).isEqualTo(id1);
        assertThat(parsed(v1.schema())).isEqualTo(parsed(avro(V1)));

        RegisteredSchema latest = client.latest(subject);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(id2);

        Optional<RegisteredSchema> found = client.lookup(subject, avro(V1), false);
        assertThat(found).map(RegisteredSchema::version).contains(1);
        assertThat(found).map(RegisteredSchema::id).contains(id1);
    }

    @Test
    void normalizeIsAcceptedAndFindsTheSameSchema() {
        String subject = ApicurioRegistry.uniqueSubject("normalized-value");
        int id = client.register(subject, avro(V1), true);

        assertThat(client.register(subject, avro(V1), true)).isEqualTo(id);
        assertThat(client.lookup(subject, avro(V1), true)).map(RegisteredSchema::id).contains(id);
    }

    @Test
    void jsonSchemaKeepsItsTypeThroughTheRegistry() {
        String subject = ApicurioRegistry.uniqueSubject("json-value");
        SchemaText jsonSchema = new SchemaText(SchemaType.JSON_SCHEMA, """
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                 "properties":{"id":{"type":"integer"}},"required":["id"]}""");

        int id = client.register(subject, jsonSchema, false);

        assertThat(client.schemaById(id).type()).isEqualTo(SchemaType.JSON_SCHEMA);
        assertThat(client.latest(subject).schema().type()).isEqualTo(SchemaType.JSON_SCHEMA);
    }

    @Test
    void lookupOfWhatIsNotRegisteredIsEmpty() {
        String subject = ApicurioRegistry.uniqueSubject("lookup-value");
        assertThat(client.lookup(subject, avro(V1), false)).as("unknown subject").isEmpty();

        client.register(subject, avro(V1), false);
        assertThat(client.lookup(subject, avro(V2_ADDS_REQUIRED_FIELD), false)).as("unknown schema").isEmpty();
    }

    @Test
    void missingSubjectsVersionsAndIdsAre404sWithTheRegistrysCodes() {
        String subject = ApicurioRegistry.uniqueSubject("missing-value");

        assertThatThrownBy(() -> client.latest(subject))
                .isInstanceOfSatisfying(RegistryRequestException.class, e -> {
                    assertThat(e.notFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.getMessage()).contains(subject);
                });
        client.register(subject, avro(V1), false);
        assertThatThrownBy(() -> client.version(subject, 7))
                .isInstanceOfSatisfying(RegistryRequestException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
        assertThatThrownBy(() -> client.schemaById(Integer.MAX_VALUE))
                .isInstanceOfSatisfying(RegistryRequestException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void backwardVerdictsAgreeWithAvrosOwnCompatibilityCheck() {
        String subject = ApicurioRegistry.uniqueSubject("verdict-value");
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD);
        client.register(subject, avro(V1), false);

        CompatibilityResult compatible = client.checkCompatibility(subject, avro(V2_ADDS_FIELD_WITH_DEFAULT));
        CompatibilityResult incompatible = client.checkCompatibility(subject, avro(V2_ADDS_REQUIRED_FIELD));

        assertThat(compatible.compatible()).isEqualTo(avroSaysReaderReadsWriter(V2_ADDS_FIELD_WITH_DEFAULT, V1)).isTrue();
        assertThat(compatible.problems()).isEmpty();
        assertThat(incompatible.compatible()).isEqualTo(avroSaysReaderReadsWriter(V2_ADDS_REQUIRED_FIELD, V1)).isFalse();
        assertThat(incompatible.problems()).isNotEmpty();
    }

    @Test
    void transitiveLevelsCheckEveryVersionPlainLevelsOnlyTheLatest() {
        // v1 {a: string} → v2 {} → v3 {a: int = 0}: v3 reads v2 data (a from its default) but not v1's (string a).
        String v1 = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        String v2 = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[]}";
        String v3 = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":0}]}";
        assertThat(avroSaysReaderReadsWriter(v3, v2)).isTrue();
        assertThat(avroSaysReaderReadsWriter(v3, v1)).isFalse();
        String subject = ApicurioRegistry.uniqueSubject("transitive-value");
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD);
        client.register(subject, avro(v1), false);
        client.register(subject, avro(v2), false);

        assertThat(client.checkCompatibility(subject, avro(v3)).compatible()).as("BACKWARD").isTrue();
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD_TRANSITIVE);
        CompatibilityResult transitive = client.checkCompatibility(subject, avro(v3));
        assertThat(transitive.compatible()).as("BACKWARD_TRANSITIVE").isFalse();
        assertThat(transitive.problems()).singleElement().asString().startsWith("version 1: ");
    }

    @Test
    void registeringAnIncompatibleSchemaIsRefusedWithTheRegistrysReason() {
        String subject = ApicurioRegistry.uniqueSubject("refused-value");
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD);
        client.register(subject, avro(V1), false);

        assertThatThrownBy(() -> client.register(subject, avro(V2_ADDS_REQUIRED_FIELD), false))
                .isInstanceOfSatisfying(RegistryRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.rejectedSchema()).isTrue();
                    // Apicurio names the offending field and its path.
                    assertThat(e.getMessage()).contains("loyalty_tier").contains("/fields/2");
                });
        assertThat(client.versions(subject)).containsExactly(1);
    }

    @Test
    void anInvalidSchemaIsRefusedAs422() {
        String subject = ApicurioRegistry.uniqueSubject("invalid-value");
        assertThatThrownBy(() -> client.register(subject, avro("{\"type\":\"record\",\"name\":"), false))
                .isInstanceOfSatisfying(RegistryRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.rejectedSchema()).isTrue();
                });
    }

    @Test
    void theEffectiveLevelIsTheSubjectsOwnElseTheGlobalOne() {
        String own = ApicurioRegistry.uniqueSubject("own-level-value");
        String inherits = ApicurioRegistry.uniqueSubject("inherited-level-value");
        client.register(inherits, avro(V1), false);
        client.setCompatibilityLevel(own, CompatibilityLevel.FORWARD_TRANSITIVE);

        registry.setGlobalCompatibility("FULL");
        try {
            assertThat(client.compatibilityLevel(null)).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibilityLevel(inherits)).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibilityLevel(own)).isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
            client.setCompatibilityLevel(null, CompatibilityLevel.BACKWARD);
            assertThat(client.compatibilityLevel(inherits)).isEqualTo(CompatibilityLevel.BACKWARD);
        } finally {
            registry.setGlobalCompatibility("BACKWARD");
        }
    }

    @Test
    void withNoLevelSetAnywhereTheCheckPredictsWhatRegisteringDoes() throws Exception {
        CompatibilityLevel global = client.compatibilityLevel(null);
        // Apicurio's native API removes the global rule (ccompat can only set one): no level anywhere.
        java.net.http.HttpResponse<String> deleted = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.nativeV3Url() + "/admin/rules/COMPATIBILITY"))
                        .DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isIn(204, 404);
        try {
            String subject = ApicurioRegistry.uniqueSubject("unset-level-value");
            client.register(subject, avro(V1), false);
            assertThat(client.compatibilityLevel(subject)).isEqualTo(CompatibilityLevel.NONE);

            CompatibilityResult predicted = client.checkCompatibility(subject, avro(V2_ADDS_REQUIRED_FIELD));
            client.register(subject, avro(V2_ADDS_REQUIRED_FIELD), false); // the truth: the registry accepts it

            assertThat(client.versions(subject)).containsExactly(1, 2);
            assertThat(predicted.compatible()).as("the check agrees with registering: %s", predicted.problems()).isTrue();
        } finally {
            if (global != CompatibilityLevel.NONE) client.setCompatibilityLevel(null, global);
        }
    }
}
