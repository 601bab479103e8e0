package io.cdctoolkit.engine.spi;

/** What an encoder's bytes are, so debugging sinks know whether they can print them as JSON. */
public enum PayloadFormat {
    /** UTF-8 JSON text without framing. */
    JSON,
    /** Binary (Avro, Protobuf, framed JSON Schema). */
    BINARY
}
