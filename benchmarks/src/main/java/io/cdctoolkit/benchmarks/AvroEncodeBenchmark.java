package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.schema.avro.AvroFormat;
import io.cdctoolkit.schema.compat.CompatibilityCheckers;
import io.cdctoolkit.schema.json.JsonEncoder;
import io.cdctoolkit.schema.registry.ConfluentRegistrar;
import io.cdctoolkit.schema.registry.MockRegistries;
import io.cdctoolkit.schema.registry.RegistryEncoder;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Encoding one 10-column row, single-threaded, three ways in the same JVM so the numbers compare:
 * <ul>
 *   <li>{@code rawAvro}: the floor — Avro's own {@code GenericDatumWriter} writing a pre-built
 *       {@code GenericRecord} into a reused encoder (no header, no copy, no record building);</li>
 *   <li>{@code registryAvro}: what a pipeline does — {@link RegistryEncoder} with the id cached
 *       after the first call (mock registry: no I/O either way), header + payload into a new byte[];</li>
 *   <li>{@code plainJson}: the {@code disabled} mode's encoder, for scale.</li>
 * </ul>
 * Issue 8's bar: {@code registryAvro} ≥ 500k ops/s per core. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar AvroEncodeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AvroEncodeBenchmark {

    private static final String TOPIC = "bench.public.orders";
    private static final String REGISTRY = "mock://avro-encode-benchmark";

    static final RowSchema SCHEMA = RowSchema.builder("bench.public.orders.Value")
            .required("id", FieldType.INT64)
            .required("customer", FieldType.STRING)
            .optional("email", FieldType.STRING)
            .required("total", new FieldType.Decimal(12, 2))
            .required("created_at", FieldType.TIMESTAMP_TZ)
            .optional("ship_date", FieldType.DATE)
            .required("quantity", FieldType.INT32)
            .optional("weight", FieldType.FLOAT64)
            .required("paid", FieldType.BOOLEAN)
            .required("order_uuid", FieldType.UUID)
            .build();

    private Row row;
    private Encoder registryEncoder;
    private Encoder jsonEncoder;
    private GenericRecord record;
    private GenericDatumWriter<GenericRecord> genericWriter;
    private ByteArrayOutputStream rawOut;
    private BinaryEncoder rawEncoder;

    @Setup
    public void setUp() throws Exception {
        row = Row.of(SCHEMA, 123456789L, "Ada Lovelace", "ada@example.com", new BigDecimal("1234.50"),
                Instant.parse("2024-05-01T10:15:30.123456Z"), LocalDate.of(2024, 5, 3), 7, 12.5, true,
                UUID.fromString("9f0b7c56-3f6e-4a8c-9d2a-0c6d1e5b7a11"));
        registryEncoder = new RegistryEncoder(new AvroFormat(), new ConfluentRegistrar(
                MockRegistries.forUrl(REGISTRY, CompatibilityCheckers::forType), ConfluentRegistrar.Settings.defaults()));
        registryEncoder.encode(TOPIC, Encoder.Role.VALUE, row, Headers.builder()); // registers; the id is cached
        jsonEncoder = new JsonEncoder();

        Schema avro = new AvroFormat().avroSchema(TOPIC, false, SCHEMA);
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        record = new GenericData.Record(avro);
        record.put("id", 123456789L);
        record.put("customer", "Ada Lovelace");
        record.put("email", "ada@example.com");
        record.put("total", new Conversions.DecimalConversion().toBytes(new BigDecimal("1234.50"),
                avro.getField("total").schema(), LogicalTypes.decimal(12, 2)));
        record.put("created_at", 1714558530123456L);
        record.put("ship_date", 19846);
        record.put("quantity", 7);
        record.put("weight", 12.5);
        record.put("paid", true);
        record.put("order_uuid", "9f0b7c56-3f6e-4a8c-9d2a-0c6d1e5b7a11");
        genericWriter = new GenericDatumWriter<>(avro);
        rawOut = new ByteArrayOutputStream(256);
        rawEncoder = EncoderFactory.get().binaryEncoder(rawOut, null);
    }

    @TearDown
    public void tearDown() {
        MockRegistries.drop(REGISTRY);
    }

    @Benchmark
    public int rawAvro() throws IOException {
        rawOut.reset();
        genericWriter.write(record, rawEncoder);
        rawEncoder.flush();
        return rawOut.size();
    }

    @Benchmark
    public byte[] registryAvro() throws InvalidDataException {
        return registryEncoder.encode(TOPIC, Encoder.Role.VALUE, row, Headers.builder());
    }

    @Benchmark
    public byte[] plainJson() throws InvalidDataException {
        return jsonEncoder.encode(TOPIC, Encoder.Role.VALUE, row, Headers.builder());
    }
}
