package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Native OpenCL objects are released deterministically; many launches do not grow native memory. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class LeakTest {
    private static final int FLOATS = 1 << 18; // 1 MiB per buffer: a leak of 1,000 would show in the RSS

    /** The resident set size of this process in KiB, from /proc (-1 where there is none). */
    private static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static void round(ClDevice dev, ClProgram p, float[] host, int i) {
        try (ClBuffer x = dev.allocate(4L * FLOATS);
                ClBuffer y = dev.allocate(4L * FLOATS);
                ClKernel k = p.kernel("saxpy")) {
            x.write(host);
            y.zero();
            k.args(FLOATS, (float) i, x, y).launch(new long[] {FLOATS}, null);
            float[] probe = new float[1];
            y.read(probe, 4L * 3);
            assertEquals(i * host[3] + 0.0f, probe[0], "launch " + i);
        }
    }

    @Test
    void aThousandLaunchesWithBuffersReleaseEverything() {
        Map<NativeObjects.Kind, Long> before = NativeObjects.snapshot();
        float[] host = Kernels.ramp(FLOATS, 9, 4);
        try (ClDevice dev = TestDevices.open(); ClProgram p = dev.build("saxpy.cl", Kernels.SAXPY, "")) {
            dev.profiler().enable(true);
            for (int i = 0; i < 50; i++) {
                round(dev, p, host, i);
            }
            dev.finish();
            System.gc();
            long rss0 = rssKiB();
            long buffers0 = NativeObjects.createdTotal(NativeObjects.Kind.BUFFER);
            Map<NativeObjects.Kind, Long> during = NativeObjects.snapshot();
            for (int i = 0; i < 1000; i++) {
                round(dev, p, host, i);
            }
            dev.finish();
            System.gc();
            long rss1 = rssKiB();
            assertEquals(buffers0 + 2000, NativeObjects.createdTotal(NativeObjects.Kind.BUFFER));
            assertEquals(during, NativeObjects.snapshot(), "live objects after 1,000 launches");
            assertEquals(1050, dev.profiler().entries().get(0).calls());
            System.out.printf("1,000 launches with 2,000 buffers of 1 MiB: RSS %d KiB -> %d KiB (%+d KiB)%n",
                    rss0, rss1, rss1 - rss0);
            if (rss0 > 0) {
                // leaking the buffers alone would add about 2,000 MiB
                assertTrue(rss1 - rss0 < 100 * 1024, "RSS grew by " + (rss1 - rss0) + " KiB");
            }
        }
        assertEquals(before, NativeObjects.snapshot(), "everything is released with the device");
    }

    @Test
    void closingTheDeviceReleasesWhatWasLeftOpen() {
        Map<NativeObjects.Kind, Long> before = NativeObjects.snapshot();
        ClBuffer leftOpen;
        ClProgram program;
        try (ClDevice dev = TestDevices.open()) {
            leftOpen = dev.allocate(1024);
            dev.allocate(2048);
            program = dev.build("saxpy.cl", Kernels.SAXPY, "");
            program.kernel("saxpy");
            assertEquals(before.get(NativeObjects.Kind.BUFFER) + 2, NativeObjects.live(NativeObjects.Kind.BUFFER));
            assertEquals(before.get(NativeObjects.Kind.KERNEL) + 1, NativeObjects.live(NativeObjects.Kind.KERNEL));
        }
        assertEquals(before, NativeObjects.snapshot());
        assertTrue(leftOpen.isClosed());
        assertTrue(program.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> program.kernel("saxpy"));
        assertTrue(e.getMessage().startsWith("OpenCL program saxpy.cl is closed"), e.getMessage());
    }
}
