package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.mysql.MariaDbSourceFactory;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebeziumTopicRoutingTest {

    private static final ComponentContext CONTEXT = ComponentContext.of("pg", Path.of("unused"));

    private static Options options(DebeziumSourceFactory factory, Map<String, Object> extra) throws Exception {
        Map<String, Object> raw = new HashMap<>(Map.of("host", "h", "database", "app", "user", "u"));
        raw.putAll(extra);
        return Options.of("sources.pg.config", factory.spec().options(), raw);
    }

    @Test
    void postgresDefaultsToDatabaseSchemaTableAndMariaDbToDatabaseTable() throws Exception {
        var pg = new PostgresSourceFactory();
        var maria = new MariaDbSourceFactory();

        assertThat(pg.topicResolver(options(pg, Map.of()), CONTEXT).resolve(new TableId("app", "public", "users")))
                .isEqualTo("app.public.users");
        assertThat(maria.topicResolver(options(maria, Map.of()), CONTEXT).resolve(new TableId("shop", null, "orders")))
                .isEqualTo("shop.orders");
    }

    @Test
    void topicRoutingWithNormalizationWinsOverTheSourceTopic() throws Exception {
        var pg = new PostgresSourceFactory();
        Options routed = options(pg, Map.of("topic_routing", "cdc.{schema}.{table}",
                "normalization", Map.of("case_conversion", "snake_case")));

        assertThat(pg.topicResolver(routed, CONTEXT.withDefaultTopic("fallback"))
                .resolve(new TableId("app", "Sales", "OrderItems"))).isEqualTo("cdc.sales.order_items");
        assertThat(pg.topicResolver(options(pg, Map.of()), CONTEXT.withDefaultTopic("fallback"))
                .resolve(new TableId("app", "public", "users"))).isEqualTo("fallback");
    }

    @Test
    void anInvalidPatternIsAConfigErrorAtItsKeyPath() throws Exception {
        var pg = new PostgresSourceFactory();
        Options bad = options(pg, Map.of("topic_routing", "cdc.{tabel}"));

        assertThatThrownBy(() -> pg.topicResolver(bad, CONTEXT)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.pg.config.topic_routing");
    }

    @Test
    void unknownNormalizationKeysAreRejectedWhenOptionsAreValidated() {
        var pg = new PostgresSourceFactory();

        assertThatThrownBy(() -> options(pg, Map.of("normalization", Map.of("case_convertion", "lower"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean case_conversion");
    }

    @Test
    void configuredTablesAreTheExactIncludeTablesQualifiedWithTheDatabase() throws Exception {
        var pg = new PostgresSourceFactory();
        Options opts = options(pg, Map.of("include_tables", List.of("public.users", "orders", "audit.*")));

        assertThat(pg.configuredTables(opts)).containsExactly(new TableId("app", "public", "users"),
                new TableId("app", "public", "orders"));
    }

    @Test
    void tableNamesParseByTheSourcesLevels() throws Exception {
        var pg = new PostgresSourceFactory();
        var maria = new MariaDbSourceFactory();

        assertThat(pg.parseTable("db.my schema.user data", options(pg, Map.of())))
                .isEqualTo(new TableId("db", "my schema", "user data"));
        assertThat(maria.parseTable("shop.orders", options(maria, Map.of())))
                .isEqualTo(new TableId("shop", null, "orders"));
        assertThatThrownBy(() -> maria.parseTable("a.b.c", options(maria, Map.of())))
                .hasMessageContaining("database.table");
    }
}
