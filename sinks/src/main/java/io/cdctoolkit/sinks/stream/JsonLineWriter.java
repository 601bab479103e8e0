package io.cdctoolkit.sinks.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link SinkRecord} as one line {@code {"topic":…,"key":…,"value":…,"headers":{…}}\n}
 * (binary payloads: {@code {"topic":…,"key_base64":…,"value_base64":…,"headers":{…}}\n}).
 * JSON payloads are embedded as they are: the encoder's {@link PayloadFormat#JSON} promises one JSON
 * document, so the bytes are copied, not parsed again (an encoder that breaks that promise breaks the
 * line, which the JSON encoder's tests rule out). Only raw CR and LF bytes are turned into spaces, so
 * a payload spread over lines still makes one line: JSON allows them only as whitespace between
 * tokens (inside strings they are escaped), so the document means the same. Binary payloads become base64 strings of the exact wire bytes under
 * {@code key_base64}/{@code value_base64}, so any decoder can be pointed at a line; null stays
 * null. Headers become an object of UTF-8 strings (base64 when a value is not UTF-8); a header key
 * that repeats maps to an array of its values in order, so nothing of Kafka's header model is lost.
 * A whole line is rendered before anything is written. {@code pretty} (a debugging aid) re-indents
 * the rendered object, payloads included, over several lines.
 */
final class JsonLineWriter {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final JsonStringEncoder strings = JsonStringEncoder.getInstance();
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
        // Binary payloads (registry wire formats) are the exact wire bytes, named so that nobody takes
        // the base64 text for the value itself: {"key_base64":…,"value_base64":…}.
        String suffix = record.format() == PayloadFormat.BINARY ? "_base64" : "";
        line.writeBytes(ascii("{\"topic\":"));
        string(line, record.topic());
        line.writeBytes(ascii(",\"key" + suffix + "\":"));
        payload(line, record, record.key());
        line.writeBytes(ascii(",\"value" + suffix + "\":"));
        payload(line, record, record.value());
        line.writeBytes(ascii(",\"headers\":"));
        headers(line, record.headers());
        line.write('}');
        byte[] compact = line.toByteArray();
        return pretty ? indented(record, compact) : withNewline(compact);
    }

    private byte[] indented(SinkRecord record, byte[] compact) throws InvalidDataException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(compact.length * 2);
        try (JsonParser parser = factory.createParser(compact);
             JsonGenerator gen = factory.createGenerator(out).useDefaultPrettyPrinter()) {
            parser.nextToken();
            gen.copyCurrentStructure(parser);
        } catch (IOException e) {
            throw new InvalidDataException(sinkName, record.event() == null ? null : record.event().table(), null,
                    "the record's key or value (format JSON) is not valid JSON: " + e.getMessage(), e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] withNewline(byte[] compact) {
        byte[] line = java.util.Arrays.copyOf(compact, compact.length + 1);
        line[compact.length] = '\n';
        return line;
    }

    private void payload(ByteArrayOutputStream line, SinkRecord record, byte[] payload) {
        if (payload == null) {
            line.writeBytes(NULL);
        } else if (record.format() == PayloadFormat.BINARY) {
            string(line, Base64.getEncoder().encodeToString(payload));
        } else {
            writeOnOneLine(line, payload);
        }
    }

    private static void writeOnOneLine(ByteArrayOutputStream line, byte[] json) {
        int from = 0;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '\n' || json[i] == '\r') {
                line.write(json, from, i - from);
                line.write(' ');
                from = i + 1;
            }
        }
        line.write(json, from, json.length - from);
    }

    private void headers(ByteArrayOutputStream line, Headers headers) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (Headers.Header h : headers) {
            byKey.computeIfAbsent(h.key(), k -> new ArrayList<>(1)).add(text(h.value()));
        }
        line.write('{');
        boolean first = true;
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            if (!first) line.write(',');
            first = false;
            string(line, e.getKey());
            line.write(':');
            List<String> values = e.getValue();
            if (values.size() == 1) {
                string(line, values.get(0));
            } else {
                line.write('[');
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) line.write(',');
                    string(line, values.get(i));
                }
                line.write(']');
            }
        }
        line.write('}');
    }

    private void string(ByteArrayOutputStream line, String value) {
        if (value == null) {
            line.writeBytes(NULL);
            return;
        }
        line.write('"');
        line.writeBytes(strings.quoteAsUTF8(value));
        line.write('"');
    }

    private static String text(byte[] value) {
        if (value == null) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(value);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int estimate(SinkRecord record) {
        return (int) Math.min(Integer.MAX_VALUE - 64, record.sizeInBytes() + 64);
    }
}
