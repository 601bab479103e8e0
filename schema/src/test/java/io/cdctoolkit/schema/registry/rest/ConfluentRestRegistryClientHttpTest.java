package io.cdctoolkit.schema.registry.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.cdctoolkit.schema.registry.RegistryThrottledException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the client sends and how it treats failures, against a scripted HTTP server (the real
 * Apicurio here runs without auth and never fails on purpose).
 */
class ConfluentRestRegistryClientHttpTest {

    /** One scripted answer; {@code null} status drops the connection without answering. */
    private record Answer(Integer status, String body, Map<String, String> headers) {
        Answer(Integer status, String body) {
            this(status, body, Map.of());
        }

        static Answer drop() {
            return new Answer(null, "");
        }
    }

    /** A request as the server saw it, and when ({@link System#nanoTime()}). */
    private record Seen(String method, String uri, String authorization, String contentType, String body, long at) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
        Answer next;
        synchronized (script) {
            next = script.isEmpty() ? new Answer(500, "{\"error_code\":50001,\"message\":\"unscripted\"}") : script.poll();
        }
        if (next.status() == null) {
            exchange.close(); // no status line: the client sees an I/O error
            return;
        }
        if (next.status() == 0) {
            try {
                released.await(); // never answers while the test runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        next.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(next.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void script(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
    }

    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

    private ConfluentRestRegistryClient client(RestRegistrySettings settings) {
        return new ConfluentRestRegistryClient(settings.withRetry(QUICK_RETRY));
    }

    private ConfluentRestRegistryClient client() {
        return client(RestRegistrySettings.of(baseUrl()));
    }

    @Test
    void basicAuthIsSentOnEveryRequestAndNeverShown() {
        script(new Answer(200, "[\"a-value\"]"), new Answer(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}"));
        RegistryAuth auth = new RegistryAuth.Basic("alice", new Secret("s3cret-pw"));
        try (ConfluentRestRegistryClient client = client(RestRegistrySettings.of(baseUrl()).withAuth(auth))) {
            assertThat(client.subjects()).containsExactly("a-value");
            assertThatThrownBy(client::subjects).isInstanceOf(RegistryRequestException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw"));

            String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret-pw".getBytes(StandardCharsets.UTF_8));
            assertThat(seen).extracting(Seen::authorization).containsExactly(expected, expected);
            assertThat(client.describe()).contains(baseUrl()).contains("basic auth").doesNotContain("s3cret-pw");
            assertThat(RestRegistrySettings.of(baseUrl()).withAuth(auth).toString()).doesNotContain("s3cret-pw");
        }
    }

    @Test
    void bearerTokenIsSent() {
        script(new Answer(200, "[]"));
        try (ConfluentRestRegistryClient client = client(RestRegistrySettings.of(baseUrl())
                .withAuth(new RegistryAuth.Bearer(new Secret("tok-123"))))) {
            client.subjects();
        }
        assertThat(seen).extracting(Seen::authorization).containsExactly("Bearer tok-123");
    }

    @Test
    void noAuthSendsNoAuthorizationHeader() {
        script(new Answer(200, "[]"));
        try (ConfluentRestRegistryClient client = client()) {
            client.subjects();
        }
        assertThat(seen).extracting(Seen::authorization).containsOnlyNulls();
    }

    @Test
    void registerSendsTheSchemaItsTypeAndNormalize() {
        script(new Answer(200, "{\"id\":7}"), new Answer(200, "{\"id\":8}"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThat(client.register("orders value", new SchemaText(SchemaType.AVRO, "\"string\""), true)).isEqualTo(7);
            assertThat(client.register("orders-value", new SchemaText(SchemaType.PROTOBUF, "syntax = \"proto3\";"), false)).isEqualTo(8);
        }
        assertThat(seen.get(0).method()).isEqualTo("POST");
        assertThat(seen.get(0).uri()).isEqualTo("/apis/ccompat/v7/subjects/orders%20value/versions?normalize=true");
        assertThat(seen.get(0).contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(seen.get(0).body()).isEqualTo("{\"schema\":\"\\\"string\\\"\"}");
        assertThat(seen.get(1).uri()).isEqualTo("/apis/ccompat/v7/subjects/orders-value/versions");
        assertThat(seen.get(1).body()).isEqualTo("{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
    }

    @Test
    void anAvroSchemaWithReferencesComesBackSelfContained() {
        // As Apicurio's Avro serializer registers a record: nested named types are references to other subjects.
        String order = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"ns\",\"fields\":["
                + "{\"name\":\"line\",\"type\":\"Line\"},{\"name\":\"status\",\"type\":\"Status\"}]}";
        String line = "{\"type\":\"record\",\"name\":\"Line\",\"namespace\":\"ns\",\"fields\":["
                + "{\"name\":\"sku\",\"type\":\"string\"},{\"name\":\"state\",\"type\":\"ns.Status\"}]}";
        String status = "{\"type\":\"enum\",\"name\":\"Status\",\"namespace\":\"ns\",\"symbols\":[\"OPEN\",\"CLOSED\"]}";
        script(new Answer(200, "{\"schema\":" + quoted(order) + ",\"references\":["
                        + "{\"name\":\"ns.Line\",\"subject\":\"ns.Line\",\"version\":1},"
                        + "{\"name\":\"ns.Status\",\"subject\":\"ns.Status\",\"version\":2}]}"),
                new Answer(200, "{\"subject\":\"ns.Line\",\"version\":1,\"id\":3,\"schema\":" + quoted(line)
                        + ",\"references\":[{\"name\":\"ns.Status\",\"subject\":\"ns.Status\",\"version\":2}]}"),
                new Answer(200, "{\"subject\":\"ns.Status\",\"version\":2,\"id\":4,\"schema\":" + quoted(status) + "}"));
        SchemaText schema;
        try (ConfluentRestRegistryClient client = client()) {
            schema = client.schemaById(5);
        }

        // Avro's own parser reads the text alone: every named type is defined in it.
        org.apache.avro.Schema parsed = new org.apache.avro.Schema.Parser().parse(schema.text());
        assertThat(parsed.getField("status").schema().getEnumSymbols()).containsExactly("OPEN", "CLOSED");
        assertThat(parsed.getField("line").schema().getField("state").schema()).isSameAs(parsed.getField("status").schema());
        // Each referenced version is fetched once, references of references first.
        assertThat(seen).extracting(Seen::uri).containsExactly("/apis/ccompat/v7/schemas/ids/5",
                "/apis/ccompat/v7/subjects/ns.Line/versions/1", "/apis/ccompat/v7/subjects/ns.Status/versions/2");
    }

    @Test
    void aProtobufSchemaWithReferencesComesBackWithTheFilesItImports() {
        // As Apicurio's and Confluent's Protobuf serializers register a file that imports others: each import a
        // reference named by its path. line.proto imports money.proto too: fetched once, one schema for both.
        String order = "syntax = \"proto3\";\nimport \"shop/line.proto\";\nimport \"shop/money.proto\";\n"
                + "message Order { shop.Line line = 1; shop.Money total = 2; }";
        String line = "syntax = \"proto3\";\npackage shop;\nimport \"shop/money.proto\";\nmessage Line { Money price = 1; }";
        String money = "syntax = \"proto3\";\npackage shop;\nmessage Money { int64 cents = 1; }";
        script(new Answer(200, "{\"schema\":" + quoted(order) + ",\"schemaType\":\"PROTOBUF\",\"references\":["
                        + "{\"name\":\"shop/line.proto\",\"subject\":\"line\",\"version\":1},"
                        + "{\"name\":\"shop/money.proto\",\"subject\":\"money\",\"version\":3}]}"),
                new Answer(200, "{\"subject\":\"line\",\"version\":1,\"id\":7,\"schemaType\":\"PROTOBUF\",\"schema\":"
                        + quoted(line) + ",\"references\":[{\"name\":\"shop/money.proto\",\"subject\":\"money\",\"version\":3}]}"),
                new Answer(200, "{\"subject\":\"money\",\"version\":3,\"id\":6,\"schemaType\":\"PROTOBUF\",\"schema\":"
                        + quoted(money) + "}"));
        SchemaText schema;
        try (ConfluentRestRegistryClient client = client()) {
            schema = client.schemaById(8);
        }

        SchemaText moneyFile = new SchemaText(SchemaType.PROTOBUF, money);
        assertThat(schema).isEqualTo(new SchemaText(SchemaType.PROTOBUF, order, java.util.Map.of(
                "shop/line.proto", new SchemaText(SchemaType.PROTOBUF, line, java.util.Map.of("shop/money.proto", moneyFile)),
                "shop/money.proto", moneyFile)));
        assertThat(seen).extracting(Seen::uri).containsExactly("/apis/ccompat/v7/schemas/ids/8",
                "/apis/ccompat/v7/subjects/line/versions/1", "/apis/ccompat/v7/subjects/money/versions/3");
    }

    @Test
    void aSubjectsVersionsComeWithTheirReferencesResolvedToo() {
        // What schemaById resolves, latest and version resolve alike: the previous version the Protobuf encoder
        // numbers its fields after, the versions an offline check judges against, what `schema get` prints.
        String order = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"ns\",\"fields\":["
                + "{\"name\":\"status\",\"type\":\"Status\"}]}";
        String status = "{\"type\":\"enum\",\"name\":\"Status\",\"namespace\":\"ns\",\"symbols\":[\"OPEN\"]}";
        String purchase = "syntax = \"proto3\";\nimport \"shop/money.proto\";\nmessage Purchase { shop.Money total = 1; }";
        String money = "syntax = \"proto3\";\npackage shop;\nmessage Money { int64 cents = 1; }";
        script(new Answer(200, "{\"subject\":\"orders-value\",\"version\":2,\"id\":9,\"schema\":" + quoted(order)
                        + ",\"references\":[{\"name\":\"ns.Status\",\"subject\":\"ns.Status\",\"version\":1}]}"),
                new Answer(200, "{\"subject\":\"ns.Status\",\"version\":1,\"id\":4,\"schema\":" + quoted(status) + "}"),
                new Answer(200, "{\"subject\":\"purchases-value\",\"version\":1,\"id\":11,\"schemaType\":\"PROTOBUF\","
                        + "\"schema\":" + quoted(purchase) + ",\"references\":[{\"name\":\"shop/money.proto\","
                        + "\"subject\":\"money\",\"version\":1}]}"),
                new Answer(200, "{\"subject\":\"money\",\"version\":1,\"id\":10,\"schemaType\":\"PROTOBUF\",\"schema\":"
                        + quoted(money) + "}"));
        SchemaText latestOrder;
        SchemaText purchaseV1;
        try (ConfluentRestRegistryClient client = client()) {
            latestOrder = client.latest("orders-value").schema();
            purchaseV1 = client.version("purchases-value", 1).schema();
        }

        assertThat(new org.apache.avro.Schema.Parser().parse(latestOrder.text()).getField("status").schema().getEnumSymbols())
                .containsExactly("OPEN");
        assertThat(purchaseV1.references()).isEqualTo(java.util.Map.of("shop/money.proto",
                new SchemaText(SchemaType.PROTOBUF, money)));
    }

    @Test
    void protobufReferencesThatFormACycleAreAnErrorNotEndlessRequests() {
        String a = "syntax = \"proto3\";\nimport \"b.proto\";\nmessage A { B b = 1; }";
        String b = "syntax = \"proto3\";\nimport \"a.proto\";\nmessage B { A a = 1; }";
        script(new Answer(200, "{\"schema\":" + quoted(a) + ",\"schemaType\":\"PROTOBUF\",\"references\":["
                        + "{\"name\":\"b.proto\",\"subject\":\"b\",\"version\":1}]}"),
                new Answer(200, "{\"subject\":\"b\",\"version\":1,\"id\":2,\"schemaType\":\"PROTOBUF\",\"schema\":"
                        + quoted(b) + ",\"references\":[{\"name\":\"a.proto\",\"subject\":\"a\",\"version\":1}]}"),
                new Answer(200, "{\"subject\":\"a\",\"version\":1,\"id\":1,\"schemaType\":\"PROTOBUF\",\"schema\":"
                        + quoted(a) + ",\"references\":[{\"name\":\"b.proto\",\"subject\":\"b\",\"version\":1}]}"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("schema references form a cycle: b.proto → a.proto → b.proto");
        }
        assertThat(seen).hasSize(3);
    }

    /**
     * A schema with references (a .proto file's imports) is sent with them, each naming the version its import is
     * registered as under the subject named as its path; a lookup answered without schemaType (as Apicurio answers)
     * keeps the type asked about. An import the registry lacks is refused before the compatibility request.
     */
    @Test
    void aSchemaWithReferencesIsSentNamingTheVersionsItsImportsAreRegisteredAs() {
        String money = "syntax = \"proto3\";\npackage common;\nmessage Money { int64 cents = 1; }";
        String order = "syntax = \"proto3\";\nimport \"common/money.proto\";\nmessage Order { common.Money total = 1; }";
        SchemaText withImport = new SchemaText(SchemaType.PROTOBUF, order,
                Map.of("common/money.proto", new SchemaText(SchemaType.PROTOBUF, money)));
        script(new Answer(200, "{\"compatibilityLevel\":\"BACKWARD\"}"),
                new Answer(200, "{\"subject\":\"common/money.proto\",\"version\":3,\"id\":9,\"schema\":" + quoted(money) + "}"),
                new Answer(200, "{\"is_compatible\":true}"),
                new Answer(200, "{\"compatibilityLevel\":\"BACKWARD\"}"),
                new Answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"),
                new Answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThat(client.checkCompatibility("orders-value", withImport).compatible()).isTrue();
            assertThatThrownBy(() -> client.checkCompatibility("orders-value", withImport))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the imported file common/money.proto is not registered under subject"
                            + " common/money.proto in ");
        }
        assertThat(seen.get(1).uri()).isEqualTo("/apis/ccompat/v7/subjects/common%2Fmoney.proto");
        assertThat(seen.get(1).body()).isEqualTo("{\"schema\":" + quoted(money) + ",\"schemaType\":\"PROTOBUF\"}");
        assertThat(seen.get(2).uri()).isEqualTo("/apis/ccompat/v7/compatibility/subjects/orders-value/versions/latest?verbose=true");
        assertThat(seen.get(2).body()).isEqualTo("{\"schema\":" + quoted(order) + ",\"schemaType\":\"PROTOBUF\","
                + "\"references\":[{\"name\":\"common/money.proto\",\"subject\":\"common/money.proto\",\"version\":3}]}");
        // a Protobuf lookup that finds nothing is followed by the subject's versions (compared by canonical text)
        assertThat(seen.get(5).uri()).isEqualTo("/apis/ccompat/v7/subjects/common%2Fmoney.proto/versions");
        assertThat(seen).hasSize(6);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void serverErrorsAreRetriedUntilTheRegistryAnswers() {
        script(new Answer(503, "{\"error_code\":50003,\"message\":\"busy\"}"), new Answer(500, "oops"), new Answer(200, "[\"s\"]"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThat(client.subjects()).containsExactly("s");
        }
        assertThat(seen).hasSize(3);
    }

    @Test
    void droppedConnectionsAreRetried() {
        script(Answer.drop(), new Answer(200, "[\"s\"]"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThat(client.subjects()).containsExactly("s");
        }
        assertThat(seen).hasSize(2);
    }

    @Test
    void persistentServerErrorsEndInARetryableExceptionAfterTheLastAttempt() {
        script(new Answer(503, "{\"error_code\":50003,\"message\":\"store unavailable\"}"),
                new Answer(503, "{\"error_code\":50003,\"message\":\"store unavailable\"}"),
                new Answer(503, "{\"error_code\":50003,\"message\":\"store unavailable\"}"),
                new Answer(200, "[]"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(client::subjects).isInstanceOf(RetryableException.class)
                    .isNotInstanceOf(RegistryServerErrorException.class)
                    .hasMessageContaining("503").hasMessageContaining("store unavailable").hasMessageContaining("3 times");
        }
        assertThat(seen).hasSize(QUICK_RETRY.maxAttempts());
    }

    @Test
    void theSameFailureOfTheRegistrysOwnAtEveryAttemptIsReportedAsItsFailureNotAsUnreachable() {
        String failed = "{\"message\":\"External JSON Schema resolution is disabled\",\"error_code\":0}";
        script(new Answer(500, failed), new Answer(500, failed), new Answer(500, failed), new Answer(200, "[]"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(client::subjects).isInstanceOfSatisfying(RegistryServerErrorException.class, e -> {
                assertThat(e.status()).isEqualTo(500);
                assertThat(e.getMessage()).endsWith(" answered GET /subjects with the same server error at each of 3"
                        + " attempts: HTTP 500: External JSON Schema resolution is disabled (it is reachable and failed"
                        + " on this request: its log says why)");
            });
        }
        assertThat(seen).hasSize(QUICK_RETRY.maxAttempts());
    }

    @Test
    void failuresThatDifferBetweenAttemptsOrComeFromAGatewayAreNotTheRegistrysOwn() {
        String failed = "{\"message\":\"storage failure\",\"error_code\":50001}";
        script(new Answer(500, failed), new Answer(503, "{\"message\":\"busy\"}"), new Answer(500, failed));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(client::subjects).isInstanceOf(RetryableException.class)
                    .isNotInstanceOf(RegistryServerErrorException.class).hasMessageContaining("HTTP 500: storage failure");
        }
        script(new Answer(500, failed), new Answer(500, "{\"message\":\"another failure\"}"), new Answer(500, failed));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(client::subjects).isInstanceOf(RetryableException.class)
                    .isNotInstanceOf(RegistryServerErrorException.class);
        }
        script(new Answer(502, "bad gateway"), new Answer(502, "bad gateway"), new Answer(502, "bad gateway"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(client::subjects).isInstanceOf(RetryableException.class)
                    .isNotInstanceOf(RegistryServerErrorException.class).hasMessageContaining("HTTP 502: bad gateway");
        }
    }

    /** Confluent Cloud's answer when a client exceeds its Schema Registry request rate. */
    private static final String RATE_LIMITED = "{\"error_code\":42901,\"message\":\"Rate limit exceeded\"}";

    @Test
    void aRateLimitedRequestIsTriedAgainAfterTheRegistrysRetryAfterNotRefused() {
        script(new Answer(429, RATE_LIMITED, Map.of("Retry-After", "1")), new Answer(200, "{\"id\":7}"));
        RetryPolicy slowerThanRetryAfter = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(5));
        try (ConfluentRestRegistryClient client = new ConfluentRestRegistryClient(
                RestRegistrySettings.of(baseUrl()).withRetry(slowerThanRetryAfter))) {
            assertThat(client.register("s", new SchemaText(SchemaType.AVRO, "\"long\""), false)).isEqualTo(7);
        }
        assertThat(seen).hasSize(2);
        assertThat(Duration.ofNanos(seen.get(1).at() - seen.get(0).at())).as("the pause Retry-After: 1 asked for")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRequestTimeoutIsTriedAgain() {
        script(new Answer(408, "{\"message\":\"Request Timeout\"}"), new Answer(200, "[\"s\"]"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThat(client.subjects()).containsExactly("s");
        }
        assertThat(seen).hasSize(2);
    }

    @Test
    void aRateLimitAtEveryAttemptEndsInAThrottledRetryableExceptionNotARefusal() {
        script(new Answer(429, RATE_LIMITED), new Answer(429, RATE_LIMITED), new Answer(429, RATE_LIMITED));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("s", new SchemaText(SchemaType.AVRO, "\"long\""), false))
                    .isInstanceOf(RegistryThrottledException.class)
                    .hasMessageEndingWith(" limits the request rate: it answered POST /subjects/s/versions"
                            + " with HTTP 429 Too Many Requests at each of 3 attempts: Rate limit exceeded");
        }
        assertThat(seen).hasSize(QUICK_RETRY.maxAttempts());
        script(new Answer(503, "busy"), new Answer(503, "busy"), new Answer(429, RATE_LIMITED));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(client::subjects).isInstanceOf(RegistryThrottledException.class)
                    .hasMessageEndingWith("with HTTP 429 Too Many Requests at the last of 3 attempts:"
                            + " Rate limit exceeded");
        }
    }

    @Test
    void anUnreachableRegistryEndsInARetryableException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ConfluentRestRegistryClient client = client(RestRegistrySettings.of("http://127.0.0.1:" + closedPort))) {
            assertThatThrownBy(() -> client.latest("s")).isInstanceOf(RetryableException.class)
                    .hasCauseInstanceOf(IOException.class)
                    .hasMessageEndingWith("times; last: nothing accepts connections at 127.0.0.1:" + closedPort
                            + " (connection refused)");
        }
        try (ConfluentRestRegistryClient client = client(RestRegistrySettings.of("http://no-such-host.invalid:8081"))) {
            assertThatThrownBy(() -> client.latest("s")).isInstanceOf(RetryableException.class)
                    .hasMessageEndingWith("times; last: unknown host no-such-host.invalid");
        }
    }

    @Test
    void aRegistryThatNeverAnswersTimesOutIntoARetryableException() {
        script(new Answer(0, ""), new Answer(0, ""), new Answer(0, ""));
        RestRegistrySettings settings = RestRegistrySettings.of(baseUrl()).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(200));
        try (ConfluentRestRegistryClient client = client(settings)) {
            assertThatThrownBy(client::subjects).isInstanceOf(RetryableException.class)
                    .hasCauseInstanceOf(HttpTimeoutException.class).hasMessageEndingWith("last: no answer within 200 ms");
        }
    }

    @Test
    void clientErrorsAreNotRetriedAndCarryTheRegistrysCodeAndMessage() {
        script(new Answer(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema; "
                + "details: [READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2]\"}"), new Answer(200, "{\"id\":1}"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register("s", new SchemaText(SchemaType.AVRO, "\"long\""), false))
                    .isInstanceOfSatisfying(RegistryRequestException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.errorCode()).isEqualTo(409);
                        assertThat(e.rejectedSchema()).isTrue();
                        assertThat(e.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2");
                    });
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void theSubjectsLevelFallsBackToTheGlobalOneWhereTheRegistryHasNoSubjectLevel() {
        script(new Answer(404, "{\"error_code\":40408,\"message\":\"Subject 's' does not have subject-level compatibility configured\"}"),
                new Answer(200, "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}"));
        try (ConfluentRestRegistryClient client = client()) {
            assertThat(client.compatibilityLevel("s")).hasToString("FULL_TRANSITIVE");
        }
        assertThat(seen).extracting(Seen::uri)
                .containsExactly("/apis/ccompat/v7/config/s?defaultToGlobal=true", "/apis/ccompat/v7/config");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> RestRegistrySettings.of("https://bob:hunter2@sr.example:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
