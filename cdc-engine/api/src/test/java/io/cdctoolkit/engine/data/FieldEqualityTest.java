package io.cdctoolkit.engine.data;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Schemas built twice from one table version are equal, a {@code bytes} default included. */
class FieldEqualityTest {

    private static RowSchema withBytesDefault(byte... bytes) {
        return RowSchema.of("db.t.Value", new Field("b", FieldType.BYTES, true, bytes, null));
    }

    @Test
    void aBytesDefaultComparesByContent() {
        RowSchema first = withBytesDefault((byte) 0x0a);
        RowSchema second = withBytesDefault((byte) 0x0a);

        assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
        assertThat(withBytesDefault((byte) 0x0b)).isNotEqualTo(first);
        Map<RowSchema, String> interned = new HashMap<>();
        interned.put(first, "first");
        assertThat(interned.get(second)).isEqualTo("first");
    }
}
