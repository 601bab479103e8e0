package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One group per normalization rule of specs/topic-resolver.md, driven through the public resolver. */
class NormalizationRulesTest {

    private static String table(String name, UnaryOperator<TopicResolver.Builder> options) {
        return options.apply(TopicResolver.builder("{table}")).build().resolve(new TableId("db", "s", name));
    }

    private static String table(String name) {
        return table(name, b -> b);
    }

    @Nested
    class MissingValues {
        @Test
        void mysqlTablesWithoutSchemaGetUnknown() {
            TopicResolver resolver = TopicResolver.builder("cdc.{database}.{schema}.{table}").build();
            assertThat(resolver.resolve(new TableId("shop", null, "orders"))).isEqualTo("cdc.shop._unknown_.orders");
        }

        @Test
        void missingDatabaseGetsUnknown() {
            TopicResolver resolver = TopicResolver.builder("{database}.{table}").build();
            assertThat(resolver.resolve(new TableId(null, null, "orders"))).isEqualTo("_unknown_.orders");
        }

        @Test
        void emptyTableGetsUnknownWhateverTheOptions() {
            assertThat(table("", b -> b.caseConversion(CaseConversion.UPPER).avroCompatible(true).unicodeEscape(true)))
                    .isEqualTo("_unknown_");
        }

        @Test
        void mysqlDefaultPatternHasNoSchemaLevel() {
            TopicResolver resolver = TopicResolver.builder(TopicRoutingOptions.DEFAULT_PATTERN_WITHOUT_SCHEMA).build();
            assertThat(resolver.resolve(new TableId("shop", null, "orders"))).isEqualTo("shop.orders");
        }
    }

    @Nested
    class Stripping {
        @Test
        void entriesAreTriedOnceInListOrder() {
            assertThat(table("dbo_public_users", b -> b.stripPrefixes("dbo_", "public_"))).isEqualTo("users");
            // public_ is tried first, does not match, and is not tried again after dbo_ is gone
            assertThat(table("dbo_public_users", b -> b.stripPrefixes("public_", "dbo_"))).isEqualTo("public_users");
        }

        @Test
        void aPrefixIsStrippedOnlyOnce() {
            assertThat(table("dbo_dbo_users", b -> b.stripPrefixes("dbo_"))).isEqualTo("dbo_users");
        }

        @Test
        void prefixesThenSuffixesCaseInsensitively() {
            assertThat(table("TBL_Orders_TABLE", b -> b.stripPrefixes("tbl_").stripSuffixes("_table")))
                    .isEqualTo("Orders");
        }

        @Test
        void suffixesAreStrippedBeforeCaseConversion() {
            assertThat(table("OrderItems_Table", b -> b.stripSuffixes("_table").caseConversion(CaseConversion.SNAKE_CASE)))
                    .isEqualTo("order_items");
        }

        @Test
        void neverStripsToEmpty() {
            assertThat(table("dbo_", b -> b.stripPrefixes("dbo_"))).isEqualTo("dbo_");
            assertThat(table("_table", b -> b.stripSuffixes("_table"))).isEqualTo("_table");
            // the skipped strip does not stop later entries
            assertThat(table("dbo_x", b -> b.stripPrefixes("dbo_x", "dbo_"))).isEqualTo("x");
            assertThat(table("users", b -> b.stripPrefixes("user").stripSuffixes("s"))).isEqualTo("s");
        }

        @Test
        void strippingComesBeforeReplacement() {
            assertThat(table("dbo.users", b -> b.stripPrefixes("dbo."))).isEqualTo("users");
        }
    }

