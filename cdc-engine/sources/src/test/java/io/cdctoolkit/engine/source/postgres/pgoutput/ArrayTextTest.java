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
        assertThat(ArrayText.parse("{(1,1),(0,0);NULL}", ';', t -> t)).isEqualTo(Arrays.asList("(1,1),(0,0)", null));
    }

    /** The first index is part of the value (PostgreSQL writes bounds only when it is not 1); the elements alone are not it. */
    @Test
    void anArrayWhoseFirstIndexIsNotOneIsRefused() {
        assertThatThrownBy(() -> ArrayText.parse("[0:1]={1,2}", Integer::valueOf))
                .hasMessageContaining("first index is 0, not 1");
        assertThatThrownBy(() -> ArrayText.parse("[-3:-3]={1}", Integer::valueOf))
                .hasMessageContaining("first index is -3, not 1");
    }

    @Test
    void aMultiDimensionalArrayIsRefused() {
        assertThatThrownBy(() -> ArrayText.parse("{{1,2},{3,4}}", Integer::valueOf))
                .hasMessageContaining("multi-dimensional");
    }
}
