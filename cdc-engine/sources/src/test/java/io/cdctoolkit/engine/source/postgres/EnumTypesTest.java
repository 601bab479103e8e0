package io.cdctoolkit.engine.source.postgres;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The enum types' labels survive the converter properties whatever characters the labels hold. */
class EnumTypesTest {

    @Test
    void labelsComeBackAsTheyWent() {
        Map<Integer, List<String>> types = new LinkedHashMap<>();
        types.put(16_390, List.of("sad", "ok", "happy"));
        types.put(16_402, List.of("a,b", "c:d", "e;f", "g%20h", "", " spaced ", "émoji 😀"));
        types.put(16_410, List.of());
        types.put(16_420, List.of(""));

        String property = EnumTypes.encode(types);

        assertThat(EnumTypes.decode(property)).isEqualTo(types);
    }

    @Test
    void noPropertyIsNoType() {
        assertThat(EnumTypes.decode(null)).isEmpty();
        assertThat(EnumTypes.decode("")).isEmpty();
        assertThat(EnumTypes.decode(EnumTypes.encode(Map.of()))).isEmpty();
    }
}
