package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.frontend.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every complete example in the docs (a ```cnn block) and every sample checks cleanly. */
class ExamplesTest {
    static final Path ROOT = CliTest.ROOT;
    static final Compiler COMPILER = new Compiler(List.of(Library.folder(ROOT.resolve("stdlib"))));

    record Example(String where, String text) {
        @Override
        public String toString() {
            return where;
        }
    }

    static List<Example> docExamples() throws IOException {
        List<Example> out = new ArrayList<>();
        for (String doc : new String[] {"README.md", "docs/language.md"}) {
            String text = Files.readString(ROOT.resolve(doc));
            Matcher m = Pattern.compile("```cnn\\n(.*?)```", Pattern.DOTALL).matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).lines().count() + 1;
                out.add(new Example(doc + ":" + line, m.group(1)));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docExamples")
    void documentedExampleChecks(Example e) {
        Compilation c = COMPILER.check(e.where(), e.text(), ROOT.resolve("docs"));
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
    }

    static Stream<Path> samples() throws IOException {
        return Files.list(ROOT.resolve("samples")).filter(p -> p.toString().endsWith(".cnn")).sorted();
    }

    static Stream<Path> modelFiles() throws IOException {
        return Stream.concat(samples(), Files.list(ROOT.resolve("stdlib/models")).sorted());
    }

    /** `cnnc info` works on every model we ship, in both formats, at two batch sizes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFiles")
    void infoReportsEveryShippedModel(Path model) {
        for (String batch : new String[] {"1", "32"}) {
            CliTest.Result text = CliTest.run("info", "--batch", batch, model.toString());
            assertTrue(text.code() == 0 && text.out().contains("parameters "), text.err());
            CliTest.Result json = CliTest.run("info", "--json", "--batch", batch, model.toString());
            assertTrue(json.code() == 0 && json.out().contains("\"totals\""), json.err());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleChecks(Path sample) {
        Compilation c = COMPILER.check(sample);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        assertFalse(c.models().isEmpty(), "a sample defines a model");
    }
}
