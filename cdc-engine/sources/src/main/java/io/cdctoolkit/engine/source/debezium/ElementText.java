package io.cdctoolkit.engine.source.debezium;

import org.apache.kafka.connect.data.SchemaBuilder;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Connect schema of an array element carried as the text the database wrote for it, for arrays
 * whose decoding by the JDBC driver or Debezium changes or loses values (PostgreSQL arrays: a
 * multi-dimensional value, BC dates, {@code timetz} fractions, element types Debezium has no schema
 * for). The schema parameter {@link #KIND} says which field type the reader makes of the text; a text
 * that is no such value makes the event unreadable.
 *
 * <p>A value the converter cannot split into elements (a multi-dimensional value, no array at all) is
 * carried as one element made by {@link #unreadable(String)}: the reason behind a NUL character. No
 * PostgreSQL text output holds a NUL (its text values are C strings), so the mark cannot be mistaken
 * for an element, even in a {@code text[]}; the reader makes such an event unreadable with the reason.
 */
public final class ElementText {

    /** The schema name. */
    public static final String LOGICAL_NAME = "io.cdctoolkit.ElementText";
    /** Schema parameter: the {@link Kind} of the elements, in lower case. */
    public static final String KIND = "kind";
    private static final char UNREADABLE_MARK = '\0';

    /** What the reader makes of an element's text; each names the field type it gives. */
    public enum Kind {
        /** {@code int16}: a decimal integer. */
        INT16,
        /** {@code int32}: a decimal integer. */
        INT32,
        /** {@code int64}: a decimal integer. */
        INT64,
        /** {@code boolean}: PostgreSQL's {@code t} / {@code f}. */
        BOOLEAN,
        /** {@code float32}: digits, {@code NaN}, {@code Infinity}, {@code -Infinity}. */
        FLOAT32,
        /** {@code float64}: digits, {@code NaN}, {@code Infinity}, {@code -Infinity}. */
        FLOAT64,
        /** {@code string}: the text itself. */
        STRING,
        /** {@code bytes}: PostgreSQL's {@code bytea} text, hex ({@code \x0102}) or escape format. */
        BYTES,
        /** {@code bytes}: the text itself in UTF-8, as Debezium carries a value of a type it has no schema for. */
        TEXT_BYTES,
        /** {@code uuid}. */
        UUID,
        /** {@code json}: the text itself. */
        JSON,
        /** {@code date}: ISO {@code YYYY-MM-DD}, {@code BC} for years before 1 (proleptic Gregorian). */
        DATE,
        /** {@code timestamp}: ISO date and time of day without zone, read as UTC. */
        TIMESTAMP,
        /** {@code timestamp_tz}: ISO date and time of day with an offset. */
        TIMESTAMP_TZ,
        /** {@code string}: a time of day with an offset, written in UTC as Debezium writes a {@code timetz}. */
        ZONED_TIME,
        /** {@code enum}: the label itself; the schema's {@link #LABELS} parameter lists the labels ({@link #enumBuilder}). */
        ENUM
    }

    private ElementText() {
    }

    /** A string schema builder for elements of {@code kind} (the caller sets optional). */
    public static SchemaBuilder builder(Kind kind) {
        return SchemaBuilder.string().name(LOGICAL_NAME).parameter(KIND, kind.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Schema parameter of {@link Kind#ENUM} elements: their labels ({@link #encodeLabels}). Not Debezium's
     * comma-separated {@code allowed}, which splits a label holding a comma into two.
     */
    public static final String LABELS = "labels";

    /** A string schema builder for enum elements of the given labels (the caller sets optional). */
    public static SchemaBuilder enumBuilder(List<String> labels) {
        return builder(Kind.ENUM).parameter(LABELS, encodeLabels(labels));
    }

    /**
     * Labels as one text: each URL-encoded (so no label's characters can be taken for a separator) and ended by a
     * comma (so that no label and one empty label differ).
     */
    public static String encodeLabels(List<String> labels) {
        StringBuilder text = new StringBuilder();
        for (String label : labels) text.append(URLEncoder.encode(label, StandardCharsets.UTF_8)).append(',');
        return text.toString();
    }

    /** What {@link #encodeLabels} wrote. */
    public static List<String> decodeLabels(String text) {
        String[] ended = text.split(",", -1); // the last is what follows the last comma: ""
        List<String> labels = new ArrayList<>(ended.length - 1);
        for (int i = 0; i < ended.length - 1; i++) labels.add(URLDecoder.decode(ended[i], StandardCharsets.UTF_8));
        return List.copyOf(labels);
    }

    /** The {@link Kind} a schema built by {@link #builder} names. */
    static Kind kindOf(String parameter) {
        return Kind.valueOf(parameter.toUpperCase(Locale.ROOT));
    }

    /** The one element that stands for an array value the reader must refuse, and why. */
    public static String unreadable(String reason) {
        return UNREADABLE_MARK + reason;
    }

    /** The reason of an element made by {@link #unreadable}, or {@code null} for an element. */
    static String unreadableReason(String element) {
        return !element.isEmpty() && element.charAt(0) == UNREADABLE_MARK ? element.substring(1) : null;
    }
}
