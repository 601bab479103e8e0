package io.cdctoolkit.schema.wire;

import java.util.List;
import java.util.UUID;

/**
 * A framed record split into its header fields and the payload's position in the original bytes.
 *
 * @param format         the framing found
 * @param schemaId       the schema id (STANDARD), else -1
 * @param schemaVersion  the Glue schema-version id (GLUE), else null
 * @param messageIndexes the Protobuf message-index path (STANDARD Protobuf and GLUE Protobuf), else empty;
 *                       {@code [0]} is the first message of the schema
 * @param compressed     whether the Glue payload is zlib-compressed
 * @param offset         where the payload starts in the record's bytes
 * @param length         how many payload bytes follow (compressed size when {@code compressed})
 */
public record FramedPayload(WireFormat format, int schemaId, UUID schemaVersion, List<Integer> messageIndexes,
                            boolean compressed, int offset, int length) {
    public FramedPayload {
        messageIndexes = List.copyOf(messageIndexes);
    }
}
