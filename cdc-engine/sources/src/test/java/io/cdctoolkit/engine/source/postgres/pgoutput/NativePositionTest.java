package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.SourcePosition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NativePositionTest {

    /** The hand-built cdc.source text (and its bytes) must stay the text every other position gets from its offset map. */
    @Test
    void describeIsTheOffsetFieldsInOrder() {
        List<NativePosition> positions = List.of(
                new NativePosition(false, 26_512_344L, 26_202_320L, 1, 0),
                new NativePosition(false, 26_512_344L, 26_512_000L, 1000, 26_512_392L),
                new NativePosition(true, 0, 0, 17, 0),
                new NativePosition(true, 0, 0, 200_000, 99_999_999_999L),
                new NativePosition(false, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MAX_VALUE),
                new NativePosition(true, Long.MIN_VALUE, -1, 0, Long.MIN_VALUE),
                new NativePosition(true, 0, 26_000_000L, 3, 26_000_000L, true));
        for (NativePosition p : positions) {
            assertThat(p.describe()).isEqualTo(SourcePosition.of(p.offset()).describe());
            assertThat(p.describeUtf8()).isEqualTo(SourcePosition.of(p.offset()).describeUtf8());
        }
        assertThat(positions.get(1).describe()).isEqualTo("lsn_commit=26512344,lsn=26512000,index=1000,lsn_end=26512392");
        assertThat(positions.get(2).toString()).isEqualTo("snapshot=true,lsn_commit=0,lsn=0,index=17");
        assertThat(positions.get(6).toString())
                .isEqualTo("snapshot=true,backfill=true,lsn_commit=0,lsn=26000000,index=3,lsn_end=26000000");
    }
}
