package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.config.ConfigLoaderTest.SINK;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.load;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.only;
import static io.cdctoolkit.engine.config.ConfigLoaderTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

class SourceReaderTest {

    @Test
    void unknownConnectorListsKnownNamesAndSuggestsOne() {
        String yaml = """
                sources:
                  pg: { connector: postgres-cdcc }
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.pg.connector");
        assertThat(problem.message()).isEqualTo("unknown source connector 'postgres-cdcc'");
        assertThat(problem.fix()).isEqualTo("did you mean postgres-cdc; known: datagen, postgres-cdc");
    }

    @Test
    void transformsAreExtractedFromSourceConfigAndValidated() throws ConfigException {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    config:
                      pattern: users
                      transforms:
                        - type: org.apache.kafka.connect.transforms.MaskField$Value
                          config: { fields: [email] }
                      cdc_features:
                        tombstones: { enabled: true }
                """ + SINK;
        SourceDefinition gen = load(yaml).sources().get("gen");

        assertThat(gen.config()).containsOnlyKeys("pattern");
        assertThat(gen.transforms()).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo("mask_field");
            assertThat(t.keyPath()).isEqualTo("sources.gen.config.transforms[0]");
        });
        assertThat(gen.cdcFeatures()).containsOnlyKeys("tombstones");
        assertThat(gen.configKeyPath()).isEqualTo("sources.gen.config");
    }

    @Test
    void badTransformsAreReportedWithTheirPath() {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    config:
                      transforms:
                        - type: mask_felds
                        - type: mask_field
                          fields: [ssn]
                        - type: extract_new_record_state
                          config: { add_tabel: true }
                          predicate: { tabels: [x] }
                      cdc_features:
                        encription: { enabled: true }
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "sources.gen.config.transforms[0].type",
                "sources.gen.config.transforms[1].fields",
                "sources.gen.config.transforms[1].config.fields",
                "sources.gen.config.transforms[2].config.add_tabel",
                "sources.gen.config.transforms[2].predicate.tabels",
                "sources.gen.config.cdc_features.encription");
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("[0].type")).singleElement()
                .satisfies(p -> assertThat(p.fix()).startsWith("did you mean mask_field; known: "
                        + "extract_new_record_state, mask_field"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("[1].fields")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("move it under config:"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("encription")).singleElement()
                .satisfies(p -> assertThat(p.fix()).isEqualTo("did you mean encryption"));
        assertThat(problems).filteredOn(p -> p.keyPath().endsWith("[2].config.add_tabel")).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(10));
    }

    @Test
    void rivvenStreamsBecomeIncludeTables() throws ConfigException {
        String yaml = """
                sources:
                  postgres_db:
                    connector: postgres-cdc
                    config: { host: localhost, database: mydb, include_tables: [public.orders] }
                    streams:
                      - name: users
                        namespace: public
                        sync_mode: incremental
                      - name: audit
                """ + SINK;
        SourceDefinition pg = load(yaml).sources().get("postgres_db");
        assertThat(pg.config().get("include_tables")).isEqualTo(List.of("public.orders", "public.users", "audit"));
    }

    @Test
    void columnFiltersUnderCdcFeaturesBecomeTheReadersOption() throws ConfigException {
        String yaml = """
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: localhost
                      database: mydb
                      cdc_features:
                        column_filters: { public.users: { exclude: [password_hash] } }
                """ + SINK;
        SourceDefinition pg = load(yaml).sources().get("pg");
        assertThat(pg.config().get("column_filters"))
                .isEqualTo(Map.of("public.users", Map.of("exclude", List.of("password_hash"))));
        assertThat(pg.cdcFeatures()).doesNotContainKey("column_filters");
    }

    @Test
    void columnFiltersGivenTwiceOrForASourceWithoutColumnsAreErrors() {
        String twice = """
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: localhost
                      database: mydb
                      column_filters: { public.users: { include: [id] } }
                      cdc_features: { column_filters: { public.users: { include: [id] } } }
                """ + SINK;
        String datagen = """
                sources:
                  gen:
                    connector: datagen
                    config: { cdc_features: { column_filters: { x: { include: [id] } } } }
                """ + SINK;
        assertThat(only(problems(twice)).message()).contains("given twice");
        assertThat(only(problems(datagen)).keyPath()).isEqualTo("sources.gen.config.cdc_features.column_filters");
    }

    @Test
    void streamsOnAConnectorWithoutIncludeTablesAreAnError() {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    streams: [{ name: users }]
                """ + SINK;
        ConfigProblem problem = only(problems(yaml));
        assertThat(problem.keyPath()).isEqualTo("sources.gen.streams");
        assertThat(problem.message()).contains("not supported by connector datagen");
    }

    @Test
    void optionsWrittenNextToTheConnectorAreToldToMoveUnderConfig() {
        String yaml = """
                sources:
                  gen:
                    connector: datagen
                    pattern: users
                    transforms: [flatten]
                    max_evnets: 3
                """ + SINK;
        List<ConfigProblem> problems = problems(yaml);
        assertThat(problems).extracting(ConfigLoaderTest::unplaced).containsExactlyInAnyOrder(
                "sources.gen.pattern: 'pattern' is an option of datagen, not of the source entry (move it under config:)",
                "sources.gen.transforms: 'transforms' is an option of datagen, not of the source entry"
                        + " (move it under config:)",
                "sources.gen.max_evnets: unknown key 'max_evnets' (known keys: connector, topic, config, streams)");
    }
}
