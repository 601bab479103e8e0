package io.cdctoolkit.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the user runs this program again, for the commands the CLI prints (`read them: … tail …`): the repository's
 * launcher script as it was typed (it exports {@value #LAUNCHER}), else {@code java -jar <this jar>} for the jar
 * alone, else {@code ./cdc-toolkit} (classes on a class path: tests, an IDE).
 */
final class SelfCommand {

    /** The variable the {@code cdc-toolkit} launcher script sets to the path it was started by. */
    static final String LAUNCHER = "CDC_TOOLKIT_LAUNCHER";
    private static final String DEFAULT = "./cdc-toolkit";

    private SelfCommand() {
    }

    /** The command, from the environment and where this class was loaded from. */
    static String of(Map<String, String> env) {
        return of(env, codeSource());
    }

    static String of(Map<String, String> env, Path codeSource) {
        String launcher = env.get(LAUNCHER);
        if (launcher != null && !launcher.isBlank()) return launcher;
        if (codeSource != null && Files.isRegularFile(codeSource) && codeSource.toString().endsWith(".jar")) {
            return "java -jar " + codeSource;
        }
        return DEFAULT;
    }

    private static Path codeSource() {
        try {
            var source = SelfCommand.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null; // not a file: the default
        }
    }
}
