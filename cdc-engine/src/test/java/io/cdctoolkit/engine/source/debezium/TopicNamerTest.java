package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.postgres.PostgresSourceFactory;
import io.cdctoolkit.engine.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicNamerTest {

    private static Options options(Map<String, Object> extra) throws Exception {
        Map<String, Object> raw = new HashMap<>(Map.of("host", "h", "database", "app", "user", "u"));
        raw.putAll(extra);
        return Options.of("k", new PostgresSourceFactory().spec().options(), raw);
    }

    @Test
    void defaultsToDatabaseSchemaTableLeavingOutAbsentLevels() throws Exception {
        var namer = TopicNamer.fromOptions(options(Map.of()), null);
        assertThat(namer.apply(new TableId("app", "public", "users"))).isEqualTo("app.public.users");
        assertThat(namer.apply(new TableId("shop", null, "orders"))).isEqualTo("shop.orders");
    }

    @Test
    void patternWinsOverTheSourceTopicWhichWinsOverTheDefault() throws Exception {
        var routed = TopicNamer.fromOptions(options(Map.of("topic_routing", "cdc.{schema}.{table}")), "fallback");
        assertThat(routed.apply(new TableId("app", "public", "users"))).isEqualTo("cdc.public.users");
        assertThat(routed.apply(new TableId("shop", null, "orders"))).isEqualTo("cdc._unknown_.orders");
        assertThat(TopicNamer.fromOptions(options(Map.of()), "fallback").apply(new TableId("a", "b", "c")))
                .isEqualTo("fallback");
    }
}
