package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The acceptance table of specs/topic-resolver.md, row for row, options written as in the spec. */
class TopicResolverAcceptanceTest {

    private static final String LONG_TOPIC = "249 chars, ends `_` + 8 hex";

    static Stream<Arguments> acceptanceCases() {
        return Stream.of(
                Arguments.of("cdc.{schema}.{table}", "db", "public", "users", "—", "cdc.public.users"),
                Arguments.of("cdc.{schema}.{table}", "mydb", "my schema", "user data", "—", "cdc.my_schema.user_data"),
                Arguments.of("cdc.{database}.{table}", "my-database", "s", "order items", "—", "cdc.my-database.order_items"),
                Arguments.of("cdc.{schema}.{table}", "db", "schéma", "tàblé", "—", "cdc.sch_ma.t_bl_"),
                Arguments.of("cdc.{schema}.{table}", "db", "", "users", "—", "cdc._unknown_.users"),
                Arguments.of("{database}.{schema}.{table}", "SalesDB", "dbo_MySchema", "UserProfiles",
                        "snake, avro, strip `dbo_`", "sales_db.my_schema.user_profiles"),
                Arguments.of("cdc.{table}", "db", "s", "123table", "avro", "cdc._123table"),
                Arguments.of("cdc.{table}", "db", "s", "my-table", "avro", "cdc.my_table"),
                Arguments.of("cdc.{table}", "db", "s", "123-orders.v2", "avro", "cdc._123_orders_v2"),
                Arguments.of("cdc.{table}", "db", "s", "DBO_USERS", "strip `dbo_`", "cdc.USERS"),
                Arguments.of("cdc.{table}", "db", "s", "dbo_public_users", "strip `dbo_`, `public_`", "cdc.users"),
                Arguments.of("Cdc.Events.{table}", "db", "s", "Orders", "snake", "Cdc.Events.orders"),
                Arguments.of("cdc.{table}", "db", "s", "user@data", "unicode_escape", "cdc.user_u0040data"),
                Arguments.of("{database}.{schema}.{table}", "a".repeat(100), "b".repeat(100), "c".repeat(100), "—",
                        LONG_TOPIC));
    }

    @ParameterizedTest(name = "{0} with ({1}, {2}, {3}) and options [{4}] → {5}")
    @MethodSource("acceptanceCases")
    void resolvesAsTheSpecSays(String pattern, String database, String schema, String table, String options,
                               String expected) {
        TopicResolver resolver = withOptions(TopicResolver.builder(pattern), options).build();
        TableId id = new TableId(database, schema, table);

        String topic = resolver.resolve(id);

        if (expected.equals(LONG_TOPIC)) {
            String full = "a".repeat(100) + "." + "b".repeat(100) + "." + "c".repeat(100);
            assertThat(topic).hasSize(249).matches(".{240}_[0-9a-f]{8}")
                    .isEqualTo(full.substring(0, 240) + "_" + String.format("%08x", full.hashCode()));
            assertThat(resolver.resolveDetailed(id)).isEqualTo(new Resolution(topic, true, full));
        } else {
            assertThat(topic).isEqualTo(expected);
            assertThat(resolver.resolveDetailed(id)).isEqualTo(new Resolution(expected, false, expected));
        }
    }

    /** Applies the spec table's option shorthand ("snake, avro, strip `dbo_`, `public_`"). */
    private static TopicResolver.Builder withOptions(TopicResolver.Builder builder, String options) {
        if (options.equals("—")) return builder;
        List<String> prefixes = new ArrayList<>();
        for (String token : options.split(",\\s*")) {
            if (token.equals("snake")) {
                builder.caseConversion(CaseConversion.SNAKE_CASE);
            } else if (token.equals("avro")) {
                builder.avroCompatible(true);
            } else if (token.equals("unicode_escape")) {
                builder.unicodeEscape(true);
            } else if (token.startsWith("strip ") || token.startsWith("`")) {
                prefixes.add(token.replaceFirst("^strip ", "").replace("`", ""));
            } else {
                throw new IllegalArgumentException("unknown option shorthand: " + token);
            }
        }
        return builder.stripPrefixes(prefixes.toArray(String[]::new));
    }
}
