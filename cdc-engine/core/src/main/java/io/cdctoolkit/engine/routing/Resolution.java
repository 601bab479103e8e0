package io.cdctoolkit.engine.routing;

/**
 * A table's topic with what the dry run reports about it.
 *
 * @param topic       the topic events go to (at most 249 characters)
 * @param truncated   whether the normalized name was longer than 249 characters and was shortened
 * @param untruncated the full normalized name before truncation (equal to {@code topic} when not truncated)
 */
public record Resolution(String topic, boolean truncated, String untruncated) {
}
