package io.cdctoolkit.engine.stage.dedup;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cdctoolkit.engine.stage.dedup.DeduplicationStageTest.binlog;
import static io.cdctoolkit.engine.stage.dedup.DeduplicationStageTest.firstAt;
import static io.cdctoolkit.engine.stage.dedup.DeduplicationStageTest.pg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key bytes themselves. Keys are kept in the source's {@code dedup.log} and read back after a restart, so a
 * version that encodes the same event differently forgets every logged key: the first replays after an upgrade pass
 * again. The expected bytes below are what the encoder of 2026-12-07 (commit f2ebb6cd) wrote for these events; a
 * change to them must be deliberate, and said in the release notes.
 */
class DedupKeyEncoderTest {

    private static final TableId TABLE = new TableId("shop", "public", "orders");
    private static final RowSchema KEY = RowSchema.builder("shop.public.orders.Key").required("id", FieldType.INT64)
            .build();
    private static final RowSchema ITEM = RowSchema.builder("shop.public.orders.item").required("sku", FieldType.STRING)
            .optional("qty", FieldType.INT16).build();
    /** A column of every kind of value a Row holds (FieldType's table), text in and beyond Latin-1. */
    private static final RowSchema ROW = RowSchema.builder("shop.public.orders.Value")
            .required("id", FieldType.INT64)
            .optional("city", FieldType.STRING)
            .optional("note", FieldType.STRING)
            .optional("paid", FieldType.BOOLEAN)
            .optional("weight", FieldType.FLOAT64)
            .optional("ratio", FieldType.FLOAT32)
            .optional("small", FieldType.INT8)
            .optional("count", FieldType.INT32)
            .optional("blob", FieldType.BYTES)
            .optional("amount", new FieldType.Decimal(12, 3))
            .optional("big", new FieldType.Decimal(30, 0))
            .optional("ref", FieldType.UUID)
            .optional("placed_at", FieldType.TIMESTAMP_TZ)
            .optional("due", FieldType.DATE)
            .optional("slot", FieldType.TIME)
            .optional("tags", new FieldType.Array(FieldType.STRING))
            .optional("attrs", new FieldType.MapType(FieldType.STRING))
            .optional("item", new FieldType.Struct(ITEM))
            .optional("missing", FieldType.STRING)
            .optional("other", FieldType.STRING)
            .build();
    private static final RowSchema SOURCE = RowSchema.builder("io.cdctoolkit.test.Source")
            .required("db", FieldType.STRING).build();
    private static final RowSchema ENVELOPE = Envelope.schema("shop.public.orders", ROW, SOURCE);

    /**
     * How every key here begins: the table's database, schema and name (tag STRING, LATIN1, length, chars), the op
     * (LATIN1 "c") and the key (ROW of 1 value: LONG 42).
     */
    private static final String TABLE_OP_KEY = "011004" + "73686f70" + "011006" + "7075626c6963" + "011006"
            + "6f7264657273" + "1001" + "63" + "0901" + "02000000000000002a";
    /** SHA-256 of the encoded row of {@link #order()}. */
    private static final String ROW_DIGEST = "af8da5ccad4f8ee1790495712406c02f204bab5f7813ba5d70a6b20ea8a8ef62";

    private static Row order() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("gift", "yes");
        attrs.put("wrap", null);
        return Row.of(ROW, 42L, "Zürich", "Ωmega – 日本 😀", true, -0.0d, 1.5f, (byte) -7, 123_456,
                new byte[]{0, 1, (byte) 0xFF}, new BigDecimal("-1234.500"),
                new BigDecimal("123456789012345678901234567890"),
                UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), Instant.parse("2026-12-07T10:15:30.123456Z"),
                LocalDate.of(1999, 12, 31), LocalTime.of(23, 59, 59, 999_999_000), List.of("a", "ß"), attrs,
                Row.of(ITEM, "SKU-1", (short) 3), null, OffsetDateTime.parse("2026-12-07T10:15:30+01:00").toString());
    }

    private static ChangeEvent insert(SourcePosition position) {
        return ChangeEvent.builder(TABLE, Op.CREATE, "shop.public.orders")
                .key(Row.of(KEY, 42L))
                .value(Envelope.row(ENVELOPE, null, order(), Row.of(SOURCE, "shop"), Op.CREATE, null))
                .position(position)
                .build();
    }

    private static String hex(KeyMode mode, ChangeEvent event) {
        return HexFormat.of().formatHex(new DedupKeyEncoder(mode).keyOf(event).bytes());
    }

    @Test
    void aDebeziumPostgresInsertIsKeyedByItsLsnAndADigestOfItsRowAsBefore() {
        assertThat(hex(KeyMode.POSITION, insert(pg(5000L, 4000L, 4990L, 77L))))
                .isEqualTo(TABLE_OP_KEY + "0d00020000000000001388" + "0d01020000000000000fa0" + "0e" + ROW_DIGEST);
    }

    /** The first change at its LSN ({@link SourcePosition#firstAtOffset}): named by it, no digest (2026-12-08). */
    @Test
    void aDebeziumPostgresInsertFirstAtItsLsnIsKeyedByItsLsnAlone() {
        assertThat(hex(KeyMode.POSITION, insert(firstAt(pg(5000L, 4000L, 4990L, 77L)))))
                .isEqualTo(TABLE_OP_KEY + "0d00020000000000001388" + "0d01020000000000000fa0");
    }

    @Test
    void aNativeReadersChangeIsKeyedByItsPositionAsBefore() {
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("lsn_commit", 4000L);
        offset.put("lsn", 5000L);
        offset.put("index", 3L);
        assertThat(hex(KeyMode.POSITION, insert(SourcePosition.of(offset))))
                .isEqualTo(TABLE_OP_KEY + "0d00020000000000001388" + "0d01020000000000000fa0"
                        + "0d02020000000000000003");
    }

    @Test
    void aBinlogRowIsKeyedByItsCoordinatesAsBefore() {
        assertThat(hex(KeyMode.POSITION, insert(binlog("mariadb-bin.000003", 4711, 2, 1)))).isEqualTo(TABLE_OP_KEY
                + "0d060110126d6172696164622d62696e2e303030303033" + "0d07020000000000001267" + "0d08020000000000000002"
                + "0d09020000000000000001");
    }

    @Test
    void contentModeKeysByTheRowAsBefore() {
        assertThat(hex(KeyMode.CONTENT, insert(pg(5000L, 4000L, 4990L, 77L))))
                .isEqualTo(TABLE_OP_KEY + "0e" + ROW_DIGEST);
    }

    /** Text beyond Latin-1 is written as UTF-16 code units; Latin-1 text one byte per char: the two never meet. */
    @Test
    void textInAndBeyondLatin1NeverSharesAKey() {
        Map<String, Object> a = Map.of("file", "\u0100", "pos", 1L);
        Map<String, Object> b = Map.of("file", "\u0001\u0000", "pos", 1L);
        Map<String, Object> c = Map.of("file", "\u0001", "pos", 1L);
        ChangeEvent ea = insert(SourcePosition.of(a));
        ChangeEvent eb = insert(SourcePosition.of(b));
        ChangeEvent ec = insert(SourcePosition.of(c));
        assertThat(List.of(hex(KeyMode.POSITION, ea), hex(KeyMode.POSITION, eb), hex(KeyMode.POSITION, ec)))
                .doesNotHaveDuplicates();
    }
}
