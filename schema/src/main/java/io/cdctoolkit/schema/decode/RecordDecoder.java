package io.cdctoolkit.schema.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.wire.FramedPayload;
import io.cdctoolkit.schema.wire.WireFraming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.InflaterInputStream;

/**
 * Decodes framed records (standard or Glue framing, picked from the first byte) back into JSON of
 * the shape the {@code disabled} mode writes, fetching each writer schema once through a
 * {@link SchemaLookup} and compiling one reader per schema. Thread-safe.
 */
public final class RecordDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaLookup lookup;
    private final Function<SchemaType, SchemaFormat> formats;
    private final Cache<Object, Compiled> readers = Caffeine.newBuilder().maximumSize(1_000).build();

    private record Compiled(SchemaType type, PayloadReader reader) {
    }

    /**
     * @param lookup  finds writer schemas by id or Glue version
     * @param formats the format of each schema language
     */
    public RecordDecoder(SchemaLookup lookup, Function<SchemaType, SchemaFormat> formats) {
        this.lookup = lookup;
        this.formats = formats;
    }

    /**
     * Decodes one framed record.
     *
     * @throws IllegalArgumentException when the bytes are not framed as the standard or Glue format
     * @throws IOException              when the payload does not match its schema
     */
    public JsonNode decode(byte[] data) throws IOException {
        if (data == null || data.length == 0) throw new IllegalArgumentException("empty record: no wire-format header");
        if (data[0] == WireFraming.STANDARD_MAGIC) {
            if (data.length < 5) throw new IllegalArgumentException("record of " + data.length + " bytes is shorter than its header");
            int id = ByteBuffer.wrap(data, 1, 4).order(ByteOrder.BIG_ENDIAN).getInt();
            Compiled compiled = readers.get(id, k -> compile(lookup.byId(id)));
            FramedPayload framed = WireFraming.parse(data, compiled.type() == SchemaType.PROTOBUF);
            checkFirstMessage(framed.messageIndexes());
            return compiled.reader().read(data, framed.offset(), framed.length());
        }
        FramedPayload framed = WireFraming.parse(data, false);
        Compiled compiled = readers.get(framed.schemaVersion(), k -> compile(lookup.byGlueVersion(framed.schemaVersion())));
        byte[] payload = framed.compressed() ? inflate(data, framed.offset(), framed.length())
                : Arrays.copyOfRange(data, framed.offset(), data.length);
        int offset = 0;
        if (compiled.type() == SchemaType.PROTOBUF) {
            ByteBuffer in = ByteBuffer.wrap(payload);
            checkFirstMessage(List.of(WireFraming.readVarint(in)));
            offset = in.position();
        }
        return compiled.reader().read(payload, offset, payload.length - offset);
    }

    /** Decodes a record that is plain JSON (the {@code disabled} mode), for callers that accept both. */
    public static JsonNode plainJson(byte[] data) throws IOException {
        return JSON.readTree(data);
    }

    private Compiled compile(SchemaText schema) {
        return new Compiled(schema.type(), formats.apply(schema.type()).reader(schema));
    }

    private static void checkFirstMessage(List<Integer> indexes) {
        // Our schemas hold one top-level message; records of other messages need a reader per index.
        if (!indexes.isEmpty() && !indexes.equals(List.of(0))) {
            throw new IllegalArgumentException("Protobuf message index " + indexes
                    + " is not supported: only the first message of a schema ([0]) is decoded");
        }
    }

    private static byte[] inflate(byte[] data, int offset, int length) throws IOException {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(data, offset, length))) {
            return in.readAllBytes();
        }
    }
}
