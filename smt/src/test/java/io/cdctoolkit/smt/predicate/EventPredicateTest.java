package io.cdctoolkit.smt.predicate;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.data.TransactionMetadata;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.engine.testing.TestEvents;
import io.cdctoolkit.smt.predicate.EventPredicate.Decision;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPredicateTest {

    private static final TableId MYSQL_ORDERS = new TableId("inventory", null, "orders");

    static EventPredicate predicate(Map<String, ?> keys) throws ConfigException {
        return EventPredicate.compile(Options.of("transforms[0].predicate", TransformFactory.PREDICATE_OPTIONS, keys));
    }

    private static ChangeEvent on(TableId table) {
        return ChangeEvent.builder(table, Op.CREATE, "t").value(TestEvents.insert(1, "a").value()).build();
    }

    private static ChangeEvent tombstone() {
        return ChangeEvent.builder(TestEvents.USERS, Op.DELETE, TestEvents.TOPIC).build();
    }

    private static EventShape shape(TableId table, String topic) {
        return new EventShape(table, topic, TestEvents.KEY_SCHEMA, TestEvents.ENVELOPE_SCHEMA);
    }

    @Test
    void tablesAreSearchedInSchemaDotTableOrDatabaseDotTable() throws Exception {
        EventPredicate p = predicate(Map.of("tables", List.of("^public\\.us", "^inventory\\.orders$")));
        assertThat(p.test(on(TestEvents.USERS))).isTrue();
        assertThat(p.test(on(MYSQL_ORDERS))).as("no schema: database.table").isTrue();
        assertThat(p.test(on(new TableId("shop", "crm", "users")))).isFalse();
        assertThat(predicate(Map.of("tables", List.of("sers"))).test(on(TestEvents.USERS))).as("search").isTrue();
    }

    @Test
    void schemasAndDatabasesMatchTheirLevelAndAnAbsentLevelNeverMatches() throws Exception {
        assertThat(predicate(Map.of("schemas", List.of("^pub"))).test(on(TestEvents.USERS))).isTrue();
        assertThat(predicate(Map.of("schemas", List.of(".*"))).test(on(MYSQL_ORDERS))).isFalse();
        assertThat(predicate(Map.of("databases", List.of("^shop$"))).test(on(TestEvents.USERS))).isTrue();
        assertThat(predicate(Map.of("databases", List.of("^shop$"))).test(on(MYSQL_ORDERS))).isFalse();
    }

    @Test
    void operationsListAlternatives() throws Exception {
        EventPredicate p = predicate(Map.of("operations", List.of("c", "u")));
        assertThat(p.test(TestEvents.insert(1, "a"))).isTrue();
        assertThat(p.test(TestEvents.update(1, "a", "b", 2))).isTrue();
        assertThat(p.test(TestEvents.delete(1, "a", 2))).isFalse();
    }

    @Test
    void fieldExistsLooksAtTheRowNotTheEnvelope() throws Exception {
        assertThat(predicate(Map.of("field_exists", List.of("nope", "email"))).test(TestEvents.insert(1, "a"))).isTrue();
        assertThat(predicate(Map.of("field_exists", List.of("nope"))).test(TestEvents.insert(1, "a"))).isFalse();
        assertThat(predicate(Map.of("field_exists", List.of("source"))).test(TestEvents.insert(1, "a")))
                .as("envelope fields are not row fields").isFalse();
        assertThat(predicate(Map.of("field_exists", List.of("email"))).test(tombstone())).isFalse();
    }

    @Test
    void fieldValueReadsAfterOrBeforeForDeletes() throws Exception {
        EventPredicate ann = predicate(Map.of("field_value", Map.of("field", "name", "value", "ann")));
        assertThat(ann.test(TestEvents.insert(1, "ann"))).isTrue();
        assertThat(ann.test(TestEvents.insert(1, "bob"))).isFalse();
        assertThat(ann.test(TestEvents.update(1, "ann", "bob", 2))).as("after counts").isFalse();
        assertThat(ann.test(TestEvents.delete(1, "ann", 2))).as("before of a delete").isTrue();
        assertThat(ann.test(tombstone())).isFalse();
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("field", "email");
        assertThat(predicate(Map.of("field_value", nullValue)).test(withoutEmail()))
                .as("no value = the field is null").isTrue();
        assertThat(predicate(Map.of("field_value", nullValue)).test(TestEvents.insert(1, "a"))).isFalse();
    }

    /** An insert whose email is null. */
    static ChangeEvent withoutEmail() {
        ChangeEvent insert = TestEvents.insert(1, "a");
        Row after = Row.of(TestEvents.ROW_SCHEMA, 1L, "a", null);
        return insert.withValue(insert.value().toBuilder().set(Envelope.AFTER_INDEX, after).build());
    }

    @Test
    void fieldValueComparesNumbersByValue() throws Exception {
        RowSchema schema = RowSchema.builder("t").required("amount", new FieldType.Decimal(10, 2))
                .required("n", FieldType.INT64).required("f", FieldType.FLOAT32).required("s", FieldType.STRING).build();
        ChangeEvent event = ChangeEvent.builder(TestEvents.USERS, Op.CREATE, "t")
                .value(Row.of(schema, new BigDecimal("10.50"), 42L, 0.1f, "10.50")).build();
        assertThat(predicate(Map.of("field_value", Map.of("field", "amount", "value", 10.5))).test(event)).isTrue();
        assertThat(predicate(Map.of("field_value", Map.of("field", "amount", "value", "10.500"))).test(event)).isTrue();
        assertThat(predicate(Map.of("field_value", Map.of("field", "amount", "value", "10.51"))).test(event)).isFalse();
        assertThat(predicate(Map.of("field_value", Map.of("field", "n", "value", 42))).test(event)).isTrue();
        assertThat(predicate(Map.of("field_value", Map.of("field", "n", "value", "42.0"))).test(event)).isTrue();
        assertThat(predicate(Map.of("field_value", Map.of("field", "f", "value", 0.1))).test(event)).isTrue();
        assertThat(predicate(Map.of("field_value", Map.of("field", "s", "value", 10.5))).test(event))
                .as("a string field compares as text").isFalse();
        assertThat(predicate(Map.of("field_value", Map.of("field", "s", "value", "10.50"))).test(event)).isTrue();
    }

    @Test
    void topicMatchesTheWholeTopic() throws Exception {
        EventPredicate p = predicate(Map.of("topic_matches", "shop\\..*"));
        assertThat(p.test(TestEvents.insert(1, "a"))).isTrue();
        assertThat(predicate(Map.of("topic_matches", "public")).test(TestEvents.insert(1, "a"))).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(p.test(TestEvents.insert(1, "a").withTopic("other"))).isFalse();
            assertThat(p.test(TestEvents.insert(1, "a"))).isTrue();
        }
    }

    @Test
    void isTombstoneAndHasHeader() throws Exception {
        assertThat(predicate(Map.of("is_tombstone", true)).test(tombstone())).isTrue();
        assertThat(predicate(Map.of("is_tombstone", true)).test(TestEvents.insert(1, "a"))).isFalse();
        assertThat(predicate(Map.of("is_tombstone", false)).test(tombstone())).isFalse();
        ChangeEvent withHeader = TestEvents.insert(1, "a").withHeaders(Headers.EMPTY.with("trace", (String) null));
        assertThat(predicate(Map.of("has_header", "trace")).test(withHeader)).as("a null value still counts").isTrue();
        assertThat(predicate(Map.of("has_header", "trace")).test(TestEvents.insert(1, "a"))).isFalse();
    }

    @Test
    void keysAreAndedAndNegateInvertsTheWhole() throws Exception {
        Map<String, Object> keys = Map.of("tables", List.of("users"), "operations", List.of("d"));
        EventPredicate p = predicate(keys);
        assertThat(p.test(TestEvents.delete(1, "a", 2))).isTrue();
        assertThat(p.test(TestEvents.insert(1, "a"))).isFalse();
        assertThat(p.test(ChangeEvent.builder(MYSQL_ORDERS, Op.DELETE, "t").build())).isFalse();
        Map<String, Object> negated = new HashMap<>(keys);
        negated.put("negate", true);
        EventPredicate not = predicate(negated);
        assertThat(not.test(TestEvents.delete(1, "a", 2))).isFalse();
        assertThat(not.test(TestEvents.insert(1, "a"))).isTrue();
        assertThat(predicate(Map.of()).test(TestEvents.insert(1, "a"))).as("no keys: always").isTrue();
    }

    @Test
    void decideKnowsWhatTheShapeDecides() throws Exception {
        EventShape users = shape(TestEvents.USERS, TestEvents.TOPIC);
        assertThat(predicate(Map.of("tables", List.of("users"))).decide(users)).isEqualTo(Decision.ALWAYS);
        assertThat(predicate(Map.of("tables", List.of("orders"))).decide(users)).isEqualTo(Decision.NEVER);
        assertThat(predicate(Map.of("tables", List.of("orders"), "negate", true)).decide(users))
                .isEqualTo(Decision.ALWAYS);
        assertThat(predicate(Map.of("topic_matches", "shop.*")).decide(users)).isEqualTo(Decision.ALWAYS);
        assertThat(predicate(Map.of("topic_matches", "x")).decide(users)).isEqualTo(Decision.NEVER);
        assertThat(predicate(Map.of("operations", List.of("c"))).decide(users)).isEqualTo(Decision.DEPENDS_ON_EVENT);
        assertThat(predicate(Map.of("operations", List.of("c"), "negate", true)).decide(users))
                .isEqualTo(Decision.DEPENDS_ON_EVENT);
        assertThat(predicate(Map.of("has_header", "h")).decide(users)).isEqualTo(Decision.DEPENDS_ON_EVENT);
        assertThat(predicate(Map.of("field_exists", List.of("email"))).decide(users)).isEqualTo(Decision.ALWAYS);
        assertThat(predicate(Map.of("field_exists", List.of("nope"))).decide(users)).isEqualTo(Decision.NEVER);
        assertThat(predicate(Map.of("field_value", Map.of("field", "name", "value", "a"))).decide(users))
                .isEqualTo(Decision.DEPENDS_ON_EVENT);
        assertThat(predicate(Map.of("field_value", Map.of("field", "nope", "value", "a"))).decide(users))
                .isEqualTo(Decision.NEVER);
        EventShape tomb = users.withValue(null);
        assertThat(predicate(Map.of("is_tombstone", true)).decide(tomb)).isEqualTo(Decision.ALWAYS);
        assertThat(predicate(Map.of("is_tombstone", true)).decide(users)).isEqualTo(Decision.NEVER);
        assertThat(predicate(Map.of("field_exists", List.of("email"))).decide(tomb)).isEqualTo(Decision.NEVER);
    }

    /**
     * A shape says which operations its events can have: a predicate on table changes never applies to transaction
     * BEGIN/END events, one listing every operation of the shape always does, as {@code test} finds on such events.
     */
    @Test
    void decideKnowsTheOperationsTheShapeCanHave() throws Exception {
        EventShape users = shape(TestEvents.USERS, TestEvents.TOPIC);
        TableId transactionTable = new TableId("shop", null, "transaction");
        EventShape transactions = new EventShape(transactionTable, "shop.transaction", TransactionMetadata.KEY,
                TransactionMetadata.VALUE, Set.of(Op.TRANSACTION));
        ChangeEvent begin = ChangeEvent.builder(transactionTable, Op.TRANSACTION, "shop.transaction")
                .key(TransactionMetadata.key("1:2")).value(TransactionMetadata.begin("1:2", 0L)).build();

        EventPredicate tableChanges = predicate(Map.of("operations", List.of("c", "r", "u", "d")));
        assertThat(tableChanges.decide(transactions)).isEqualTo(Decision.NEVER);
        assertThat(tableChanges.test(begin)).isFalse();
        assertThat(tableChanges.decide(users)).isEqualTo(Decision.DEPENDS_ON_EVENT);

        EventPredicate notTransactions = predicate(Map.of("operations", List.of("tx", "m"), "negate", true));
        assertThat(notTransactions.decide(transactions)).isEqualTo(Decision.NEVER);
        assertThat(notTransactions.test(begin)).isFalse();
        assertThat(notTransactions.decide(users)).isEqualTo(Decision.ALWAYS);

        EventPredicate onlyTransactions = predicate(Map.of("operations", List.of("tx")));
        assertThat(onlyTransactions.decide(transactions)).isEqualTo(Decision.ALWAYS);
        assertThat(onlyTransactions.test(begin)).isTrue();
        assertThat(onlyTransactions.decide(users)).isEqualTo(Decision.NEVER);
        assertThat(predicate(Map.of("operations", List.of("c", "r", "u", "d", "t"))).decide(users))
                .isEqualTo(Decision.ALWAYS);
    }

    @Test
    void badRegexesAndOperationsAreReportedAtTheirKeyPath() {
        assertThatThrownBy(() -> predicate(Map.of("tables", List.of("ok", "(bad"), "topic_matches", "[x",
                "operations", List.of("c", "insert"))))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::keyPath)
                        .containsExactlyInAnyOrder("transforms[0].predicate.tables[1]",
                                "transforms[0].predicate.topic_matches", "transforms[0].predicate.operations[1]"))
                .hasMessageContaining("not a valid regex");
    }
}
