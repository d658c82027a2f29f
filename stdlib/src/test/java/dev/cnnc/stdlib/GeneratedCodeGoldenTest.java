package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.artifact.ArtifactCompiler;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenCL C and Java that {@code cnnc compile} generates for LeNet-5 and for one residual
 * block, byte for byte against the files checked in under {@code src/test/resources/golden/}, so
 * a reviewer sees every change to generated code in the diff. After an intended change,
 * regenerate them with
 *
 * <pre>mvn -pl stdlib -am test -Dtest=GeneratedCodeGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Dcnnc.golden.update=true</pre>
 *
 * and read the diff. Device-free: no kernel is built.
 */
class GeneratedCodeGoldenTest {
    private static Path golden() {
        return StdlibFiles.root().resolve("src/test/resources/golden");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"models/lenet5.cnn", "src/test/resources/golden/residual_block.cnn"})
    void generatedCodeIsAsCheckedIn(String file) throws IOException {
        Path source = StdlibFiles.root().resolve(file);
        Compilation c = StdlibFiles.compiler().check(source);
        assertTrue(c.ok(), () -> StdlibFiles.describe(c));
        Graph g = c.models().get(0);
        ArtifactCompiler.Artifact a = ArtifactCompiler.compile(g, file,
                new ArtifactCompiler.Options(8, Precision.FP32, 2, "cnnc.golden", false));
        check(golden().resolve(a.simpleName() + ".cl"), a.kernels());
        check(golden().resolve(a.simpleName() + ".java"), a.java());
    }

    private static void check(Path file, String generated) throws IOException {
        if (Boolean.getBoolean("cnnc.golden.update")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.isRegularFile(file), file + " is missing; see this test's comment to generate it");
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (!expected.equals(generated)) {
            String[] e = expected.split("\n", -1);
            String[] g = generated.split("\n", -1);
            int line = 0;
            while (line < Math.min(e.length, g.length) && e[line].equals(g[line])) {
                line++;
            }
            assertEquals(line < e.length ? e[line] : "(end of file)", line < g.length ? g[line] : "(end of file)",
                    file.getFileName() + " differs first at line " + (line + 1) + " (" + e.length + " lines checked in, "
                            + g.length + " generated); if the change is intended, regenerate (see this test)");
        }
    }
}
