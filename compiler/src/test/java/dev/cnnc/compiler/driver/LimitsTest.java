package dev.cnnc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Limits}: a tensor the kernels cannot index is the model's error, located, before lowering. */
class LimitsTest {
    private static Graph model(Path dir, String text) throws IOException {
        Path f = dir.resolve("net.cnn");
        Files.writeString(f, text);
        return Pipeline.standard().frontEnd(f, null).model();
    }

    @Test
    void aParameterPastTheKernelsLimitIsLocatedAtItsLayer(@TempDir Path dir) throws IOException {
        // 2,147,450,000 elements: within the front end's 2^31 - 1, past the kernels' 2^31 - 1 - 2^16
        Graph g = model(dir, """
                model Wide(classes = 1) {
                  input x: [2147450000]
                  output y = x -> dense(classes) as fc
                }
                """);
        Limits.TooLarge e = assertThrows(Limits.TooLarge.class, () -> Limits.check(g, 1));
        assertTrue(e.getMessage().contains("net.cnn:3:19: layer `fc`: its parameter fc.weight [1, 2147450000] holds "
                + "2,147,450,000 elements; cnnc's kernels index a tensor with 32-bit integers, so one may hold at most "
                + "2,147,418,111"), e.getMessage());
        assertTrue(!e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void anOutputPastTheLimitAtTheBatchSuggestsASmallerOne(@TempDir Path dir) throws IOException {
        Graph g = model(dir, """
                model Wide(classes = 10) {
                  input x: [1, 1000, 1000]
                  output y = x -> conv(100, 1) as c1 -> global_avgpool -> flatten -> dense(classes)
                }
                """);
        assertDoesNotThrow(() -> Limits.check(g, 21)); // 2.1e9 elements
        Limits.TooLarge e = assertThrows(Limits.TooLarge.class, () -> Limits.check(g, 22));
        assertTrue(e.getMessage().contains("layer `c1`: its output [100, 1000, 1000] at batch 22 holds 2,200,000,000 "
                + "elements"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(use a smaller batch)"), e.getMessage());
    }
}
