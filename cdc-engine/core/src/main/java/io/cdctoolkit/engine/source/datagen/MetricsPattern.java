package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** {@code metrics}: time-series samples; an update records a new value at the update's time. */
final class MetricsPattern implements DatagenPattern {

    /** A metric name, its unit and the range its values fall in. */
    private record Metric(String name, String unit, double max) {
    }

    private static final List<Field> FIELDS = List.of(
            DatagenPattern.column("metric_id", FieldType.INT64, "primary key: 1, 2, 3, … in insert order"),
            DatagenPattern.column("name", FieldType.STRING,
                    "cpu_usage, memory_used, disk_io, network_rx, network_tx, requests_per_sec, latency_ms, "
                            + "error_rate or queue_depth"),
            DatagenPattern.column("value", FieldType.FLOAT64, "0 up to the metric's maximum, two decimals"),
            DatagenPattern.column("unit", FieldType.STRING, "percent, bytes/s, req/s, milliseconds or count"),
            DatagenPattern.column("host", FieldType.STRING, "web-01, web-02, api-01, api-02, db-01 or cache-01"),
            DatagenPattern.column("tags", new FieldType.MapType(FieldType.STRING),
                    "{env: prod|staging|dev, region: us-east|us-west|eu-west|ap-south}"),
            DatagenPattern.column("recorded_at", FieldType.TIMESTAMP_TZ, "event time of the last sample"));
    private static final List<Metric> METRICS = List.of(
            new Metric("cpu_usage", "percent", 100), new Metric("memory_used", "percent", 100),
            new Metric("disk_io", "bytes/s", 1_000_000), new Metric("network_rx", "bytes/s", 1_000_000),
            new Metric("network_tx", "bytes/s", 1_000_000), new Metric("requests_per_sec", "req/s", 10_000),
            new Metric("latency_ms", "milliseconds", 500), new Metric("error_rate", "percent", 100),
            new Metric("queue_depth", "count", 1000));
    private static final Map<String, Metric> BY_NAME =
            METRICS.stream().collect(Collectors.toUnmodifiableMap(Metric::name, m -> m));
    private static final List<String> HOSTS = List.of("web-01", "web-02", "api-01", "api-02", "db-01", "cache-01");
    private static final List<String> ENVS = List.of("prod", "staging", "dev");
    private static final List<String> REGIONS = List.of("us-east", "us-west", "eu-west", "ap-south");
    private static final int VALUE = 2;
    private static final int RECORDED_AT = 6;

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public void insert(Object[] row, long ordinal, Instant at, SplittableRandom random) {
        Metric metric = Gen.pick(random, METRICS);
        // LinkedHashMap, not Map.of: Map.of's iteration order changes between JVM runs, and the
        // rendered bytes must not.
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("env", Gen.pick(random, ENVS));
        tags.put("region", Gen.pick(random, REGIONS));
        row[0] = ordinal + 1;
        row[1] = metric.name();
        row[VALUE] = sample(metric.max(), random);
        row[3] = metric.unit();
        row[4] = Gen.pick(random, HOSTS);
        row[5] = Collections.unmodifiableMap(tags);
        row[RECORDED_AT] = at;
    }

    @Override
    public void update(Object[] row, Instant at, SplittableRandom random) {
        String name = (String) row[1];
        row[VALUE] = sample(BY_NAME.get(name).max(), random);
        row[RECORDED_AT] = at;
    }

    private static double sample(double max, SplittableRandom random) {
        return Gen.round2(random.nextDouble() * max);
    }
}
