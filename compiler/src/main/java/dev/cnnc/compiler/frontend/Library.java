package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.diag.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A root that {@code import a.b} searches: a folder ({@code stdlib/} in a checkout) or the
 * class path ({@code cnnc/stdlib/} inside the cnnc jar).
 */
public interface Library {

    /** The file at {@code relativePath} ({@code blocks/resnet.cnn}), or null when absent. */
    Located find(String relativePath);

    /** Where this library looks, for "looked in" messages. */
    String describe(String relativePath);

    /** A found source, with its folder (null on the class path) and a key that identifies it. */
    record Located(SourceFile file, Path folder, Library library, String key) {
    }

    static Library folder(Path dir) {
        return new Library() {
            @Override
            public Located find(String relativePath) {
                Path p = dir.resolve(relativePath).normalize();
                if (!Files.isRegularFile(p)) {
                    return null;
                }
                try {
                    String text = Files.readString(p, StandardCharsets.UTF_8);
                    return new Located(new SourceFile(display(p), text), p.getParent(), this,
                            p.toAbsolutePath().normalize().toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe(String relativePath) {
                return display(dir.resolve(relativePath).normalize());
            }
        };
    }

    /** The stdlib packed on the class path under {@code cnnc/stdlib/}. */
    static Library classpath(ClassLoader loader, String prefix, String label) {
        return new Library() {
            @Override
            public Located find(String relativePath) {
                String resource = prefix + Path.of(relativePath).normalize().toString().replace('\\', '/');
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in == null) {
                        return null;
                    }
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    return new Located(new SourceFile(label + relativePath, text), null, this, "classpath:" + resource);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe(String relativePath) {
                return label + relativePath + " (bundled)";
            }
        };
    }

    /** A path as users like to read it: relative to the working folder when below it. */
    static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
