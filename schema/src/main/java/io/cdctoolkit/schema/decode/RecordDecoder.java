package io.cdctoolkit.schema.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.protobuf.ProtobufFormat;
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
    private final Cache<Object, SchemaText> schemas = Caffeine.newBuilder().maximumSize(1_000).build();
    private final Cache<ReaderKey, PayloadReader> readers = Caffeine.newBuilder().maximumSize(1_000).build();

    /** A writer schema (id or Glue version) and the Protobuf message path in it. */
    private record ReaderKey(Object schema, List<Integer> messageIndexes) {
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
            SchemaText schema = schemas.get(id, k -> lookup.byId(id));
            FramedPayload framed = WireFraming.parse(data, schema.type() == SchemaType.PROTOBUF);
            PayloadReader reader = readers.get(new ReaderKey(id, framed.messageIndexes()),
                    k -> compile(schema, framed.messageIndexes()));
            return reader.read(data, framed.offset(), framed.length());
        }
        FramedPayload framed = WireFraming.parse(data, false);
        SchemaText schema = schemas.get(framed.schemaVersion(), k -> lookup.byGlueVersion(framed.schemaVersion()));
        byte[] payload = framed.compressed() ? inflate(data, framed.offset(), framed.length())
                : Arrays.copyOfRange(data, framed.offset(), data.length);
        if (schema.type() != SchemaType.PROTOBUF) {
            PayloadReader reader = readers.get(new ReaderKey(framed.schemaVersion(), List.of()), k -> compile(schema, List.of()));
            return reader.read(payload, 0, payload.length);
        }
        // Glue writes one plain varint before the message: AWS's index of the message (see glueReader).
        ByteBuffer in = ByteBuffer.wrap(payload);
        int glueIndex = WireFraming.readVarint(in);
        PayloadReader reader = readers.get(new ReaderKey(framed.schemaVersion(), List.of(-1, glueIndex)),
                k -> protobuf(schema).glueReader(schema, glueIndex));
        return reader.read(payload, in.position(), payload.length - in.position());
    }

    /** Decodes a record that is plain JSON (the {@code disabled} mode), for callers that accept both. */
    public static JsonNode plainJson(byte[] data) throws IOException {
        return JSON.readTree(data);
    }

    private ProtobufFormat protobuf(SchemaText schema) {
        if (formats.apply(schema.type()) instanceof ProtobufFormat protobuf) return protobuf;
        throw new IllegalStateException("no Protobuf format for a Protobuf schema");
    }

    private PayloadReader compile(SchemaText schema, List<Integer> messageIndexes) {
        SchemaFormat format = formats.apply(schema.type());
        if (format instanceof ProtobufFormat protobuf && !messageIndexes.isEmpty()) {
            return protobuf.reader(schema, messageIndexes);
        }
        return format.reader(schema);
    }

    private static byte[] inflate(byte[] data, int offset, int length) throws IOException {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(data, offset, length))) {
            return in.readAllBytes();
        }
    }
}
