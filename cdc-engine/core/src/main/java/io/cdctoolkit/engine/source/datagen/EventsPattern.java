package io.cdctoolkit.engine.source.datagen;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code events}: a clickstream of typed events with a JSON payload; an update redraws the payload and
 * increments {@code revision}.
 */
final class EventsPattern implements DatagenPattern {

    private static final List<Field> FIELDS = List.of(
            DatagenPattern.column("event_id", FieldType.STRING,
                    "primary key: evt_ and 16 hex digits, a seeded one-to-one scramble of the insert ordinal"),
            DatagenPattern.column("event_type", FieldType.STRING,
                    "page_view, click, search, add_to_cart, purchase, signup or logout"),
            DatagenPattern.column("source", FieldType.STRING, "web, ios, android or api"),
            DatagenPattern.column("user_id", FieldType.INT64, "1 to 10000"),
            DatagenPattern.column("session_id", FieldType.STRING, "sess_ and 12 random hex digits"),
            DatagenPattern.column("payload", FieldType.JSON, "a JSON object whose fields depend on event_type"),
            DatagenPattern.column("occurred_at", FieldType.TIMESTAMP_TZ, "event time of the insert"),
            DatagenPattern.column("revision", FieldType.INT32, "0 when inserted; every update adds 1"));
    private static final List<String> TYPES =
            List.of("page_view", "click", "search", "add_to_cart", "purchase", "signup", "logout");
    private static final List<String> SOURCES = List.of("web", "ios", "android", "api");
    private static final List<String> QUERIES = List.of("shoes", "laptop", "coffee", "headphones", "desk lamp");
    private static final int PAYLOAD = 5;
    private static final int REVISION = 7;

    private final long salt;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    EventsPattern(long seed) {
        this.salt = ~seed;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public void insert(Object[] row, long ordinal, Instant at, SplittableRandom random) {
        String type = Gen.pick(random, TYPES);
        row[0] = "evt_" + Gen.hex16(Gen.scramble(ordinal, salt));
        row[1] = type;
        row[2] = Gen.pick(random, SOURCES);
        row[3] = random.nextLong(1, 10_001);
        row[4] = "sess_" + Gen.hex16(random.nextLong()).substring(4);
        row[PAYLOAD] = payload(type, random);
        row[6] = at;
        row[REVISION] = 0;
    }

    @Override
    public void update(Object[] row, Instant at, SplittableRandom random) {
        row[PAYLOAD] = payload((String) row[1], random);
        row[REVISION] = (Integer) row[REVISION] + 1;
    }

    private String payload(String type, SplittableRandom random) {
        ObjectNode p = nodes.objectNode();
        switch (type) {
            case "page_view" -> {
                p.put("url", "/page/" + random.nextInt(1, 100));
                if (random.nextBoolean()) p.put("referrer", "https://search.example.com");
                else p.putNull("referrer");
                p.put("duration_ms", random.nextInt(100, 30_000));
            }
            case "click" -> {
                p.put("element_id", "btn_" + random.nextInt(1, 50));
                p.put("x", random.nextInt(1920));
                p.put("y", random.nextInt(1080));
            }
            case "search" -> {
                p.put("query", Gen.pick(random, QUERIES));
                p.put("results", random.nextInt(100));
            }
            case "add_to_cart" -> {
                p.put("product_id", random.nextInt(1, 1000));
                p.put("quantity", random.nextInt(1, 5));
            }
            case "purchase" -> {
                p.put("amount", Gen.round2(random.nextDouble(1.0, 500.0)));
                p.put("items", random.nextInt(1, 10));
            }
            case "signup" -> p.put("plan", random.nextBoolean() ? "free" : "pro");
            default -> { } // logout: no payload fields
        }
        return p.toString();
    }
}
