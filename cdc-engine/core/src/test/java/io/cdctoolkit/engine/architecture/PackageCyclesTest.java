package io.cdctoolkit.engine.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule of docs/architecture.md: no package cycles in the project's main code, across all modules
 * (a cycle inside one module is as much a knot as one across modules, which Maven already forbids).
 */
class PackageCyclesTest {

    @Test
    void theProjectsMainCodeHasNoPackageCycles() throws IOException {
        PackageGraph graph = PackageGraph.of(mainSourceRoots(projectRoot()));

        assertThat(graph.packages()).as("the packages read")
                .contains("io.cdctoolkit.engine.spi", "io.cdctoolkit.engine.config", "io.cdctoolkit.sinks.kafka");
        assertThat(graph.cycles()).as("package cycles (a -> b (file using b) -> ... -> a)").isEmpty();
    }

    @Test
    void aCycleIsReportedWithTheFilesThatCloseIt(@TempDir Path dir) throws IOException {
        write(dir.resolve("a/A.java"), "package io.cdctoolkit.a;\n\nimport io.cdctoolkit.b.B;\n\nclass A { B b; }\n");
        write(dir.resolve("b/B.java"), "package io.cdctoolkit.b;\n\n/** Uses {@link io.cdctoolkit.c.C}. */\nclass B { }\n");
        write(dir.resolve("c/C.java"), "package io.cdctoolkit.c;\n\nclass C { io.cdctoolkit.a.A a; }\n");
        write(dir.resolve("d/D.java"), "package io.cdctoolkit.d;\n\nimport io.cdctoolkit.a.A;\n\nclass D { }\n");

        assertThat(PackageGraph.of(List.of(dir)).cycles()).containsExactly(
                "io.cdctoolkit.a -> io.cdctoolkit.b (A.java) -> io.cdctoolkit.c (B.java) -> io.cdctoolkit.a (C.java)");
    }

    @Test
    void packagesUsedOneWayAreNoCycle(@TempDir Path dir) throws IOException {
        write(dir.resolve("a/A.java"), "package io.cdctoolkit.a;\n\nimport io.cdctoolkit.b.B;\n\nclass A { }\n");
        write(dir.resolve("b/B.java"), "package io.cdctoolkit.b;\n\nimport static io.cdctoolkit.b.B.Inner.X;\n\nclass B { }\n");

        assertThat(PackageGraph.of(List.of(dir)).cycles()).isEmpty();
    }

    /** The directory holding the Maven wrapper, above this module's directory (the tests' working directory). */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("pom.xml"))) return dir;
        }
        throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }

    /** Every module's src/main/java, however deeply the module is nested; build output and Git data skipped. */
    private static List<Path> mainSourceRoots(Path root) throws IOException {
        Path main = Path.of("src", "main", "java");
        List<Path> roots = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = String.valueOf(dir.getFileName());
                boolean skipped = name.equals("target") || name.startsWith(".");
                if (skipped && !dir.equals(root)) return FileVisitResult.SKIP_SUBTREE;
                if (dir.endsWith(main)) {
                    roots.add(dir);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertThat(roots).as("source roots under " + root).isNotEmpty();
        return roots;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
