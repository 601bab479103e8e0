package io.cdctoolkit.smt.docs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code ```yaml example} block of docs/transforms.md is run (see {@link DocExamples}). */
class TransformDocsExamplesTest {

    static final Path PAGE = Path.of("..", "docs", "transforms.md");

    @TempDir
    Path stateDir;

    @TestFactory
    List<DynamicTest> examples() throws Exception {
        List<DocExample> examples = DocExamples.read(PAGE);
        assertThat(examples).as("examples in " + PAGE).isNotEmpty();
        DocExamples runner = new DocExamples();
        return examples.stream()
                .map(e -> DynamicTest.dynamicTest(e.toString(), () -> runner.run(e, stateDir)))
                .toList();
    }
}
