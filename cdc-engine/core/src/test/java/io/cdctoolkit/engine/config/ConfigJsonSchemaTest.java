package io.cdctoolkit.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigJsonSchemaTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode schemaNode = ConfigJsonSchema.generate(TestCatalog.catalog());
    private final JsonSchema schema = FACTORY.getSchema(schemaNode);

    private static final String GOOD = """
            version: "1.0"
            state_dir: ./state
            schema_registry:
              mode: external
              format: avro
              external: { url: "http://localhost:8081", username: "${SR_USER:-}", auto_register: "${AUTO:-true}" }
            sources:
              pg:
                connector: postgres-cdc
                topic: cdc.default
                config:
                  host: localhost
                  port: "${PGPORT:-5432}"
                  database: app
                  password: "${PGPASSWORD}"
                  include_tables: [public.users]
                  normalization: { case_conversion: snake_case }
                  transforms:
                    - type: mask_field
                      predicate: { tables: ["public.users"], operations: [c, u] }
                      config: { fields: [ssn] }
                  cdc_features:
                    deduplication: { enabled: true }
                streams:
                  - { name: orders, namespace: public, sync_mode: incremental }
              gen:
                connector: datagen
                config: { pattern: orders, events_per_second: 100, cdc_mode: true }
            sinks:
              kafka:
                connector: kafka
                config: { bootstrap_servers: "localhost:9092", acks: all, producer: { linger.ms: 5 } }
            pipelines:
              main:
                source: pg
                sink: kafka
                enabled: true
                settings: { on_error: dead_letter, dead_letter_topic: cdc.dlq, rate_limit: 0 }
                transforms: [extract_new_record_state]
            """;

    @Test
    void generatedSchemaIsAValidDraft07Schema() {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of(SchemaId.V7));
        assertThat(metaSchema.validate(schemaNode)).isEmpty();
        assertThat(metaSchema.validate(YAML.createObjectNode().put("type", 5))).as("the meta-schema is in force")
                .isNotEmpty();
    }

    @Test
    void aGoodConfigValidatesAndLoads() throws Exception {
        assertThat(validate(GOOD)).isEmpty();
        // the loader agrees
        ConfigLoader.load(GOOD, "good.yaml", TestCatalog.catalog(), Map.of("PGPASSWORD", "x"));
    }

    @Test
    void misspelledConnectorOptionIsRejected() throws Exception {
        Set<ValidationMessage> messages = validate(GOOD.replace("events_per_second: 100", "evnets_per_second: 100"));
        assertThat(messages).anySatisfy(m -> assertThat(m.getMessage()).contains("evnets_per_second"));
    }

    @Test
    void wrongTypesUnknownNamesAndRivvenBlocksAreRejected() throws Exception {
        assertThat(validate(GOOD.replace("events_per_second: 100", "events_per_second: fast"))).isNotEmpty();
        assertThat(validate(GOOD.replace("connector: datagen", "connector: datagenn"))).isNotEmpty();
        assertThat(validate(GOOD.replace("type: mask_field", "type: mask_feild"))).isNotEmpty();
        assertThat(validate(GOOD.replace("fields: [ssn]", "fieldz: [ssn]"))).isNotEmpty();
        assertThat(validate(GOOD.replace("case_conversion: snake_case", "case_conversion: camel"))).isNotEmpty();
        assertThat(validate(GOOD.replace("on_error: dead_letter", "on_eror: dead_letter"))).isNotEmpty();
        assertThat(validate(GOOD.replace("deduplication:", "dedup:"))).isNotEmpty();
        assertThat(validate("broker: { address: \"localhost:9092\" }\n" + GOOD)).isNotEmpty();
        assertThat(validate(GOOD.replace("      host: localhost\n", ""))).as("required option").isNotEmpty();
    }

    @Test
    void valuesOutsideAnOptionsRangeAreRejectedAsTheLoaderRejectsThem() throws Exception {
        assertThat(validate(GOOD.replace("events_per_second: 100", "events_per_second: -1"))).isNotEmpty();
        assertThat(validate(GOOD.replace("events_per_second: 100", "events_per_second: 0"))).isEmpty();
    }

    @Test
    void placeholdersAreAcceptedForNumbersAndBooleansButNotOtherStrings() throws Exception {
        assertThat(validate(GOOD.replace("events_per_second: 100", "events_per_second: \"${RATE}\""))).isEmpty();
        assertThat(validate(GOOD.replace("cdc_mode: true", "cdc_mode: \"${CDC:-false}\""))).isEmpty();
        assertThat(validate(GOOD.replace("cdc_mode: true", "cdc_mode: \"yes please\""))).isNotEmpty();
    }

    @Test
    void secretsAreWriteOnlyAndDocsDefaultsCarriedOver() {
        JsonNode pgConfig = sourceConfigSchema("postgres-cdc");
        assertThat(pgConfig.at("/properties/password/writeOnly").asBoolean()).isTrue();
        assertThat(pgConfig.at("/properties/port/default").asInt()).isEqualTo(5432);
        assertThat(pgConfig.at("/properties/table.include.list/description").asText()).startsWith("Alias of include_tables");
        JsonNode gen = sourceConfigSchema("datagen");
        assertThat(gen.at("/properties/events_per_second/description").asText())
                .isEqualTo("Events per second, 0 = unlimited");
        assertThat(schemaNode.at("/properties/sources/additionalProperties/properties/connector/enum"))
                .extracting(JsonNode::asText).containsExactly("datagen", "postgres-cdc", "postgres");
    }

    private JsonNode sourceConfigSchema(String connector) {
        for (JsonNode rule : schemaNode.at("/properties/sources/additionalProperties/allOf")) {
            if (rule.at("/if/properties/connector/const").asText().equals(connector)
                    || rule.at("/if/properties/connector/enum/0").asText().equals(connector)) {
                return rule.at("/then/properties/config");
            }
        }
        throw new AssertionError("no rule for " + connector);
    }

    private Set<ValidationMessage> validate(String yaml) throws Exception {
        return schema.validate(YAML.readTree(yaml));
    }
}
