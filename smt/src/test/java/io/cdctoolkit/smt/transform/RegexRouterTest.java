package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.testing.TestEvents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegexRouterTest {

    private final RegexRouterFactory factory = new RegexRouterFactory();

    private static ChangeEvent on(TableId table, String topic) {
        return ChangeEvent.builder(table, Op.CREATE, topic).value(TestEvents.insert(1, "a").value()).build();
    }

    private static ChangeEvent onTopic(String topic) {
        return on(TestEvents.USERS, topic);
    }

    @Test
    void kafkaFormRewritesAFullyMatchingTopicWithGroups() throws Exception {
        Stage router = Transforms.create(factory, Map.of("regex", "shop\\.(\\w+)\\.(\\w+)", "replacement", "cdc-$1-$2"));
        assertThat(Transforms.one(router, onTopic("shop.public.users")).topic()).isEqualTo("cdc-public-users");
    }

    @Test
    void kafkaFormKeepsTheTopicWhenTheRegexOnlyMatchesPartOfIt() throws Exception {
        Stage router = Transforms.create(factory, Map.of("regex", "public", "replacement", "x"));
        ChangeEvent event = onTopic("shop.public.users");
        assertThat(Transforms.one(router, event)).isSameAs(event);
    }

    @Test
    void namedGroupsWork() throws Exception {
        Stage router = Transforms.create(factory, Map.of("regex", "shop\\.(?<schema>\\w+)\\.users",
                "replacement", "${schema}.people"));
        assertThat(Transforms.one(router, onTopic("shop.public.users")).topic()).isEqualTo("public.people");
    }

    @Test
    void routesFormSearchesSchemaDotTableFirstMatchWins() throws Exception {
        Stage router = Transforms.create(factory, Map.of("routes", List.of(
                Map.of("pattern", "^public\\.user", "topic", "users"),
                Map.of("pattern", "user", "topic", "other-users"),
                Map.of("pattern", "^(\\w+)\\.orders$", "topic", "orders-$1"))));
        assertThat(Transforms.one(router, on(new TableId("shop", "public", "users"), "t")).topic()).isEqualTo("users");
        assertThat(Transforms.one(router, on(new TableId("shop", "crm", "users"), "t")).topic()).isEqualTo("other-users");
        assertThat(Transforms.one(router, on(new TableId("shop", "sales", "orders"), "t")).topic())
                .isEqualTo("orders-sales");
        assertThat(Transforms.one(router, on(new TableId("shop", "sales", "items"), "keep.me")).topic())
                .as("no route and no default_topic: the topic is kept").isEqualTo("keep.me");
    }

    @Test
    void routesUseDatabaseDotTableWhenTheSourceHasNoSchema() throws Exception {
        Stage router = Transforms.create(factory, Map.of("routes", List.of(Map.of("pattern", "^inventory\\.orders$",
                "topic", "orders")), "default_topic", "rest"));
        assertThat(Transforms.one(router, on(new TableId("inventory", null, "orders"), "t")).topic()).isEqualTo("orders");
        assertThat(Transforms.one(router, on(new TableId("inventory", null, "items"), "t")).topic()).isEqualTo("rest");
    }

    @Test
    void tombstonesAreRoutedLikeTheRecordsTheyDelete() throws Exception {
        Stage router = Transforms.create(factory, Map.of("regex", "shop\\.public\\.(.*)", "replacement", "$1"));
        ChangeEvent tombstone = ChangeEvent.builder(TestEvents.USERS, Op.DELETE, "shop.public.users").build();
        assertThat(Transforms.one(router, tombstone).topic()).isEqualTo("users");
    }

    @Test
    void anIllegalTopicFromGroupsIsAnInvalidDataErrorAtRuntime() throws Exception {
        Stage router = Transforms.create(factory, Map.of("regex", "(.*)", "replacement", "cdc/$1"));
        assertThatThrownBy(() -> router.apply(onTopic("users"), e -> { }))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("regex_router")
                .hasMessageContaining("'cdc/users' is not a valid Kafka topic name")
                .hasMessageContaining("'/'")
                .hasMessageContaining("transforms[0].config.replacement");
    }

    @Test
    void check249CharactersIsTheLimit() throws Exception {
        Stage router = Transforms.create(factory, Map.of("regex", "(.*)", "replacement", "$1$1x"));
        assertThat(Transforms.one(router, onTopic("t".repeat(124))).topic()).hasSize(249);
        assertThatThrownBy(() -> router.apply(onTopic("t".repeat(125)), e -> { }))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("at most 249 characters");
    }

    @Test
    void outputShapesShowTheRoutedTopicAndReportAnIllegalOneAtTheOption() throws Exception {
        Stage router = Transforms.create(factory, Map.of("regex", "shop\\.public\\.(.*)", "replacement", "$1 copy"));
        EventShape shape = new EventShape(TestEvents.USERS, "shop.public.users", null, TestEvents.ENVELOPE_SCHEMA);
        assertThatThrownBy(() -> router.outputShapes(shape)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms[0].config.replacement")
                .hasMessageContaining("shop.public.users");
        Stage ok = Transforms.create(factory, Map.of("regex", "shop\\.public\\.(.*)", "replacement", "$1"));
        assertThat(ok.outputShapes(shape)).containsExactly(shape.withTopic("users"));
        assertThat(ok.outputShapes(shape.withTopic("other"))).containsExactly(shape.withTopic("other"));
    }

    /**
     * Whether the router acts on a shape's events (check warns of one that acts on no table): the oracle is the router
     * run on an event of that topic and table — it acts exactly when it moves the event.
     */
    @Test
    void mayApplyToSaysWhetherTheEventsAreRouted() throws Exception {
        List<Stage> routers = List.of(
                Transforms.create(factory, Map.of("regex", "shop\\.public\\.(.*)", "replacement", "$1")),
                Transforms.create(factory, Map.of("regex", "pg\\.public\\.(.*)", "replacement", "$1")),
                Transforms.create(factory, Map.of("regex", "public", "replacement", "x")),
                Transforms.create(factory, Map.of("routes", List.of(Map.of("pattern", "^crm\\.", "topic", "crm")))),
                Transforms.create(factory, Map.of("routes", List.of(Map.of("pattern", "^crm\\.", "topic", "crm")),
                        "default_topic", "rest")));
        for (Stage router : routers) {
            for (String topic : List.of("shop.public.users", "pg.public.users")) {
                ChangeEvent event = onTopic(topic);
                boolean moved = !Transforms.one(router, event).topic().equals(topic);
                EventShape shape = new EventShape(TestEvents.USERS, topic, null, TestEvents.ENVELOPE_SCHEMA);
                assertThat(router.mayApplyTo(shape)).as(router + " on " + topic).isEqualTo(moved);
            }
        }
    }

    @Test
    void constantIllegalTopicsAreConfigErrorsAtLoad() throws Exception {
        assertThat(Transforms.validate(factory, Map.of("regex", ".*", "replacement", "my topic")))
                .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.replacement");
        assertThat(Transforms.validate(factory, Map.of("regex", ".*", "replacement", "..")))
                .extracting(ConfigProblem::message).singleElement().asString().contains("'.' or '..'");
        assertThat(Transforms.validate(factory, Map.of("routes", List.of(Map.of("pattern", "a", "topic", "ok")),
                "default_topic", "bad:topic")))
                .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.default_topic");
        assertThat(Transforms.validate(factory, Map.of("routes", List.of(Map.of("pattern", "a", "topic", "")))))
                .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.routes[0].topic");
        assertThatThrownBy(() -> Transforms.create(factory, Map.of("regex", ".*", "replacement", "a b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transforms[0].config.replacement");
    }

    @Test
    void badRegexesAndGroupReferencesAreConfigErrorsAtTheirKeyPath() throws Exception {
        assertThat(Transforms.validate(factory, Map.of("regex", "(unclosed", "replacement", "x")))
                .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.regex");
        assertThat(Transforms.validate(factory, Map.of("regex", "(a)", "replacement", "$2")))
                .singleElement().satisfies(p -> {
                    assertThat(p.keyPath()).isEqualTo("transforms[0].config.replacement");
                    assertThat(p.message()).contains("No group 2");
                });
        assertThat(Transforms.validate(factory, Map.of("regex", "(a)", "replacement", "${nope}")))
                .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.replacement");
        assertThat(Transforms.validate(factory, Map.of("routes", List.of(Map.of("pattern", "[", "topic", "x")))))
                .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.routes[0].pattern");
        assertThat(Transforms.validate(factory, Map.of("routes", List.of(Map.of("pattern", "a", "topci", "x")))))
                .extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("transforms[0].config.routes[0].topci", "transforms[0].config.routes[0].topic");
    }

    @Test
    void formsMustBeCompleteAndNotMixed() throws Exception {
        assertThat(Transforms.validate(factory, Map.of())).extracting(ConfigProblem::message).singleElement()
                .asString().contains("needs regex + replacement, or routes");
        assertThat(Transforms.validate(factory, Map.of("regex", "a")))
                .extracting(ConfigProblem::keyPath).containsExactly("transforms[0].config.replacement");
        assertThat(Transforms.validate(factory, Map.of("regex", "a", "replacement", "b",
                "routes", List.of(Map.of("pattern", "a", "topic", "b")))))
                .extracting(ConfigProblem::message).singleElement().asString().contains("cannot be combined");
    }

    @Test
    void theResultIsCachedPerTopicAndPerTable() throws Exception {
        RegexRouter kafka = (RegexRouter) Transforms.create(factory, Map.of("regex", "(.*)", "replacement", "x.$1"));
        for (int i = 0; i < 100; i++) kafka.apply(onTopic("t" + (i % 3)), e -> { });
        assertThat(kafka.cachedOutcomes()).isEqualTo(3);
        RegexRouter routes = (RegexRouter) Transforms.create(factory,
                Map.of("routes", List.of(Map.of("pattern", "users", "topic", "u"))));
        for (int i = 0; i < 100; i++) routes.apply(on(TestEvents.USERS, "topic" + i), e -> { });
        assertThat(routes.cachedOutcomes()).as("routes depend on the table only").isEqualTo(1);
    }

    @Test
    void theCacheIsBounded() throws Exception {
        RegexRouter kafka = (RegexRouter) Transforms.create(factory, Map.of("regex", "(.*)", "replacement", "x.$1"));
        for (int i = 0; i < RegexRouter.MAX_CACHED + 10; i++) {
            assertThat(Transforms.one(kafka, onTopic("t" + i)).topic()).isEqualTo("x.t" + i);
        }
        assertThat(kafka.cachedOutcomes()).isLessThanOrEqualTo(RegexRouter.MAX_CACHED);
    }
}
