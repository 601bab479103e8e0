package io.cdctoolkit.cli;

import io.cdctoolkit.testing.ApicurioRegistry;
import io.cdctoolkit.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schema check-tables} against a real PostgreSQL and a real Apicurio Registry 3.3.3: every captured table's
 * schemas, as the tables are now, checked against their subjects. The oracle is the registry itself: after the
 * tables change, registering each table's newly derived schema succeeds exactly where the command said compatible,
 * and is refused (409) where it said incompatible.
 */
class SchemaCheckTablesCommandTest {

    private static final String DB = "cli_check_tables";

    @TempDir
    Path tmp;

    @Test
    void everyTablesSchemasAreCheckedAsTheTablesAreNowAndTheRegistryAgreesWhenTheyAreRegistered() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase(DB);
        pg.execute(DB, "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2), note text)",
                "CREATE TABLE customers (id int PRIMARY KEY, name text)");
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String prefix = ApicurioRegistry.uniqueSubject("ct");
        Path config = Files.writeString(tmp.resolve("tables.yaml"), """
                version: "1.0"
                state_dir: %s
                schema_registry:
                  mode: external
                  format: avro
                  external: { url: "%s" }
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      ssl_mode: disable
                      topic_routing: "%s.{table}"
                sinks:
                  out: { connector: stdout }
                """.formatted(tmp.resolve("state"), registry.ccompatUrl(), pg.host(), pg.port(), DB, prefix));
        List<String> subjects = List.of(prefix + ".customers-key", prefix + ".customers-value", prefix + ".orders-key",
                prefix + ".orders-value");

        // No version yet: every table's key and value subject is new (the tables discovered: no include_tables).
        CliHarness.Result fresh = CliHarness.run("schema", "check-tables", "--config", config.toString());
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        for (String subject : subjects) assertThat(fresh.out()).contains("new: " + subject + " (");
        assertThat(fresh.err()).contains("4 subjects checked against " + registry.ccompatUrl()).contains("4 new");

        for (String subject : subjects) registerDerived(config, subject);
        for (String subject : subjects) registry.setSubjectCompatibility(subject, "BACKWARD");
        CliHarness.Result unchanged = CliHarness.run("schema", "check-tables", "--config", config.toString());
        assertThat(unchanged.exitCode()).as(unchanged.out() + unchanged.err()).isZero();
        for (String subject : subjects) assertThat(unchanged.out()).contains("compatible: " + subject + " (");
        assertThat(unchanged.out()).doesNotContain("warning:").doesNotContain("incompatible");

        // A decimal's scale changed (every registry accepts it: a warning), a text column become a number (refused).
        pg.execute(DB, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,3)",
                "ALTER TABLE customers ALTER COLUMN name TYPE bigint USING length(name)");
        CliHarness.Result changed = CliHarness.run("schema", "check-tables", "--config", config.toString());
        assertThat(changed.exitCode()).as(changed.out() + changed.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(changed.out())
                .contains("incompatible: " + prefix + ".customers-value (" + DB + ".public.customers, value)"
                        + " at BACKWARD:")
                // Apicurio says no more than "incompatible": the offline rules of its rule set say what and where.
                .contains("  incompatible with the latest version of " + prefix + ".customers-value"
                        + " (the registry gave no details)\n  /fields/")
                .containsPattern("\n  /fields/1/type/1: [^\n]+ \\(cdc-toolkit's offline apicurio rules\\)\n") // after
                .contains("compatible: " + prefix + ".orders-value (" + DB + ".public.orders, value) at BACKWARD")
                .contains("warning: " + prefix + ".orders-value (" + DB + ".public.orders, value): "
                        + prefix.replace('-', '_') + ".orders.Value.total: bytes decimal(10,2) → bytes decimal(12,3)")
                .contains("(compared with version 1)");
        assertThat(changed.err()).contains("3 compatible, 0 new, 1 incompatible; 1 warning");

        // The registry, given the schemas now derived, does what the command said.
        assertThat(registerDerived(config, prefix + ".customers-value").exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(registerDerived(config, prefix + ".orders-value").exitCode()).isZero();

        // --table narrows the check to the tables named.
        CliHarness.Result orders = CliHarness.run("schema", "check-tables", "--config", config.toString(),
                "--table", "public.orders");
        assertThat(orders.exitCode()).as(orders.out() + orders.err()).isZero();
        assertThat(orders.out()).doesNotContain("customers").contains(prefix + ".orders-key");
        assertThat(orders.err()).contains("2 subjects checked");

        // --tables (as backfill and topics spell it) is --table, comma-separated names too
        CliHarness.Result misspelt = CliHarness.run("schema", "check-tables", "--config", config.toString(),
                "--tables", "public.orders,public.ordrs");
        assertThat(misspelt.exitCode()).as(misspelt.err()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(misspelt.err()).contains("does not capture table " + DB + ".public.ordrs")
                .contains("it captures: " + DB + ".public.customers, " + DB + ".public.orders");
    }

    /** Registers the schema {@code schema derive} gives the subject's table and side; the registry's answer. */
    private CliHarness.Result registerDerived(Path config, String subject) throws Exception {
        String[] parts = subject.substring(subject.lastIndexOf('.') + 1).split("-");
        CliHarness.Result derived = CliHarness.run("schema", "derive", "--config", config.toString(), "--table",
                "public." + parts[0], "--only", parts[1]);
        assertThat(derived.exitCode()).as(derived.err()).isZero();
        Path file = Files.writeString(tmp.resolve(parts[0] + "-" + parts[1] + "-" + System.nanoTime() + ".avsc"),
                derived.out());
        return CliHarness.run("schema", "register", "--config", config.toString(), "--subject", subject, "--schema",
                file.toString());
    }
}
