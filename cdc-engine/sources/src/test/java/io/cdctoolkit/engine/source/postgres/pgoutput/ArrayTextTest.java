package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL's array text form, as the server documents and writes it. */
class ArrayTextTest {

    @Test
    void arrayElementsKeepQuotesBackslashesEmptyStringsAndNulls() {
        assertThat(ArrayText.parse("{\"a b\",\"q\\\"uote\",NULL,\"\",\"NULL\",x}", t -> t))
                .isEqualTo(Arrays.asList("a b", "q\"uote", null, "", "NULL", "x"));
        assertThat(ArrayText.parse("{}", t -> t)).isEmpty();
        assertThat(ArrayText.parse("[0:1]={1,2}", Integer::valueOf)).containsExactly(1, 2);
    }

    @Test
    void aMultiDimensionalArrayIsRefused() {
        assertThatThrownBy(() -> ArrayText.parse("{{1,2},{3,4}}", Integer::valueOf))
                .hasMessageContaining("multi-dimensional");
    }
}
