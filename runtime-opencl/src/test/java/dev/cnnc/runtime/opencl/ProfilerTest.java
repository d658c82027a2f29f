package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class ProfilerTest {
    @Test
    void recordsCallsTimesAndSharesPerKernel() {
        int n = 1 << 16;
        try (ClDevice dev = TestDevices.open();
                ClProgram p = dev.build("both.cl", Kernels.BOTH, "");
                ClKernel saxpy = p.kernel("saxpy");
                ClKernel sum = p.kernel("sum");
                ClBuffer x = dev.upload(Kernels.ramp(n, 11, 5));
                ClBuffer y = dev.upload(Kernels.ramp(n, 7, 3));
                ClBuffer partial = dev.allocate(4 * 8)) {
            long events = NativeObjects.live(NativeObjects.Kind.EVENT);
            saxpy.args(n, 0.5f, x, y);
            sum.args(n, y, partial, new ClKernel.Local(4 * 32));
            saxpy.launch(new long[] {n}, null);
            assertEquals(List.of(), dev.profiler().entries(), "off by default: nothing recorded");
            assertEquals(events, NativeObjects.live(NativeObjects.Kind.EVENT), "and no events kept");

            dev.profiler().enable(true);
            for (int i = 0; i < 5; i++) {
                saxpy.launch(new long[] {n}, null);
            }
            for (int i = 0; i < 3; i++) {
                sum.launch(new long[] {8 * 32}, new long[] {32});
            }
            assertEquals(events + 8, NativeObjects.live(NativeObjects.Kind.EVENT), "one event per pending launch");
            dev.finish();
            assertEquals(events, NativeObjects.live(NativeObjects.Kind.EVENT), "finish releases them");

            List<Profiler.Entry> entries = dev.profiler().entries();
            assertEquals(2, entries.size(), entries.toString());
            Profiler.Entry s = entries.stream().filter(e -> e.kernel().equals("saxpy")).findFirst().orElseThrow();
            Profiler.Entry r = entries.stream().filter(e -> e.kernel().equals("sum")).findFirst().orElseThrow();
            assertEquals(5, s.calls());
            assertEquals(3, r.calls());
            assertTrue(s.totalMs() > 0 && r.totalMs() > 0, entries.toString());
            assertEquals(1.0, s.share() + r.share(), 1e-12);
            assertEquals(s.totalMs() / (s.totalMs() + r.totalMs()), s.share(), 1e-12);
            assertTrue(entries.get(0).totalMs() >= entries.get(1).totalMs(), "largest first");

            String table = dev.profiler().table();
            System.out.print(table);
            String[] lines = table.split("\n");
            assertEquals(4, lines.length, table);
            assertTrue(lines[0].matches("kernel\\s+calls\\s+total ms\\s+share"), lines[0]);
            assertTrue(table.matches("(?s).*\\nsaxpy\\s+5\\s+\\d+\\.\\d{3}\\s+\\d+\\.\\d%\\n.*"), table);
            assertTrue(lines[3].matches("total\\s+8\\s+\\d+\\.\\d{3}\\s+100\\.0%"), lines[3]);

            double ms = saxpy.launchTimed(new long[] {n}, null);
            assertTrue(ms > 0 && ms < 10_000, "launchTimed " + ms);
            assertEquals(6, dev.profiler().entries().stream().filter(e -> e.kernel().equals("saxpy"))
                    .findFirst().orElseThrow().calls());
            dev.profiler().reset();
            assertEquals(List.of(), dev.profiler().entries());
        }
    }

    @Test
    void closingTheDeviceReleasesPendingEvents() {
        long before = NativeObjects.live(NativeObjects.Kind.EVENT);
        try (ClDevice dev = TestDevices.open();
                ClProgram p = dev.build("saxpy.cl", Kernels.SAXPY, "");
                ClKernel k = p.kernel("saxpy");
                ClBuffer x = dev.allocate(256);
                ClBuffer y = dev.allocate(256)) {
            dev.profiler().enable(true);
            k.args(64, 1.0f, x, y);
            for (int i = 0; i < 10; i++) {
                k.launch(new long[] {64}, null);
            }
            assertEquals(before + 10, NativeObjects.live(NativeObjects.Kind.EVENT));
        }
        assertEquals(before, NativeObjects.live(NativeObjects.Kind.EVENT));
    }
}
