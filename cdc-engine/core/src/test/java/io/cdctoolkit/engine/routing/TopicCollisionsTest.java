package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCollisionsTest {

    private static final TableId USERS = new TableId("app", "public", "Users");
    private static final TableId USERS_LOWER = new TableId("app", "public", "users");
    private static final TableId ORDERS = new TableId("app", "public", "orders");

    private static Map<TableId, String> resolveAll(TopicResolver resolver, TableId... tables) {
        Map<TableId, String> topics = new LinkedHashMap<>();
        for (TableId t : tables) topics.put(t, resolver.resolve(t));
        return topics;
    }

    @Test
    void noFindingsForDistinctTopics() {
        TopicResolver resolver = TopicResolver.builder("cdc.{schema}.{table}").build();
        assertThat(TopicCollisions.check(resolveAll(resolver, USERS, USERS_LOWER, ORDERS))).isEmpty();
    }

    @Test
    void twoTablesOnOneTopicIsAnErrorNamingBoth() {
        TopicResolver resolver = TopicResolver.builder("cdc.{schema}.{table}").caseConversion(CaseConversion.LOWER).build();
        List<CollisionFinding> findings = TopicCollisions.check(resolveAll(resolver, USERS, USERS_LOWER, ORDERS));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CollisionFinding.Severity.ERROR);
            assertThat(f.kind()).isEqualTo(CollisionFinding.Kind.SAME_TOPIC);
            assertThat(f.topics()).containsExactly("cdc.public.users");
            assertThat(f.tables()).containsExactly(USERS, USERS_LOWER);
            assertThat(f.message()).contains("app.public.Users", "app.public.users", "'cdc.public.users'");
        });
        assertThat(TopicCollisions.hasErrors(findings)).isTrue();
    }

    @Test
    void onCollisionWarnDowngradesToAWarning() {
        TopicResolver resolver = TopicResolver.builder("cdc.all").onCollision(OnCollision.WARN).build();
        List<CollisionFinding> findings = TopicCollisions.check(resolveAll(resolver, USERS, ORDERS),
                resolver.onCollision());
        assertThat(findings).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(CollisionFinding.Severity.WARNING));
        assertThat(TopicCollisions.hasErrors(findings)).isFalse();
    }

    @Test
    void topicsDifferingOnlyByDotVersusUnderscoreWarn() {
        // {schema}.{table}: "a_b"."c" vs "a"."b_c" — distinct topics, same Kafka metric name
        TopicResolver resolver = TopicResolver.builder("{schema}.{table}").build();
        TableId one = new TableId("db", "a_b", "c");
        TableId two = new TableId("db", "a", "b_c");
        List<CollisionFinding> findings = TopicCollisions.check(resolveAll(resolver, one, two, ORDERS));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(CollisionFinding.Severity.WARNING);
            assertThat(f.kind()).isEqualTo(CollisionFinding.Kind.METRIC_NAME_CLASH);
            assertThat(f.topics()).containsExactly("a.b_c", "a_b.c");
            assertThat(f.tables()).containsExactlyInAnyOrder(one, two);
        });
    }

    @Test
    void threeTablesOnOneTopicAreAllListed() {
        TopicResolver resolver = TopicResolver.builder("{table}").build();
        TableId a = new TableId("x", "s", "t");
        TableId b = new TableId("y", "s", "t");
        TableId c = new TableId("z", "s", "t");
        assertThat(TopicCollisions.check(resolveAll(resolver, c, a, b))).singleElement()
                .satisfies(f -> assertThat(f.tables()).containsExactly(a, b, c));
    }
}
