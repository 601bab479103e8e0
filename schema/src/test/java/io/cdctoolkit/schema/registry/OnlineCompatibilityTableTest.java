package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.registry.OnlineCompatibility;
import io.cdctoolkit.schema.registry.OnlineVerdict;
import io.cdctoolkit.schema.compat.RuleSet;
import io.cdctoolkit.schema.compat.table.ApicurioDifferences;
import io.cdctoolkit.schema.compat.table.CompatibilityCase;
import io.cdctoolkit.schema.compat.table.CompatibilityTable;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.rest.ConfluentRestRegistryClient;
import io.cdctoolkit.schema.registry.rest.RestRegistrySettings;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole shared rule table (Avro, Protobuf, JSON Schema) replayed online against a real Apicurio
 * Registry 3.3.3, through the same {@link OnlineCompatibility} hook {@code schema check --registry}
 * uses: per case a fresh subject, v1..v(n-1) registered at NONE, then the subject's level set and the
 * candidate checked at the registry's level. Online must equal the offline checkers of the
 * {@link RuleSet#APICURIO} rule set on every (row, level) pair, with no exception; the
 * {@link RuleSet#CONFLUENT} set offline must give the table's documented verdict. (Where the two sets
 * differ is {@link ApicurioDifferences}, checked offline by CompatibilityTableTest.) Skipped without
 * Java 21+.
 */
class OnlineCompatibilityTableTest {

    private static ConfluentRestRegistryClient client;
    private static OnlineCompatibility online;

    @Test
    void everyListedDifferenceNamesARowOfTheTable() {
        Set<String> rows = new HashSet<>();
        for (SchemaType type : SchemaType.values()) CompatibilityTable.load(type).forEach(c -> rows.add(c.toString()));
        assertThat(rows).containsAll(ApicurioDifferences.BY_ROW.keySet());
    }

    @Test
    void atAnotherLevelThanTheSubjectsTheRegistrysVersionsAreJudgedByTheRuleSetGiven() throws Exception {
        CompatibilityCase removeField = CompatibilityTable.load(SchemaType.PROTOBUF).stream()
                .filter(c -> c.name().equals("remove_field")).findFirst().orElseThrow();
        String subject = ApicurioRegistry.uniqueSubject("fallback-value");
        client.setCompatibilityLevel(subject, CompatibilityLevel.NONE);
        client.register(subject, removeField.previous().get(0), false);

        OnlineVerdict apicurio = online.check(client, subject, removeField.candidate(), CompatibilityLevel.BACKWARD, RuleSet.APICURIO);
        OnlineVerdict confluent = online.check(client, subject, removeField.candidate(), CompatibilityLevel.BACKWARD, RuleSet.CONFLUENT);
        client.setCompatibilityLevel(subject, CompatibilityLevel.BACKWARD);
        OnlineVerdict registry = online.check(client, subject, removeField.candidate(), null, RuleSet.APICURIO);

        assertThat(apicurio.byRegistry()).isFalse();
        assertThat(apicurio.rules()).isEqualTo(RuleSet.APICURIO);
        assertThat(apicurio.versions()).isEqualTo(1);
        assertThat(registry.byRegistry()).isTrue();
        // Apicurio itself refuses a field removed without reserving it; Confluent's rules allow it.
        assertThat(apicurio.result().compatible()).isEqualTo(registry.result().compatible()).isFalse();
        assertThat(confluent.result().compatible()).isEqualTo(removeField.compatibleAt(CompatibilityLevel.BACKWARD)).isTrue();
    }

    @BeforeAll
    static void connect() {
        client = new ConfluentRestRegistryClient(RestRegistrySettings.of(ApicurioRegistry.shared().ccompatUrl()));
        online = ServiceLoader.load(OnlineCompatibility.class).findFirst().orElseThrow();
    }

    @AfterAll
    static void close() {
        if (client != null) client.close();
    }

    @TestFactory
    Stream<DynamicTest> everyRowGivesTheSameVerdictOnlineAsOffline() {
        List<CompatibilityCase> cases = new ArrayList<>();
        for (SchemaType type : SchemaType.values()) cases.addAll(CompatibilityTable.load(type));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> replay(c)));
    }

    private static void replay(CompatibilityCase c) throws Exception {
        String subject = ApicurioRegistry.uniqueSubject(c.name() + "-value");
        client.setCompatibilityLevel(subject, CompatibilityLevel.NONE);
        for (SchemaText version : c.previous()) client.register(subject, version, false);
        assertThat(client.versions(subject)).as("registered versions").hasSize(c.previous().size());

        SoftAssertions soft = new SoftAssertions();
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            if (level.transitive() && c.versions().size() < 3) continue; // with two versions they equal the plain levels
            client.setCompatibilityLevel(subject, level);
            OnlineVerdict verdict = online.check(client, subject, c.candidate(), null, RuleSet.APICURIO);
            CompatibilityResult apicurioOffline = CompatibilityCheckers.forType(c.type(), RuleSet.APICURIO)
                    .check(c.candidate(), c.previous(), level);
            CompatibilityResult confluentOffline = CompatibilityCheckers.forType(c.type(), RuleSet.CONFLUENT)
                    .check(c.candidate(), c.previous(), level);

            soft.assertThat(verdict.byRegistry()).as("%s at %s: judged by the registry", c, level).isTrue();
            soft.assertThat(verdict.checkedLevel()).as("%s: the registry's level", c).isEqualTo(level);
            soft.assertThat(confluentOffline.compatible()).as("%s at %s: confluent rules offline vs the table", c, level)
                    .isEqualTo(c.compatibleAt(level));
            soft.assertThat(verdict.result().compatible())
                    .as("%s at %s: online (Apicurio: %s) vs apicurio rules offline (%s)", c, level,
                            verdict.result().problems(), apicurioOffline.problems())
                    .isEqualTo(apicurioOffline.compatible());
            if (!verdict.result().compatible()) soft.assertThat(verdict.result().problems()).as("%s at %s: a reason", c, level).isNotEmpty();
            if (!verdict.result().compatible() && !apicurioOffline.compatible()) {
                // Apicurio refuses without a reason: the offline rules of its rule set add theirs, saying whose.
                soft.assertThat(verdict.result().problems()).as("%s at %s: the offline rules' reasons", c, level)
                        .containsAll(apicurioOffline.problems().stream()
                                .map(p -> p + " (cdc-toolkit's offline apicurio rules)").toList());
            }
        }
        soft.assertAll();
    }
}