    @Nested
    class CaseConversions {
        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = '|', value = {
                "MyTable         | my_table",
                "UserProfiles    | user_profiles",
                "SalesDB         | sales_db",
                "HTTPRequest     | http_request",
                "getHTTPResponse | get_http_response",
                "userID          | user_id",
                "order items     | order_items",
                "Table2Name      | table2_name",
                "my-table        | my_table",
                "already_snake   | already_snake",
                "HTTP2Request    | http2_request",
                "2FA             | 2fa",
        })
        void snakeCase(String name, String expected) {
            assertThat(table(name, b -> b.caseConversion(CaseConversion.SNAKE_CASE))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource(delimiter = '|', value = {
                "my-table        | my-table",
                "MyTable         | my-table",
                "getHTTPResponse | get-http-response",
                "order_items     | order-items",
                "Table2Name      | table2-name",
        })
        void kebabCase(String name, String expected) {
            assertThat(table(name, b -> b.caseConversion(CaseConversion.KEBAB_CASE))).isEqualTo(expected);
        }

        @Test
        void lowerAndUpperArePlain() {
            assertThat(table("MyTable_X", b -> b.caseConversion(CaseConversion.LOWER))).isEqualTo("mytable_x");
            assertThat(table("MyTable_x", b -> b.caseConversion(CaseConversion.UPPER))).isEqualTo("MYTABLE_X");
            assertThat(table("MyTable")).isEqualTo("MyTable");
        }

        @Test
        void onlySeparatorsAreKeptRatherThanEmptied() {
            assertThat(table("__", b -> b.caseConversion(CaseConversion.SNAKE_CASE))).isEqualTo("__");
        }

        @Test
        void literalTextIsKeptAsWritten() {
            TopicResolver resolver = TopicResolver.builder("CDC-Prod.{schema}.Events_{table}")
                    .caseConversion(CaseConversion.SNAKE_CASE).build();
            assertThat(resolver.resolve(new TableId("db", "MySchema", "OrderItems")))
                    .isEqualTo("CDC-Prod.my_schema.Events_order_items");
        }

        @Test
        void configSpellings() {
            assertThat(CaseConversion.configNames()).containsExactly("none", "lower", "upper", "snake_case", "kebab-case");
            assertThat(CaseConversion.fromConfig("kebab-case")).isEqualTo(CaseConversion.KEBAB_CASE);
            assertThatThrownBy(() -> CaseConversion.fromConfig("camel"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snake_case");
        }
    }

    @Nested
    class Replacement {
        @Test
        void oneReplacementPerCharacterNeverCollapsed() {
            assertThat(table("a  b")).isEqualTo("a__b");
            assertThat(table("a@#b")).isEqualTo("a__b");
            assertThat(table("tàblé")).isEqualTo("t_bl_");
        }

        @Test
        void dotsInNamesAreAlwaysReplaced() {
            assertThat(table("orders.v2")).isEqualTo("orders_v2");
        }

        @Test
        void dashIsKeptOutsideAvroMode() {
            assertThat(table("my-table")).isEqualTo("my-table");
        }

        @Test
        void dashAsReplacement() {
            assertThat(table("user data.v2", b -> b.replacement('-'))).isEqualTo("user-data-v2");
        }

        @Test
        void avroModeTurnsTheDashReplacementIntoUnderscore() {
            assertThat(table("user data", b -> b.replacement('-').avroCompatible(true))).isEqualTo("user_data");
        }

        @Test
        void onlyUnderscoreOrDashAreAccepted() {
            assertThatThrownBy(() -> TopicResolver.builder("{table}").replacement('.'))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'_' or '-'");
        }

        @Test
        void supplementaryCharactersCountAsTwoUnits() {
            assertThat(table("a😀b")).isEqualTo("a__b");
        }
    }

    @Nested
    class UnicodeEscape {
        @Test
        void escapesEachInvalidUtf16Unit() {
            UnaryOperator<TopicResolver.Builder> escape = b -> b.unicodeEscape(true);
            assertThat(table("user@data", escape)).isEqualTo("user_u0040data");
            assertThat(table("tàblé", escape)).isEqualTo("t_u00e0bl_u00e9");
            assertThat(table("a.b", escape)).isEqualTo("a_u002eb");
            assertThat(table("a😀", escape)).isEqualTo("a_ud83d_ude00");
        }

        @Test
        void validCharactersAreNotEscaped() {
            assertThat(table("my-table_1", b -> b.unicodeEscape(true))).isEqualTo("my-table_1");
        }

        @Test
        void inAvroModeTheDashIsInvalidAndEscaped() {
            assertThat(table("my-table", b -> b.unicodeEscape(true).avroCompatible(true))).isEqualTo("my_u002dtable");
        }
    }

    @Nested
    class AvroMode {
        @Test
        void leadingDigitGetsAnUnderscore() {
            assertThat(table("123table", b -> b.avroCompatible(true))).isEqualTo("_123table");
            assertThat(table("123table")).isEqualTo("123table");
        }

        @Test
        void leadingDigitLeftByStrippingGetsAnUnderscore() {
            assertThat(table("t_2024_orders", b -> b.avroCompatible(true).stripPrefixes("t_"))).isEqualTo("_2024_orders");
        }

        @Test
        void patternLiteralsKeepTheirDotsAndDashes() {
            TopicResolver resolver = TopicResolver.builder("cdc-prod.{table}").avroCompatible(true).build();
            assertThat(resolver.resolve(new TableId("db", "s", "my-table"))).isEqualTo("cdc-prod.my_table");
        }
    }
}
