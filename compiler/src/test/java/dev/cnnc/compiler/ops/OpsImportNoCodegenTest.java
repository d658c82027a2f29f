package dev.cnnc.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ops hold each operation's semantics only: no source file of this package names code
 * generation or the OpenCL runtime (their kernels are in {@code codegen.kernels}), so the
 * {@code ir → ops → codegen → ir} cycle cannot come back.
 */
class OpsImportNoCodegenTest {
    @Test
    void noOpImportsCodegenOrRuntime() throws IOException {
        Path dir = Path.of("src/main/java/dev/cnnc/compiler/ops");
        assertTrue(Files.isDirectory(dir), "run from the compiler module: no " + dir.toAbsolutePath());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    // imports and fully qualified names alike
                    if (line.contains("dev.cnnc.compiler.codegen") || line.contains("dev.cnnc.runtime")) {
                        found.add(f.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
