package io.cdctoolkit.cli;

import io.cdctoolkit.testing.KafkaTestCluster;
import io.cdctoolkit.testing.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check} of a Kafka sink against a real in-process broker, and against nothing. */
class KafkaCheckTest {

    @TempDir
    Path tmp;

    private Path config(String bootstrap) throws Exception {
        Path file = tmp.resolve("kafka.yaml");
        Files.writeString(file, """
                sources:
                  gen: { connector: datagen, config: { max_events: 1 } }
                sinks:
                  kafka:
                    connector: kafka
                    config: { bootstrap_servers: "%s", request_timeout_ms: 3000 }
                """.formatted(bootstrap));
        return file;
    }

    @Test
    void aReachableBrokerPasses() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            CliHarness.Result result = CliHarness.run("check", "--config", config(kafka.bootstrapServers()).toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
            assertThat(result.out()).contains("✓ sink kafka: brokers").contains("reachable: 1 broker(s)");
        }
    }

    @Test
    void missingDestinationAndDeadLetterTopicsAreReportedWhenNothingWouldCreateThem() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start(Map.of("auto.create.topics.enable", "false"))) {
            Path file = tmp.resolve("missing.yaml");
            Files.writeString(file, """
                    sources:
                      gen: { connector: datagen, topic: orders.absent, config: { max_events: 1 } }
                    sinks:
                      kafka:
                        connector: kafka
                        config: { bootstrap_servers: "%s", request_timeout_ms: 3000 }
                    pipelines:
                      p:
                        source: gen
                        sink: kafka
                        settings: { on_error: dead_letter, dead_letter_topic: dlq.absent }
                    """.formatted(kafka.bootstrapServers()));

            CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

            assertThat(result.exitCode()).as(result.out() + result.err()).isNotZero();
            assertThat(result.out()).contains("✗ sink kafka: topics").contains("dlq.absent, orders.absent")
                    .contains("topic_creation is off").contains("set topic_creation.enabled: true");
        }
    }

    /**
     * A {@code regex_router} sends the events elsewhere than the source's topic: the topic checked for existence is
     * the one they go to, not the one the router renamed.
     */
    @Test
    void theTopicsCheckedAreThoseTheRouterSendsTheEventsTo() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start(Map.of("auto.create.topics.enable", "false"));
             Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("routed.orders", 1, (short) 1))).all().get();
            Path file = tmp.resolve("routed.yaml");
            String routed = """
                    sources:
                      gen:
                        connector: datagen
                        topic: shop.orders
                        config:
                          pattern: orders
                          namespace: shop
                          stream_name: orders
                          max_events: 1
                          transforms: [{ type: regex_router, config: { regex: "shop\\\\.(.*)", replacement: "%s.$1" } }]
                    sinks:
                      kafka:
                        connector: kafka
                        config: { bootstrap_servers: "%s", request_timeout_ms: 3000 }
                    """;
            Files.writeString(file, routed.formatted("routed", kafka.bootstrapServers()));

            CliHarness.Result exists = CliHarness.run("check", "--config", file.toString());

            assertThat(exists.exitCode()).as(exists.out() + exists.err()).isZero();
            assertThat(exists.out()).contains("✓ sink kafka: topics").contains("1 destination topic(s) exist")
                    .doesNotContain("shop.orders");

            Files.writeString(file, routed.formatted("elsewhere", kafka.bootstrapServers()));

            CliHarness.Result missing = CliHarness.run("check", "--config", file.toString());

            assertThat(missing.exitCode()).as(missing.out() + missing.err()).isNotZero();
            assertThat(missing.out()).contains("✗ sink kafka: topics")
                    .contains("1 destination topic(s) do not exist: elsewhere.orders").doesNotContain("shop.orders");
        }
    }

    /**
     * The topics of transaction BEGIN/END events and logical decoding messages are destinations too, where the
     * transforms send them; and the transforms are compiled against those events, as run meets them.
     */
    @Test
    void eventsThatAreNoTablesChangesAreCheckedLikeTheTables() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase("cli_events");
        pg.execute("cli_events", "CREATE TABLE customers (id int PRIMARY KEY, name text)");
        try (KafkaTestCluster kafka = KafkaTestCluster.start(Map.of("auto.create.topics.enable", "false"));
             Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("cli_events.public.customers", 1, (short) 1))).all().get();

            CliHarness.Result plain = CliHarness.run("check", "--config", eventsConfig(pg, kafka, "[]").toString());

            assertThat(plain.exitCode()).as(plain.out() + plain.err()).isNotZero();
            assertThat(plain.out()).contains("✗ sink kafka: topics")
                    .contains("2 destination topic(s) do not exist: cli_events.message, cli_events.transaction");

            // A field transform that would meet the BEGIN/END events: run would stop at the first of them.
            CliHarness.Result unfit = CliHarness.run("check", "--config",
                    eventsConfig(pg, kafka, "[{ type: mask_field, config: { fields: [name] } }]").toString());

            assertThat(unfit.exitCode()).as(unfit.out() + unfit.err()).isEqualTo(2);
            assertThat(unfit.out()).contains("✗ transforms pg")
                    .contains("sources.pg.config.transforms[0].config.fields: mask_field does not fit table"
                            + " cli_events.transaction: no field 'name'")
                    .contains("with predicate: { operations: [c, r, u, d] }");

            // Kept off them, and a router that renames their topics: the topics checked are the renamed ones.
            String keptOff = "{ type: mask_field, config: { fields: [name] }, predicate: { operations: [c, r, u, d] } }";
            String router = "{ type: regex_router, config: { regex: \"cli_events\\\\.(message|transaction)\","
                    + " replacement: \"app.$1\" } }";
            CliHarness.Result routed = CliHarness.run("check", "--config",
                    eventsConfig(pg, kafka, "[" + keptOff + ", " + router + "]").toString());

            assertThat(routed.exitCode()).as(routed.out() + routed.err()).isNotZero().isNotEqualTo(2);
            assertThat(routed.out()).contains("✓ transforms pg").contains("2 transform(s) fit 1 table(s) and the"
                            + " events of cli_events.message, cli_events.transaction")
                    .contains("2 destination topic(s) do not exist: app.message, app.transaction;");
        }
    }

    /**
     * A table without a key bound for a topic that compaction would make refuse its records, and a dead-letter topic
     * that exists compacted: warnings naming the topic, the tables and the fix. Without compaction: a pass.
     */
    @Test
    void compactedTopicsThatWouldLoseRecordsAreWarnedAbout() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        pg.createDatabase("cli_compacted");
        pg.execute("cli_compacted", "CREATE TABLE audit_log (at timestamptz, line text)",
                "CREATE TABLE customers (id int PRIMARY KEY, name text)", "ALTER TABLE audit_log REPLICA IDENTITY FULL");
        try (KafkaTestCluster kafka = KafkaTestCluster.start();
             Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("dlq.compacted", 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();

            CliHarness.Result compacted = CliHarness.run("check", "--config",
                    postgresToKafka(pg, kafka, "configs: { cleanup.policy: compact }", "dlq.compacted").toString());

            assertThat(compacted.exitCode()).as(compacted.out() + compacted.err()).isZero();
            assertThat(compacted.out()).contains("! sink kafka: compaction")
                    .contains("topic cli_compacted.public.audit_log would be created compacted (topic_creation.configs"
                            + " cleanup.policy): it refuses records without a key, and the records of"
                            + " cli_compacted.public.audit_log have none, so each of them goes to on_error")
                    .contains("give the table(s) a primary key")
                    .contains("dead-letter topic dlq.compacted is compacted (cleanup.policy):"
                            + " it keeps only the last dead letter of each key")
                    .doesNotContain("topic cli_compacted.public.customers would be")
                    .contains("✓ sink kafka: batch_size").contains("fits the max.message.bytes of the 1 existing"
                            + " destination topic(s)");

            // The dead-letter topic the sink creates is not compacted (TopicCreator), nor are topics created without
            // compaction.
            CliHarness.Result plain = CliHarness.run("check", "--config",
                    postgresToKafka(pg, kafka, "configs: { retention.ms: 86400000 }", "dlq.created").toString());

            assertThat(plain.exitCode()).as(plain.out() + plain.err()).isZero();
            assertThat(plain.out()).contains("✓ sink kafka: compaction").doesNotContain("! sink kafka: compaction");
        }
    }

    private Path postgresToKafka(PostgresServer pg, KafkaTestCluster kafka, String topicCreation, String deadLetters)
            throws Exception {
        return postgresToKafka(pg, kafka, "cli_compacted", "include_tables: [public.audit_log, public.customers]",
                "topic_creation: { enabled: true, " + topicCreation + " }", """
                        pipelines:
                          p:
                            source: pg
                            sink: kafka
                            settings: { on_error: dead_letter, dead_letter_topic: %s }""".formatted(deadLetters));
    }

    private Path eventsConfig(PostgresServer pg, KafkaTestCluster kafka, String transforms) throws Exception {
        return postgresToKafka(pg, kafka, "cli_events", """
                include_tables: [public.customers]
                transaction_metadata: true
                message_prefixes: [audit]
                transforms: %s""".formatted(transforms), "", "");
    }

    /**
     * @param sourceOptions  more lines of the source's config, unindented
     * @param sinkOptions    more lines of the sink's config, unindented
     * @param pipelines      a pipelines block, or empty
     */
    private Path postgresToKafka(PostgresServer pg, KafkaTestCluster kafka, String database, String sourceOptions,
                                 String sinkOptions, String pipelines) throws Exception {
        Path file = tmp.resolve("pg-kafka.yaml");
        Files.writeString(file, """
                state_dir: %s
                sources:
                  pg:
                    connector: postgres-cdc
                    config:
                      host: %s
                      port: %d
                      database: %s
                      user: postgres
                      password: ${PGPASSWORD:-}
                %s
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: "%s"
                      request_timeout_ms: 3000
                %s
                %s
                """.formatted(tmp.resolve("state"), pg.host(), pg.port(), database, sourceOptions.indent(6).stripTrailing(),
                kafka.bootstrapServers(), sinkOptions.indent(6).stripTrailing(), pipelines));
        return file;
    }

    @Test
    void allowedMessageLossIsAWarning() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            Path file = tmp.resolve("lossy.yaml");
            Files.writeString(file, """
                    sources:
                      gen: { connector: datagen, config: { max_events: 1 } }
                    sinks:
                      kafka:
                        connector: kafka
                        config: { bootstrap_servers: "%s", acks: "1", allow_message_loss: true, topic_creation: { enabled: true } }
                    """.formatted(kafka.bootstrapServers()));

            CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

            assertThat(result.out()).contains("! sink kafka: delivery").contains("acks=1").contains("lose changes");
        }
    }

    @Test
    void acksOneWithoutTheOptInIsAConfigErrorNamingTheLine() throws Exception {
        Path file = tmp.resolve("acks.yaml");
        Files.writeString(file, """
                sources:
                  gen: { connector: datagen, config: { max_events: 1 } }
                sinks:
                  kafka:
                    connector: kafka
                    config:
                      bootstrap_servers: "127.0.0.1:1"
                      acks: "1"
                """);

        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out() + result.err()).contains("acks.yaml:8").contains("sinks.kafka.config.acks")
                .contains("allow_message_loss: true");
    }

    @Test
    void noBrokerAtTheAddressExitsThreeWithAFixAtOnce() throws Exception {
        int port = CliHarness.freePort();
        Path file = config("127.0.0.1:" + port);
        Files.writeString(file, Files.readString(file)
                .replace("request_timeout_ms: 3000", "request_timeout_ms: 120000"));

        long started = System.nanoTime();
        CliHarness.Result result = CliHarness.run("check", "--config", file.toString());
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("✗ sink kafka").contains("fix:")
                .contains("nothing accepts connections at 127.0.0.1:" + port + " (connection refused)")
                .doesNotContain("if the brokers need a login");
        // Not the two minutes the admin client would wait for a broker that is not there.
        assertThat(tookMs).as("check's wait, ms").isLessThan(60_000);
    }

    /**
     * Something listens but does not answer as Kafka (as a listener that wants a login or TLS does to a plaintext
     * client): only the client's timeout tells, and the message says where a login goes.
     */
    @Test
    void aListenerThatDoesNotAnswerAsKafkaGetsTheLoginHint() throws Exception {
        // Bound and listening but never accepting: the kernel completes connections, nothing ever answers.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            CliHarness.Result result = CliHarness.run("check", "--config",
                    config("127.0.0.1:" + silent.getLocalPort()).toString());

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.out()).contains("✗ sink kafka").contains("no answer within 3000 ms")
                    .contains("(if the brokers need a login or TLS, set the sink's security block)")
                    .doesNotContain("nothing accepts connections");
        }
    }

    @Test
    void anEmbeddedSinkWhosePortAnotherProcessHoldsExitsThree() throws Exception {
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path file = tmp.resolve("embedded.yaml");
            Files.writeString(file, """
                    state_dir: %s
                    sources:
                      gen: { connector: datagen, config: { max_events: 1 } }
                    sinks:
                      kafka: { connector: kafka, config: { bootstrap_servers: embedded, embedded_port: %d } }
                    """.formatted(tmp.resolve("state"), squatter.getLocalPort()));

            CliHarness.Result result = CliHarness.run("check", "--config", file.toString());

            assertThat(result.exitCode()).as(result.out()).isEqualTo(3);
            assertThat(result.out()).contains("✗ sink kafka")
                    .contains("port " + squatter.getLocalPort() + " on 127.0.0.1 is in use by another process");
        }
    }
}
