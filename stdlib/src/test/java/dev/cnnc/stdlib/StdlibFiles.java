package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.frontend.Library;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the stdlib's .cnn files are in a checkout, and a compiler that imports from that
 * folder only (not from the copy packed on the class path), so the tests check the sources.
 */
final class StdlibFiles {
    private StdlibFiles() {
    }

    /** The stdlib folder: Maven runs tests in the module folder, {@code stdlib/}. */
    static Path root() {
        String basedir = System.getProperty("basedir");
        Path dir = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("models")) && Files.isDirectory(dir.resolve("stdlib/models"))) {
            dir = dir.resolve("stdlib");
        }
        assertTrue(Files.isDirectory(dir.resolve("models")), "no models/ folder in " + dir);
        return dir.toAbsolutePath().normalize();
    }

    static Compiler compiler() {
        return new Compiler(List.of(Library.folder(root())));
    }

    /** The .cnn files of {@code models/} or {@code blocks/}, sorted by name. */
    static List<Path> cnnFiles(String folder) {
        try (Stream<Path> s = Files.list(root().resolve(folder))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cnn")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code resnet50.cnn} → {@code resnet50}. */
    static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".cnn".length());
    }

    /** Every diagnostic of a compilation, as the CLI prints them, for assertion messages. */
    static String describe(Compilation c) {
        return DiagnosticFormatter.formatAll(c.diagnostics());
    }
}
