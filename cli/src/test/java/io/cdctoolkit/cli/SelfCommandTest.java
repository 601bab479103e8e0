package io.cdctoolkit.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The printed commands start with what runs this program again: the launcher as typed, or the jar alone. */
class SelfCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theLauncherAsTypedThenTheJarThenTheRepositoryScript() throws Exception {
        Path jar = Files.createFile(tmp.resolve("cdc-toolkit.jar"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));

        assertThat(SelfCommand.of(Map.of(SelfCommand.LAUNCHER, "../cdc/cdc-toolkit"), jar)).isEqualTo("../cdc/cdc-toolkit");
        assertThat(SelfCommand.of(Map.of(SelfCommand.LAUNCHER, " "), jar)).isEqualTo("java -jar " + jar);
        assertThat(SelfCommand.of(Map.of(), jar)).isEqualTo("java -jar " + jar);
        assertThat(SelfCommand.of(Map.of(), classes)).as("classes on a class path (tests, an IDE)").isEqualTo("./cdc-toolkit");
        assertThat(SelfCommand.of(Map.of(), null)).isEqualTo("./cdc-toolkit");
    }

    /** The script exports the variable before it starts the jar (so what it prints can be run as printed). */
    @Test
    void theLauncherScriptSaysHowItWasStarted() throws Exception {
        String script = Files.readString(Path.of("..", "cdc-toolkit"));
        assertThat(script).contains("export " + SelfCommand.LAUNCHER + "=\"$0\"");
        assertThat(script.indexOf("export " + SelfCommand.LAUNCHER)).isLessThan(script.indexOf("exec java"));
    }
}
