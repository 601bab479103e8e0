package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.postgres.embedded.EmbeddedPostgresServer;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README command 1: {@code quickstart} on the embedded PostgreSQL, run in-process on the example config
 * (copied with free ports). The oracle for the PII is the demo database itself, read again after the run.
 */
class QuickstartCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The example in a folder of its own (state_dir is relative to it), on free ports. */
    private Ports copyExample() throws Exception {
        int pg = CliHarness.freePort();
        int kafka = CliHarness.freePort();
        String text = Files.readString(CliHarness.EXAMPLES.resolve("quickstart-postgres.yaml"));
        assertThat(text).contains("port: 54329").contains("bootstrap_servers: embedded");
        Path config = tmp.resolve("quickstart-postgres.yaml");
        Files.writeString(config, text.replace("port: 54329", "port: " + pg)
                .replaceAll("(?m)^(\\s*)bootstrap_servers: embedded(.*)$", "$1bootstrap_servers: embedded$2\n$1embedded_port: " + kafka));
        return new Ports(config, pg, kafka, tmp.resolve(".cdc-toolkit/quickstart-postgres"));
    }

    private record Ports(Path config, int postgres, int kafka, Path stateDir) {
    }

    /**
     * Without {@code --config}, run outside the repository (the jar alone): quickstart writes the example it carries,
     * the repository's file byte for byte, next to the user, says so, and a later run takes that file as it is then
     * (edits kept). From the repository root it takes examples/quickstart-postgres.yaml.
     */
    @Test
    void withoutAConfigOutsideTheRepositoryTheBuiltInExampleIsWrittenOnceAndUsed() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        Path written = QuickstartCommand.defaultConfig(elsewhere, new java.io.PrintStream(said, true, StandardCharsets.UTF_8));

        assertThat(written).isEqualTo(elsewhere.resolve("quickstart-postgres.yaml"));
        assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(CliHarness.EXAMPLES.resolve("quickstart-postgres.yaml")));
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("quickstart: wrote " + written);

        Files.writeString(written, Files.readString(written) + "# edited\n");
        said.reset();
        assertThat(QuickstartCommand.defaultConfig(elsewhere, new java.io.PrintStream(said, true, StandardCharsets.UTF_8)))
                .isEqualTo(written);
        assertThat(Files.readString(written)).endsWith("# edited\n");
        assertThat(said.size()).as("nothing written the second time").isZero();

        Path repository = Files.createDirectories(tmp.resolve("repository/examples")).getParent();
        Files.copy(CliHarness.EXAMPLES.resolve("quickstart-postgres.yaml"), repository.resolve("examples/quickstart-postgres.yaml"));
        assertThat(QuickstartCommand.defaultConfig(repository, System.err))
                .isEqualTo(repository.resolve("examples/quickstart-postgres.yaml"));
        assertThat(repository.resolve("quickstart-postgres.yaml")).doesNotExist();
    }

    @Test
    void capturesTheDemoDatabaseEncryptsItsPiiInKafkaAndThePrintedTailCommandDecryptsIt() throws Exception {
        Ports example = copyExample();

        CliHarness.Result run = CliHarness.run("quickstart", "--config", example.config().toString(),
                "--duration", "12s", "--changes-per-second", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // Records read back from Kafka, Avro-decoded, from both tables, with every kind of change.
        List<JsonNode> shown = lines(run.out());
        assertThat(shown).extracting(r -> r.get("topic").asText()).contains("shop.customers", "shop.orders");
        assertThat(shown).extracting(r -> r.at("/value/op").asText()).contains("r", "c", "u", "d");
        JsonNode customer = shown.stream().filter(r -> r.get("topic").asText().equals("shop.customers")).findFirst().orElseThrow();
        assertThat(customer.at("/value/after/email").asText()).startsWith("enc:v1:");
        assertThat(customer.at("/value/after/name").asText()).isNotBlank(); // not listed: stays plaintext
        assertThat(shown).filteredOn(r -> r.get("topic").asText().equals("shop.orders"))
                .allSatisfy(r -> assertThat(r.at(r.at("/value/after").isObject() ? "/value/after/card_number"
                        : "/value/before/card_number").asText()).matches("\\*+\\d{4}"));
        assertThat(run.err()).contains("pipeline shop stopped after").contains("the workload committed customers ");
        assertThat(Files.getPosixFilePermissions(example.stateDir().resolve("keyset.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        // The tail command the summary prints, run after the quickstart ended (the registry read from the state folder).
        String printed = run.err().lines().map(String::strip)
                .filter(l -> l.startsWith("./cdc-toolkit tail") && l.contains("--topic shop.customers"))
                .findFirst().orElseThrow(() -> new AssertionError("no tail command in:\n" + run.err()));
        assertThat(printed).contains("--decrypt").contains("--config " + example.config());
        List<String> args = new ArrayList<>(Arrays.asList(printed.split(" ")));
        args.remove(0);
        CliHarness.Result tail = CliHarness.run(args.toArray(String[]::new));
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        List<JsonNode> decrypted = lines(tail.out());
        assertThat(decrypted).extracting(r -> r.at("/value/op").asText()).contains("r", "c", "u");
        assertThat(decrypted).allSatisfy(r -> assertThat(r.toString()).doesNotContain("enc:v1:"));

        // The oracle: the customers as the database holds them now.
        List<String> pii = new ArrayList<>();
        try (EmbeddedPostgresServer db = EmbeddedPostgresServer.start(example.stateDir().resolve("postgres"),
                example.postgres(), Map.of());
             Connection c = db.connect("shop"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email, phone, ssn FROM public.customers")) {
            while (rs.next()) pii.addAll(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
        assertThat(pii).hasSizeGreaterThan(3 * 8);
        String decryptedText = tail.out();
        String raw = rawTopicBytes(example, "shop.customers");
        for (String value : pii) {
            assertThat(raw).as("plaintext PII in Kafka").doesNotContain(value);
        }
        assertThat(raw).doesNotContain("@example.com");
        // Every customer still in the database was captured (snapshot or insert) and shows decrypted.
        try (EmbeddedPostgresServer db = EmbeddedPostgresServer.start(example.stateDir().resolve("postgres"),
                example.postgres(), Map.of());
             Connection c = db.connect("shop"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT email, ssn FROM public.customers")) {
            while (rs.next()) {
                assertThat(decryptedText).contains("\"email\":\"" + rs.getString(1) + "\"")
                        .contains("\"ssn\":\"" + rs.getString(2) + "\"");
            }
        }
    }

    @Test
    void aSecondRunContinuesFromTheFirstWithoutAnotherSnapshot() throws Exception {
        Ports example = copyExample();
        CliHarness.Result first = CliHarness.run("quickstart", "--config", example.config().toString(), "--duration", "5s");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("generated the encryption key");
        String key = Files.readString(example.stateDir().resolve("keyset.json"));

        CliHarness.Result second = CliHarness.run("quickstart", "--config", example.config().toString(), "--duration", "5s");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("database shop (from the last run)").doesNotContain("generated the encryption key");
        assertThat(Files.readString(example.stateDir().resolve("keyset.json"))).isEqualTo(key);
        Map<String, Long> lastOfFirstRun = new java.util.HashMap<>();
        lines(first.out()).forEach(r -> lastOfFirstRun.merge(r.get("topic").asText(), r.get("offset").asLong(), Math::max));
        // The view shows the topics from the beginning; what the second run added are changes only (op c,
        // u, d): the snapshot (op r) is not taken again, the slot and offsets carry on.
        List<JsonNode> added = lines(second.out()).stream()
                .filter(r -> r.get("offset").asLong() > lastOfFirstRun.getOrDefault(r.get("topic").asText(), -1L)).toList();
        assertThat(added).isNotEmpty().extracting(r -> r.at("/value/op").asText()).doesNotContain("r");
        assertThat(lines(first.out())).extracting(r -> r.at("/value/op").asText()).contains("r");
    }

    @Test
    void aConfigThatIsMissingIsAUsageError() {
        CliHarness.Result result = CliHarness.run("quickstart", "--config", tmp.resolve("nope.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG_ERROR);
        assertThat(result.err()).contains("nope.yaml does not exist");
    }

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) out.add(JSON.readTree(line));
        return out;
    }

    /** Every key and value byte of the topic, read with a plain consumer (no registry, no keys). */
    private static String rawTopicBytes(Ports example, String topic) throws Exception {
        StringBuilder all = new StringBuilder();
        try (EmbeddedBroker.Lease broker = EmbeddedBroker.acquire(
                EmbeddedBroker.defaultDataDir(example.stateDir()), example.kafka());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                     Map.of("bootstrap.servers", broker.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null) all.append(new String(r.key(), StandardCharsets.ISO_8859_1));
                    if (r.value() != null) all.append(new String(r.value(), StandardCharsets.ISO_8859_1));
                    records++;
                }
            }
            assertThat(records).isPositive();
        }
        return all.toString();
    }
}
