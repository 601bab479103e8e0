package io.cdctoolkit.engine.data;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HeadersTest {

    @Test
    void keepsOrderRepeatsNullsAndExactBytesLikeKafka() {
        byte[] binary = {(byte) 0xff, 0, 1};
        Headers headers = Headers.EMPTY.with("trace", "a").with("bin", binary).with("trace", "b").with("none", (byte[]) null);

        assertThat(headers.asList()).extracting(Headers.Header::key).containsExactly("trace", "bin", "trace", "none");
        assertThat(headers.lastString("trace")).isEqualTo("b");
        assertThat(headers.last("bin").value()).containsExactly(binary);
        assertThat(headers.contains("none")).isTrue();
        assertThat(headers.last("none").value()).isNull();
        assertThat(headers.last("missing")).isNull();
        assertThat(Headers.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void withReturnsACopyAndLeavesTheOriginalAsItWas() {
        Headers one = Headers.EMPTY.with("a", "1");
        Headers two = one.with("b", "2");

        assertThat(one.size()).isEqualTo(1);
        assertThat(two.size()).isEqualTo(2);
        assertThat(one.withAll(Headers.EMPTY)).isSameAs(one);
        assertThat(Headers.EMPTY.withAll(two)).isSameAs(two);
        assertThat(one.withAll(two).asList()).extracting(Headers.Header::key).containsExactly("a", "a", "b");
    }

    @Test
    void aBuilderAppendsAfterItsStartAndReturnsTheStartWhenNothingWasAdded() {
        Headers start = Headers.EMPTY.with("a", "1");
        assertThat(start.toBuilder().build()).isSameAs(start);

        Headers built = start.toBuilder().add("b", "2").add("a", "3").build();
        assertThat(built.asList()).extracting(Headers.Header::valueAsString).containsExactly("1", "2", "3");
        assertThat(start.size()).isEqualTo(1);
    }

    @Test
    void equalityComparesBytesAndSizeCountsKeysAndValues() {
        Headers a = Headers.EMPTY.with("k", "v".getBytes(StandardCharsets.UTF_8));
        Headers b = Headers.EMPTY.with("k", "v");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Headers.EMPTY.with("k", "w"));
        assertThat(b.sizeInBytes()).isEqualTo(2);
    }
}
