package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.format.SchemaText;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Avro compatibility by Avro's own reader/writer resolution rules ({@link SchemaCompatibility}), the
 * check Confluent's registry runs too. Problems read {@code /fields/2/type: <what is wrong>}.
 *
 * <p>A record inside a union that no longer reads the older one — every change to a CDC envelope's {@code before} /
 * {@code after} row, both {@code ["null", Value]} — is all Avro says of it: {@code MISSING_UNION_BRANCH: reader union
 * lacking writer type: RECORD}, which names no column. When the newer union has a branch of the same name, the
 * problem also says what in that branch does not read the older one ({@link #withinNamedBranch}).
 */
final class AvroCompatibilityChecker extends PairwiseCompatibilityChecker<Schema> {

    private static final Pattern FIELD = Pattern.compile("/fields/(\\d+)(/|$)");

    @Override
    Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    @Override
    Schema parse(SchemaText schema) {
        return AvroTexts.parse(schema);
    }

    @Override
    List<String> readProblems(Schema reader, Schema writer) {
        return problems(reader, writer, "", new HashSet<>());
    }

    /** Avro's incompatibilities of {@code reader} with {@code writer}, their locations under {@code at}. */
    private static List<String> problems(Schema reader, Schema writer, String at, Set<String> opened) {
        List<String> problems = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility i : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities()) {
            String location = at.isEmpty() ? i.getLocation() : "/".equals(i.getLocation()) ? at : at + i.getLocation();
            String problem = (at.isEmpty() ? "" : fieldNamed(reader, i.getLocation())) + location + ": " + i.getType()
                    + ": " + i.getMessage();
            if (i.getType() == SchemaCompatibility.SchemaIncompatibilityType.MISSING_UNION_BRANCH) {
                problem += withinNamedBranch(i.getReaderFragment(), i.getWriterFragment(), location, opened);
            }
            problems.add(problem);
        }
        return problems;
    }

    /**
     * What keeps the reader union's branch named as the writer's {@code RECORD}, {@code ENUM} or {@code FIXED} from
     * reading it, as {@code " (in its record a.b.Value: qty: /…/fields/1/type: TYPE_MISMATCH: …)"}; empty when the union has
     * no such branch (the type is gone from it: Avro's words say it all) or the pair is being opened further out (a
     * recursive type). Found by Avro's own check of that pair: Avro does not descend into a union branch it cannot match.
     */
    private static String withinNamedBranch(Schema readerUnion, Schema writer, String location, Set<String> opened) {
        if (readerUnion == null || writer == null || readerUnion.getType() != Schema.Type.UNION) return "";
        // Avro gives the writer's whole union as the fragment, and the branch as the location's last index.
        Schema writerBranch = writer;
        if (writer.getType() == Schema.Type.UNION) {
            int branchIndex;
            try {
                branchIndex = Integer.parseInt(location.substring(location.lastIndexOf('/') + 1));
            } catch (NumberFormatException e) {
                return "";
            }
            if (branchIndex < 0 || branchIndex >= writer.getTypes().size()) return "";
            writerBranch = writer.getTypes().get(branchIndex);
        }
        Schema.Type type = writerBranch.getType();
        if (type != Schema.Type.RECORD && type != Schema.Type.ENUM && type != Schema.Type.FIXED) return "";
        for (Schema branch : readerUnion.getTypes()) {
            if (branch.getType() != type || !sameName(branch, writerBranch)) continue;
            String pair = branch.getFullName() + " " + writerBranch.getFullName();
            if (!opened.add(pair)) return "";
            List<String> inside = problems(branch, writerBranch, location, opened);
            opened.remove(pair);
            if (inside.isEmpty()) return "";
            return " (in its " + type.getName() + " " + branch.getFullName() + ": " + String.join("; ", inside) + ")";
        }
        return "";
    }

    /**
     * {@code "customer_id: "} for a location in {@code record}'s field ({@code /fields/1/…}: Avro numbers the reader's
     * fields), which a path inside a union branch would leave to the reader to count; else empty.
     */
    private static String fieldNamed(Schema record, String location) {
        Matcher field = FIELD.matcher(location);
        if (record.getType() != Schema.Type.RECORD || !field.lookingAt()) return "";
        int position = Integer.parseInt(field.group(1));
        return position < record.getFields().size() ? record.getFields().get(position).name() + ": " : "";
    }

    /** Whether the reader's named type is the writer's, by name or by one of the reader's aliases (Avro's matching). */
    private static boolean sameName(Schema reader, Schema writer) {
        return reader.getFullName().equals(writer.getFullName()) || reader.getAliases().contains(writer.getFullName());
    }
}
