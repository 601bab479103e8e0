package io.cdctoolkit.sinks.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders a {@link SinkRecord} as one line {@code {"topic":…,"key":…,"value":…,"headers":{…}}\n}.
 * JSON payloads are embedded as JSON values (re-emitted token by token, so a payload that is not valid
 * JSON is rejected instead of corrupting the output); binary payloads become base64 strings; null
 * stays null. A whole line is rendered before anything is written, so a rejected record leaves no
 * trace in the output.
 */
final class JsonLineWriter {

    private final JsonFactory factory = JsonFactory.builder().build();
    private final String sinkName;
    private final boolean pretty;

    /**
     * @param sinkName used in error reports
     * @param pretty   indent the object over several lines instead of one line per record
     */
    JsonLineWriter(String sinkName, boolean pretty) {
        this.sinkName = sinkName;
        this.pretty = pretty;
    }

    /** The record's line, newline included. */
    byte[] render(SinkRecord record) throws InvalidDataException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(estimate(record));
        try (JsonGenerator gen = factory.createGenerator(line)) {
            if (pretty) gen.useDefaultPrettyPrinter();
            gen.writeStartObject();
            gen.writeStringField("topic", record.topic());
            gen.writeFieldName("key");
            writePayload(gen, record, record.key(), "key");
            gen.writeFieldName("value");
            writePayload(gen, record, record.value(), "value");
            gen.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : record.headers().entrySet()) {
                gen.writeStringField(h.getKey(), h.getValue());
            }
            gen.writeEndObject();
            gen.writeEndObject();
        } catch (IOException e) {
            // Generating into memory cannot fail with I/O; only a programming error gets here.
            throw new UncheckedIOException("cannot render record for topic " + record.topic(), e);
        }
        line.write('\n');
        return line.toByteArray();
    }

    private void writePayload(JsonGenerator gen, SinkRecord record, byte[] payload, String part)
            throws IOException, InvalidDataException {
        if (payload == null) {
            gen.writeNull();
        } else if (record.format() == PayloadFormat.BINARY) {
            gen.writeBinary(payload);
        } else {
            copyJson(gen, record, payload, part);
        }
    }

    private void copyJson(JsonGenerator gen, SinkRecord record, byte[] payload, String part)
            throws IOException, InvalidDataException {
        try (JsonParser parser = factory.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token == null) throw invalid(record, part, "is empty, not JSON", null);
            int depth = 0;
            do {
                gen.copyCurrentEventExact(parser);
                if (token.isStructStart()) depth++;
                else if (token.isStructEnd()) depth--;
            } while (depth > 0 && (token = parser.nextToken()) != null);
            if (parser.nextToken() != null) throw invalid(record, part, "has content after its JSON value", null);
        } catch (JsonProcessingException e) {
            throw invalid(record, part, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private InvalidDataException invalid(SinkRecord record, String part, String problem, Exception cause) {
        return new InvalidDataException(sinkName, record.event() == null ? null : record.event().table(), null,
                "the record's " + part + " (format JSON) " + problem, cause);
    }

    private static int estimate(SinkRecord record) {
        return (int) Math.min(Integer.MAX_VALUE - 64, record.sizeInBytes() * 2 + 64);
    }
}
