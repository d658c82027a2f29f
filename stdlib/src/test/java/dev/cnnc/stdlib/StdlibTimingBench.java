package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A benchmark, not a test (the suite does not run it): how long checking ResNet-50 takes
 * in-process once the JVM is warm. Run it with the stdlib module's test class path:
 * {@code java -cp <test classpath> dev.cnnc.stdlib.StdlibTimingBench}.
 */
public final class StdlibTimingBench {
    private StdlibTimingBench() {
    }

    public static void main(String[] args) {
        Compiler compiler = StdlibFiles.compiler();
        Path file = StdlibFiles.root().resolve("models/resnet50.cnn");
        for (int i = 0; i < 100; i++) {
            assertTrue(compiler.check(file).ok());
        }
        int runs = 50;
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Compilation c = compiler.check(file);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            assertTrue(c.ok());
        }
        Arrays.sort(ms);
        System.out.printf("Compiler.check(resnet50.cnn) after 100 warm-up checks: median %.2f ms, min %.2f ms, "
                + "max %.2f ms over %d runs%n", ms[runs / 2], ms[0], ms[runs - 1], runs);
    }
}
