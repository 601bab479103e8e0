package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.PayloadFormat;
import io.cdctoolkit.engine.spi.SinkRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.cdctoolkit.sinks.kafka.KafkaTestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;

class CdcHeadersTest {

    private static Map<String, String> asMap(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : headers) out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void recordHeadersComeFirstThenOpTableAndSourcePosition() {
        SinkRecord record = new SinkRecord("t", null, null, io.cdctoolkit.engine.data.Headers.ofStrings(Map.of("cdc.error.stage", "cast")), PayloadFormat.JSON,
                event("t", Op.UPDATE, 99));
        assertThat(asMap(new CdcHeaders(true, true, true).of(record))).containsExactly(
                Map.entry("cdc.error.stage", "cast"), Map.entry("cdc.op", "u"),
                Map.entry("cdc.table", "app.public.users"), Map.entry("cdc.source", "lsn=99"));
    }

    @Test
    void aHeaderTheRecordAlreadyCarriesIsNotWrittenTwice() {
        SinkRecord record = new SinkRecord("t", null, null, io.cdctoolkit.engine.data.Headers.ofStrings(Map.of("cdc.op", "r")), PayloadFormat.JSON,
                event("t", Op.CREATE, 1));
        Headers headers = new CdcHeaders(true, false, false).of(record);
        assertThat(headers.headers("cdc.op")).hasSize(1);
        assertThat(asMap(headers)).containsExactly(Map.entry("cdc.op", "r"));
    }

    @Test
    void tablesWithoutSchemaAndEventsWithoutPositionGetWhatTheyHave() {
        ChangeEvent event = ChangeEvent.builder(new TableId("shop", null, "orders"), Op.READ, "t").build();
        SinkRecord record = new SinkRecord("t", null, null, io.cdctoolkit.engine.data.Headers.EMPTY, PayloadFormat.JSON, event);
        assertThat(asMap(new CdcHeaders(true, true, true).of(record)))
                .containsExactly(Map.entry("cdc.op", "r"), Map.entry("cdc.table", "shop.orders"));
    }

    @Test
    void turnedOffHeadersAreLeftOut() {
        SinkRecord record = new SinkRecord("t", null, null, io.cdctoolkit.engine.data.Headers.EMPTY, PayloadFormat.JSON, event("t", Op.DELETE, 5));
        assertThat(asMap(new CdcHeaders(false, false, false).of(record))).isEmpty();
    }
}
