package io.cdctoolkit.cli;

import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.table.ApicurioDifferences;
import io.cdctoolkit.schema.compat.table.CompatibilityCase;
import io.cdctoolkit.schema.compat.table.CompatibilityTable;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when": {@code schema check} gives the same verdict online (a real Apicurio
 * Registry 3.3.3) and offline, on the whole shared rule table, through the command itself. Per row:
 * the earlier versions registered with {@code schema register} under a fresh subject at NONE, then,
 * per level, the subject's level set and the candidate checked with {@code --registry} (the
 * registry's verdict at its level) and with {@code --against} files. Online must give the exit code of
 * {@code --rules apicurio} offline on every pair, with no exception; offline with the default
 * (Confluent's) rules must give the table's documented verdict. ({@link ApicurioDifferences} documents
 * where the two rule sets differ.)
 */
class SchemaCheckOnlineTableTest {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> onlineAndOfflineSchemaCheckAgreeOnEveryRow() {
        List<CompatibilityCase> rows = new ArrayList<>();
        for (SchemaType type : SchemaType.values()) rows.addAll(CompatibilityTable.load(type));
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.toString(), () -> replay(row)));
    }

    private void replay(CompatibilityCase row) throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String url = registry.ccompatUrl();
        String subject = ApicurioRegistry.uniqueSubject(row.name() + "-value");
        Path dir = Files.createDirectories(tmp.resolve(row.type() + "-" + row.name()));
        String ext = CompatibilityTable.extension(row.type());
        List<String> earlier = new ArrayList<>();
        for (int v = 0; v < row.previous().size(); v++) {
            earlier.add(Files.writeString(dir.resolve("v" + (v + 1) + "." + ext), row.previous().get(v).text()).toString());
        }
        String candidate = Files.writeString(dir.resolve("candidate." + ext), row.candidate().text()).toString();

        registry.setSubjectCompatibility(subject, "NONE");
        for (String file : earlier) {
            CliHarness.Result registered = CliHarness.run("schema", "register", "--subject", subject, "--schema", file, "--registry", url);
            assertThat(registered.exitCode()).as("register %s: %s", file, registered.err()).isZero();
        }

        SoftAssertions soft = new SoftAssertions();
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            if (level.transitive() && row.versions().size() < 3) continue; // with two versions they equal the plain levels
            registry.setSubjectCompatibility(subject, level.name());
            CliHarness.Result online = CliHarness.run("schema", "check", "--subject", subject, "--schema", candidate, "--registry", url);
            List<String> offlineArgs = new ArrayList<>(List.of("schema", "check", "--subject", subject, "--schema", candidate,
                    "--level", level.name()));
            for (String file : earlier) {
                offlineArgs.add("--against");
                offlineArgs.add(file);
            }
            CliHarness.Result offline = CliHarness.run(offlineArgs.toArray(String[]::new));
            offlineArgs.addAll(List.of("--rules", "apicurio"));
            CliHarness.Result apicurioOffline = CliHarness.run(offlineArgs.toArray(String[]::new));

            soft.assertThat(offline.exitCode()).as("%s at %s offline (confluent rules): %s", row, level, offline.err())
                    .isEqualTo(row.compatibleAt(level) ? ExitCodes.OK : ExitCodes.CHECK_FAILED);
            soft.assertThat(apicurioOffline.exitCode()).as("%s at %s offline (apicurio rules): %s", row, level, apicurioOffline.err())
                    .isIn(ExitCodes.OK, ExitCodes.CHECK_FAILED);
            soft.assertThat(online.exitCode()).as("%s at %s online (Apicurio: %s%s) vs --rules apicurio offline (%s)", row, level,
                            online.out(), online.err(), apicurioOffline.out())
                    .isEqualTo(apicurioOffline.exitCode());
            soft.assertThat(online.err()).as("%s at %s: the registry judged at its level", row, level)
                    .containsPattern(" at " + level.name() + "[ :]").contains("judged by the registry");
        }
        soft.assertAll();
    }
}
