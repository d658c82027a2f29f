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

    /** Every `bin/cnnc ...` line of the README's `sh` blocks, as shell words (comments and continuations removed). */
    static List<Example> readmeCommands() throws IOException {
        List<Example> out = new ArrayList<>();
        String text = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).lines().count() + 1;
            String[] lines = m.group(1).split("\\n");
            for (int i = 0; i < lines.length; i++) {
                for (String part : lines[i].replaceAll("\\s+#.*$", "").split("&&")) {
                    String cmd = part.strip();
                    if (cmd.startsWith("bin/cnnc ")) {
                        out.add(new Example("README.md:" + (line + 1 + i), cmd.substring("bin/cnnc ".length())));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Issue 18: the README's commands run as written, as far as a test can tell without running
     * them all: each parses with cnnc's own command line (every option and value as given), and
     * each file it names exists or is one the tour makes first (runs/, build/).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("readmeCommands")
    void readmeCommandParses(Example e) {
        String[] args = e.text().split("\\s+");
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        dev.cnnc.train.app.Options.helpEverywhere(cli);
        cli.parseArgs(args); // throws on an unknown option, a bad value or a missing parameter
        for (String a : args) {
            if (a.matches("[\\w./-]+\\.(cnn|png|npy|safetensors|jar)") && !a.startsWith("runs/") && !a.startsWith("build/")
                    && !a.contains("*")) {
                assertTrue(Files.exists(ROOT.resolve(a)) || a.matches("[A-Z].*|x\\.npy|y\\.npy|W\\.safetensors|M\\.jar"),
                        e + ": no file " + a);
            }
        }
    }
}
