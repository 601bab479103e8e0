package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.schema.decode.RecordDecoder;
import io.cdctoolkit.schema.decode.SchemaLookup;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.wire.WireFraming;
import io.cdctoolkit.sinks.kafka.PayloadDecoder;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code tail}'s decoder of registry-framed keys and values (standard {@code 0x00} and Glue {@code 0x03}
 * framing) into the JSON the {@code disabled} mode writes. Payloads with another first byte are left to
 * the tailer (plain JSON, or base64): no JSON document starts with either byte. Each writer schema is
 * fetched once ({@link RecordDecoder} keeps it per id in a bounded Caffeine cache).
 */
final class RegistryPayloadDecoder implements PayloadDecoder {

    private final RecordDecoder decoder;

    RegistryPayloadDecoder(SchemaLookup lookup) {
        this.decoder = new RecordDecoder(lookup, SchemaFormats::forType);
    }

    @Override
    public Optional<JsonNode> decode(byte[] bytes) throws IOException {
        byte first = bytes[0];
        if (first != WireFraming.STANDARD_MAGIC && first != WireFraming.GLUE_MAGIC) return Optional.empty();
        return Optional.of(decoder.decode(bytes));
    }
}
