package io.cdctoolkit.smt.transform;

/**
 * Kafka's rules for a topic name: 1 to 249 characters of {@code [a-zA-Z0-9._-]}, not {@code .} or
 * {@code ..}. Hand-written (ten lines) rather than depending on kafka-clients' {@code Topic.validate}:
 * this module must not pull Kafka's client into every pipeline.
 */
final class TopicNames {

    /** Kafka's limit (255 minus room for partition suffixes of log directories). */
    static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** Why {@code topic} is not a legal Kafka topic name, or null when it is. */
    static String problem(String topic) {
        if (topic.isEmpty()) return "a topic name cannot be empty";
        if (topic.equals(".") || topic.equals("..")) return "a topic name cannot be '.' or '..'";
        if (topic.length() > MAX_LENGTH) {
            return "a topic name has at most " + MAX_LENGTH + " characters, this one has " + topic.length();
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return "a topic name may contain only ASCII letters, digits, '.', '_' and '-'; found '"
                        + new String(Character.toChars(topic.codePointAt(i))) + "' at position " + (i + 1);
            }
        }
        return null;
    }
}
