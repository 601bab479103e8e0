package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.CodedOutputStream;

import java.io.IOException;

/**
 * Writes the body of one message (without tag or length) for one kind of value. Sizes are computed
 * first (the parent needs the length before the body), and every value is checked while sizing, so
 * a value that cannot be represented fails before any byte is written.
 */
interface ProtoMessageWriter {

    /** The body's size; throws {@link IllegalArgumentException} naming the field if {@code value} cannot be written. */
    int size(Object value);

    /** Writes the body of a value already sized by {@link #size}. */
    void write(CodedOutputStream out, Object value) throws IOException;
}
