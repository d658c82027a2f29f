package dev.cnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.frontend.Library;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests of user mistakes, one file per mistake (Halide/Truffle style): each
 * {@code errors/NAME.cnn} is checked and the printed diagnostics must equal
 * {@code errors/NAME.err} exactly. Files in subfolders ({@code errors/lib/}) are helpers that
 * cases import, not cases.
 *
 * <p>To rewrite the goldens after a deliberate change of wording, run with
 * {@code -Dcnnc.updateGoldens=true} (or {@code CNNC_UPDATE_GOLDENS=true}), then read every
 * changed .err by eye: the message must be right, the caret under the culprit, the hint useful.
 */
class ErrorGoldenTest {
    /** The case folder in the source tree, so that updated goldens land where they are committed. */
    static final Path FOLDER = folder();

    private static Path folder() {
        String base = System.getProperty("basedir");
        Path module = base != null ? Path.of(base) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(module.resolve("src/test/resources/errors")) && Files.isDirectory(module.resolve("compiler"))) {
            module = module.resolve("compiler");
        }
        return module.resolve("src/test/resources/errors").toAbsolutePath().normalize();
    }

    private static boolean updating() {
        return Boolean.getBoolean("cnnc.updateGoldens") || "true".equalsIgnoreCase(System.getenv("CNNC_UPDATE_GOLDENS"));
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            List<String> names = files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cnn"))
                    .map(n -> n.substring(0, n.length() - ".cnn".length()))
                    .sorted()
                    .toList();
            return names.stream();
        }
    }

    /** Checks errors/NAME.cnn as the user would, under a machine-independent name. */
    static Compilation compile(String name) throws IOException {
        String text = Files.readString(FOLDER.resolve(name + ".cnn"), StandardCharsets.UTF_8);
        return new Compiler(List.of()).check("errors/" + name + ".cnn", text, FOLDER);
    }

    /**
     * The printed diagnostics, with the case folder's path (in "looked in" hints and the names of
     * imported files) written `errors`, as it is relative to the working folder or absolute.
     */
    static String render(Compilation c) {
        String out = DiagnosticFormatter.formatAll(c.diagnostics());
        out = out.replace(Library.display(FOLDER), "errors").replace(FOLDER.toString(), "errors");
        return out.replace(Library.display(FOLDER.getParent()), "errors/..")
                .replace(FOLDER.getParent().toString(), "errors/..");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheMistakeAsTheGoldenSays(String name) throws IOException {
        Compilation c = compile(name);
        String actual = render(c);
        Path golden = FOLDER.resolve(name + ".err");
        if (updating()) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), "no golden " + golden + "; run with -Dcnnc.updateGoldens=true and review it");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, "diagnostics of errors/" + name + ".cnn");
        assertTrue(c.diagnostics().hasErrors(), "errors/" + name + ".cnn must give at least one error");
        assertFalse(c.ok());
        assertTrue(c.models().isEmpty(), "a file with errors yields no graphs");
    }

    @Test
    void aFileWithErrorsYieldsNoGraphsEvenForItsCorrectModels() throws IOException {
        String text = Files.readString(FOLDER.resolve("two_models_one_broken.cnn"), StandardCharsets.UTF_8);
        String good = text.substring(0, text.indexOf("model Bad"));
        Compilation alone = new Compiler(List.of()).check("errors/good.cnn", good, FOLDER);
        assertTrue(alone.ok(), DiagnosticFormatter.formatAll(alone.diagnostics()));
        assertEquals(1, alone.models().size());
        Compilation both = compile("two_models_one_broken");
        assertFalse(both.ok());
        assertTrue(both.models().isEmpty());
    }

    @Test
    void severalIndependentErrorsAreReportedInOneRun() throws IOException {
        Compilation c = compile("several_independent_errors");
        assertTrue(c.diagnostics().errorCount() >= 6, render(c));
    }

    @Test
    void everyGoldenHasItsCase() throws IOException {
        List<String> cases = cases().toList();
        try (Stream<Path> files = Files.list(FOLDER)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".err"))
                    .forEach(n -> assertTrue(cases.contains(n.substring(0, n.length() - 4)), "stale golden " + n));
        }
        assertTrue(cases.size() >= 40, "at least 40 distinct mistakes, got " + cases.size());
    }
}
