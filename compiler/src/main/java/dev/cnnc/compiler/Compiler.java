package dev.cnnc.compiler;

import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceFile;
import dev.cnnc.compiler.frontend.Frontend;
import dev.cnnc.compiler.frontend.Library;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiler's entry point: checks .cnn files into typed graphs. Imports are looked up
 * beside the importing file, then in the libraries: the folder named by the system property
 * {@code cnnc.stdlib} when set, then the stdlib bundled on the class path.
 */
public final class Compiler {
    public static final String STDLIB_PROPERTY = "cnnc.stdlib";

    private final List<Library> libraries;

    public Compiler(List<Library> libraries) {
        this.libraries = List.copyOf(libraries);
    }

    public static Compiler standard() {
        List<Library> libs = new ArrayList<>();
        String dir = System.getProperty(STDLIB_PROPERTY);
        if (dir != null && !dir.isEmpty()) {
            libs.add(Library.folder(Path.of(dir)));
        }
        libs.add(Library.classpath(Compiler.class.getClassLoader(), "cnnc/stdlib/", "stdlib/"));
        return new Compiler(libs);
    }

    /** Checks a file; a file that cannot be read gives a diagnostic naming it, not an exception. */
    public Compilation check(Path path) {
        String shown = path.toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return failed(shown, "cannot read " + shown + ": no such file");
        } catch (MalformedInputException e) {
            return failed(shown, "cannot read " + shown + ": not UTF-8 text");
        } catch (IOException e) {
            return failed(shown, "cannot read " + shown + ": " + e.getMessage());
        }
        if (Files.isDirectory(path)) {
            return failed(shown, shown + " is a folder, not a .cnn file");
        }
        Path folder = path.toAbsolutePath().normalize().getParent();
        return Frontend.check(new SourceFile(shown, text), folder, libraries);
    }

    /** Checks source text; relative imports resolve against {@code folder} (may be null). */
    public Compilation check(String displayName, String text, Path folder) {
        return Frontend.check(new SourceFile(displayName, text), folder, libraries);
    }

    private static Compilation failed(String file, String message) {
        Diagnostics d = new Diagnostics();
        d.error(null, message);
        return new Compilation(file, List.of(), List.of(), d);
    }
}
