package io.cdctoolkit.sinks.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One consumed record as a JSON line: {@code topic, partition, offset, timestamp} (epoch ms), {@code key}
 * and {@code value} embedded as JSON when their bytes are one JSON document, otherwise as a base64 string
 * flagged by {@code key_encoding}/{@code value_encoding: "base64"}; {@code null} for a missing key or a
 * tombstone; {@code headers} as an object of UTF-8 strings (base64 when not UTF-8; a repeated header
 * name keeps its last value).
 *
 * <p>A {@link PayloadDecoder} goes first: what it decodes is embedded as JSON; when it fails, the line
 * carries its message in {@code key_error}/{@code value_error} and the bytes as base64, and the tail
 * goes on with the next record.
 */
final class TailJson {

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final PayloadDecoder decoder;
    private final PayloadRewriter rewriter;

    TailJson(PayloadDecoder decoder) {
        this(decoder, PayloadRewriter.NONE);
    }

    TailJson(PayloadDecoder decoder, PayloadRewriter rewriter) {
        this.decoder = decoder;
        this.rewriter = rewriter;
    }

    String line(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode line = mapper.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", record.timestamp());
        putPayload(line, "key", record.key(), record);
        putPayload(line, "value", record.value(), record);
        ObjectNode headers = line.putObject("headers");
        for (Header h : record.headers()) {
            if (h.value() == null) {
                headers.putNull(h.key());
            } else {
                String text = utf8(h.value());
                headers.put(h.key(), text != null ? text : Base64.getEncoder().encodeToString(h.value()));
            }
        }
        try {
            return mapper.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree just built", e);
        }
    }

    private void putPayload(ObjectNode line, String field, byte[] bytes, ConsumerRecord<byte[], byte[]> record) {
        if (bytes == null) {
            line.putNull(field);
            return;
        }
        JsonNode json;
        try {
            json = bytes.length == 0 ? null : decoder.decode(bytes).orElseGet(() -> parse(bytes));
        } catch (Exception e) {
            line.put(field + "_error", e.getMessage() != null ? e.getMessage() : e.toString());
            json = null;
        }
        if (json != null) {
            try {
                json = rewriter.rewrite(json, record.headers());
            } catch (Exception e) {
                line.put(field + "_error", e.getMessage() != null ? e.getMessage() : e.toString());
            }
            line.set(field, json);
        } else {
            line.put(field, Base64.getEncoder().encodeToString(bytes));
            line.put(field + "_encoding", "base64");
        }
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) return null;
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
