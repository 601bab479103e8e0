package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.SourcePosition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DebeziumPositionTest {

    @Test
    void describesItsFieldsSortedByNameAsAnyPositionDoes() {
        Map<String, Object> offset = new HashMap<>();
        offset.put("txId", 771L);
        offset.put("lsn", 23_456_789L);
        offset.put("lsn_proc", 23_456_700L);
        offset.put("ts_usec", 1_764_460_800_000_000L);
        offset.put("snapshot", null);
        DebeziumPosition position = new DebeziumPosition(9, offset);
        assertThat(position.describe())
                .isEqualTo("lsn=23456789,lsn_proc=23456700,snapshot=null,ts_usec=1764460800000000,txId=771")
                .isEqualTo(SourcePosition.of(position.offset()).describe());
        assertThat(new DebeziumPosition(1, Map.of()).describe()).isEmpty();
    }
}
