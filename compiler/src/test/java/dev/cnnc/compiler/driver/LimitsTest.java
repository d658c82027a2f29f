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
    void aParameterPastTheLimitIsLocatedAtItsLayer(@TempDir Path dir) throws IOException {
        Graph g = model(dir, """
                model Huge(classes = 10) {
                  input x: [1, 28, 28]
                  output y = x -> flatten -> dense(1000000000) as fc1 -> dense(classes)
                }
                """);
        Limits.TooLarge e = assertThrows(Limits.TooLarge.class, () -> Limits.check(g, 1));
        assertTrue(e.getMessage().contains("net.cnn:3:30: layer `fc1`: its parameter fc1.weight [1000000000, 784] "
                + "holds 784,000,000,000 elements; cnnc's kernels index a tensor with 32-bit integers, so one may "
                + "hold at most 2,147,418,111"), e.getMessage());
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
