package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.NativeObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1,000 forward passes (and training steps) of a generated program, profiled, leave no native
 * OpenCL object behind and do not grow the process's memory; closing the executor releases
 * everything it made.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class ForwardLeakTest {

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Test
    void thousandForwardPassesDoNotGrowNativeMemory() throws IOException {
        Graph g = SmallResNet.graph();
        Lowered l = Lowering.lower(g, Lowering.Options.training(SmallResNet.BATCH, Precision.FP32));
        var device = KernelHarness.device(); // the shared device (context, queue) stays open
        Map<NativeObjects.Kind, Long> before = NativeObjects.snapshot();
        try (Executor ex = new Executor(device, l.program())) {
            ex.set("seed", 3);
            device.profiler().enable(true);
            for (int i = 0; i < 50; i++) { // warm-up: allocator and driver reach their steady state
                ex.run(Lowered.FORWARD);
            }
            device.finish();
            Map<NativeObjects.Kind, Long> steady = NativeObjects.snapshot();
            long rss0 = rssKiB();
            for (int i = 0; i < 1000; i++) {
                ex.run(Lowered.FORWARD);
                if (i % 10 == 0) {
                    ex.run(Lowered.ZERO_GRADS);
                    ex.run(Lowered.LOSS);
                    ex.run(Lowered.BACKWARD);
                }
            }
            device.finish();
            long rss1 = rssKiB();
            assertEquals(steady, NativeObjects.snapshot(), "live OpenCL objects after 1,000 forward passes");
            System.out.printf("1,000 forward passes: RSS %d KiB -> %d KiB (%+d KiB)%n", rss0, rss1, rss1 - rss0);
            assertTrue(rss1 - rss0 < 32 * 1024, "RSS grew by " + (rss1 - rss0) + " KiB");
        } finally {
            device.profiler().enable(false);
            device.profiler().reset();
        }
        assertEquals(before, NativeObjects.snapshot(), "closing the executor releases its program, kernels, buffers");
    }
}
