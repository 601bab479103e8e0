package io.cdctoolkit.engine.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Record headers in Kafka's model: an ordered list of (key, bytes) pairs where a key may repeat and a
 * value may be null. Immutable; {@link #with} returns a copy with one header appended. A sink writes
 * them in this order, after which it may add its own ({@code cdc.op}, …).
 *
 * <p>Values are bytes, not strings, because Kafka's are: a header copied from one record to another
 * (a dead letter of an encoded record) keeps its exact bytes. {@link #with(String, String)} and
 * {@link #lastString} are UTF-8 conveniences.
 */
public final class Headers implements Iterable<Headers.Header> {

    /** No headers. */
    public static final Headers EMPTY = new Headers(new Header[0]);

    private final Header[] headers;

    private Headers(Header[] headers) {
        this.headers = headers;
    }

    /** Headers of the given pairs, in order. */
    public static Headers of(List<Header> headers) {
        return headers.isEmpty() ? EMPTY : new Headers(headers.toArray(new Header[0]));
    }

    /** Headers of the map's entries in its iteration order, each value as UTF-8 bytes. */
    public static Headers ofStrings(java.util.Map<String, String> map) {
        Builder b = builder();
        map.forEach(b::add);
        return b.build();
    }

    /** Starts a list of headers (empty). */
    public static Builder builder() {
        return new Builder(EMPTY);
    }

    /** Starts a list of headers that begins with these. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** These headers with one more at the end (the key may already be present: headers repeat). */
    public Headers with(String key, byte[] value) {
        Header[] copy = Arrays.copyOf(headers, headers.length + 1);
        copy[headers.length] = new Header(key, value);
        return new Headers(copy);
    }

    /** These headers with one more, its value the UTF-8 bytes of {@code value} (null stays null). */
    public Headers with(String key, String value) {
        return with(key, utf8(value));
    }

    /** These headers followed by {@code more}. */
    public Headers withAll(Headers more) {
        if (more.isEmpty()) return this;
        if (isEmpty()) return more;
        Header[] copy = Arrays.copyOf(headers, headers.length + more.headers.length);
        System.arraycopy(more.headers, 0, copy, headers.length, more.headers.length);
        return new Headers(copy);
    }

    public int size() {
        return headers.length;
    }

    public boolean isEmpty() {
        return headers.length == 0;
    }

    /** The header at position {@code i}. */
    public Header get(int i) {
        return headers[i];
    }

    /** True when at least one header has this key. */
    public boolean contains(String key) {
        return last(key) != null;
    }

    /** The last header with this key (Kafka's {@code lastHeader}), or null. */
    public Header last(String key) {
        for (int i = headers.length - 1; i >= 0; i--) {
            if (headers[i].key().equals(key)) return headers[i];
        }
        return null;
    }

    /** The last value for this key decoded as UTF-8, or null when absent or null. */
    public String lastString(String key) {
        Header h = last(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The headers as an unmodifiable list, in order. */
    public List<Header> asList() {
        return List.of(headers);
    }

    /** Bytes the headers weigh (keys as UTF-16 chars, values as bytes), for in-flight accounting. */
    public long sizeInBytes() {
        long size = 0;
        for (Header h : headers) {
            size += h.key().length();
            if (h.value() != null) size += h.value().length;
        }
        return size;
    }

    @Override
    public Iterator<Header> iterator() {
        return asList().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && Arrays.equals(headers, other.headers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(headers);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < headers.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(headers[i]);
        }
        return sb.append(']').toString();
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One header. The value array is not copied: producers of headers hand over arrays they no longer
     * change, and consumers must not change them.
     *
     * @param key   header key (not null)
     * @param value header bytes, or null
     */
    public record Header(String key, byte[] value) {

        public Header {
            Objects.requireNonNull(key, "key");
        }

        /** The value decoded as UTF-8, or null. */
        public String valueAsString() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header other && key.equals(other.key) && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + (value == null ? "null" : valueAsString());
        }
    }

    /** Appends headers one by one; {@link #build()} gives the immutable list. */
    public static final class Builder {
        private final Headers start;
        private List<Header> added;

        private Builder(Headers start) {
            this.start = start;
        }

        /** Appends a header. */
        public Builder add(String key, byte[] value) {
            if (added == null) added = new ArrayList<>(4);
            added.add(new Header(key, value));
            return this;
        }

        /** Appends a header whose value is the UTF-8 bytes of {@code value}. */
        public Builder add(String key, String value) {
            return add(key, utf8(value));
        }

        /** The headers: the starting ones, then those added (the starting instance when none were). */
        public Headers build() {
            if (added == null) return start;
            Header[] all = Arrays.copyOf(start.headers, start.headers.length + added.size());
            for (int i = 0; i < added.size(); i++) all[start.headers.length + i] = added.get(i);
            return new Headers(all);
        }
    }
}
