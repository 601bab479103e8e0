package io.cdctoolkit.schema.wire;

/** How a payload is framed on the wire (see docs/wire-formats.md). */
public enum WireFormat {
    /**
     * Confluent's framing: {@code 0x00}, schema id (int32 big-endian), for Protobuf the message-index
     * list, then the payload. Read by Confluent's and Apicurio's serdes, Karapace, Redpanda.
     */
    STANDARD,
    /**
     * AWS Glue Schema Registry framing: {@code 0x03}, compression byte, schema-version UUID (16
     * bytes), then the payload (Protobuf: one varint message index first). Read by AWS's
     * {@code GlueSchemaRegistryKafkaDeserializer}.
     */
    GLUE,
    /** The payload alone. */
    NONE
}
