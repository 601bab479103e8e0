package io.cdctoolkit.smt.docs;

import java.util.Map;

/**
 * One {@code ```yaml example} block of a Markdown page.
 *
 * @param page    the page's file name
 * @param line    the line the block starts on
 * @param heading the nearest heading above it
 * @param body    the parsed YAML
 */
record DocExample(String page, int line, String heading, Map<String, Object> body) {

    @Override
    public String toString() {
        Object name = body.get("name");
        return page + ":" + line + " (" + heading + ")" + (name == null ? "" : " " + name);
    }
}
