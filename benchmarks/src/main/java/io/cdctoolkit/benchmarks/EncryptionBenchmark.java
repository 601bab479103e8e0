package io.cdctoolkit.benchmarks;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.security.EncryptionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The encryption feature's cost per event, single-threaded, with two string fields ({@code email},
 * {@code ssn}) encrypted in mode random (AES256_GCM):
 * <ul>
 *   <li>{@code stageFlatRow}: the stage on a flat row of 5 columns;</li>
 *   <li>{@code stageEnvelopeInsert}: the stage on an insert envelope (the {@code after} side);</li>
 *   <li>{@code rawTinkAesGcmShortField}: the floor — Tink's {@code Aead.encrypt} of one 13-byte field
 *       with its associated data, nothing else. Two of these are the crypto share of an event.</li>
 * </ul>
 * Issue 10's bar: ≤ 1.5 µs per event per core. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar EncryptionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncryptionBenchmark {

    private static final TableId TABLE = new TableId("shop", "public", "users");
    private static final RowSchema USER = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64)
            .optional("name", FieldType.STRING)
            .optional("email", FieldType.STRING)
            .optional("ssn", FieldType.STRING)
            .optional("created_at", FieldType.TIMESTAMP_TZ)
            .build();
    private static final RowSchema SOURCE = RowSchema.builder("bench.Source")
            .required("db", FieldType.STRING).required("table", FieldType.STRING).build();

    private Stage stage;
    private ChangeEvent flat;
    private ChangeEvent envelope;
    private Aead aead;
    private byte[] shortField;
    private byte[] associatedData;

    @Setup
    public void setUp() throws Exception {
        AeadConfig.register();
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        EncryptionFactory factory = new EncryptionFactory();
        Map<String, Object> block = Map.of("fields", List.of("email", "ssn"),
                "keyset", TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        stage = factory.create(Options.of("cdc_features.encryption", factory.spec().options(), block),
                ComponentContext.of("bench", Path.of("target")));
        Row row = Row.of(USER, 42L, "Ada Lovelace", "ada@example.com", "123-45-6789",
                Instant.parse("2024-03-05T10:15:30.123456Z"));
        flat = ChangeEvent.builder(TABLE, Op.CREATE, "users").value(row).build();
        RowSchema envelopeSchema = Envelope.schema("shop.public.users", USER, SOURCE);
        envelope = ChangeEvent.builder(TABLE, Op.CREATE, "users")
                .value(Envelope.row(envelopeSchema, null, row, Row.of(SOURCE, "shop", "users"), Op.CREATE,
                        Instant.parse("2024-03-05T10:15:31Z")))
                .build();
        aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        shortField = "\"123-45-6789\"".getBytes(StandardCharsets.UTF_8);
        associatedData = "shop.public.users.ssn".getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public void stageFlatRow(Blackhole bh) throws InvalidDataException {
        stage.apply(flat, bh::consume);
    }

    @Benchmark
    public void stageEnvelopeInsert(Blackhole bh) throws InvalidDataException {
        stage.apply(envelope, bh::consume);
    }

    @Benchmark
    public byte[] rawTinkAesGcmShortField() throws Exception {
        return aead.encrypt(shortField, associatedData);
    }
}
