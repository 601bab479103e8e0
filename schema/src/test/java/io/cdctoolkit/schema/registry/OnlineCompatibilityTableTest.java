package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.registry.OnlineCompatibility;
import io.cdctoolkit.schema.registry.OnlineVerdict;
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
 * candidate checked at the registry's level. Online must equal the table's documented verdict and the
 * offline checkers' — except for the rows in {@link ApicurioDifferences}, where Apicurio's own rules
 * (not Confluent's) give the opposite answer, which is asserted as it is. Skipped without Java 21+.
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

        Set<CompatibilityLevel> differs = ApicurioDifferences.BY_ROW.getOrDefault(c.toString(), Set.of());
        SoftAssertions soft = new SoftAssertions();
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            if (level.transitive() && c.versions().size() < 3) continue; // with two versions they equal the plain levels
            client.setCompatibilityLevel(subject, level);
            OnlineVerdict verdict = online.check(client, subject, c.candidate(), null);
            CompatibilityResult offline = CompatibilityCheckers.forType(c.type()).check(c.candidate(), c.previous(), level);
            boolean documented = c.compatibleAt(level);

            soft.assertThat(verdict.byRegistry()).as("%s at %s: judged by the registry", c, level).isTrue();
            soft.assertThat(verdict.checkedLevel()).as("%s: the registry's level", c).isEqualTo(level);
            soft.assertThat(offline.compatible()).as("%s at %s offline vs the table", c, level).isEqualTo(documented);
            if (differs.contains(level)) {
                // Apicurio's actual answer: the opposite of Confluent's documented one.
                soft.assertThat(verdict.result().compatible()).as("%s at %s: Apicurio's own answer", c, level).isEqualTo(!documented);
            } else {
                soft.assertThat(verdict.result().compatible()).as("%s at %s online (Apicurio) vs offline and the table: %s",
                        c, level, verdict.result().problems()).isEqualTo(documented);
            }
            if (!verdict.result().compatible()) soft.assertThat(verdict.result().problems()).as("%s at %s: a reason", c, level).isNotEmpty();
        }
        soft.assertAll();
    }
}
