package io.cdctoolkit.engine.testing;

import io.cdctoolkit.engine.data.Headers;

import java.util.LinkedHashMap;
import java.util.Map;

/** Headers as a map of UTF-8 strings (the last value of a repeated key), for map assertions in tests. */
public final class TestHeaders {

    private TestHeaders() {
    }

    public static Map<String, String> asMap(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Headers.Header h : headers) map.put(h.key(), h.valueAsString());
        return map;
    }
}
