package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class KernelTest {
    @Test
    void saxpyMatchesJava() {
        int n = 1000;
        float a = 2.5f;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i);
            y[i] = (float) Math.cos(i);
        }
        try (ClDevice dev = TestDevices.open();
                ClProgram p = dev.build("saxpy.cl", Kernels.SAXPY, "");
                ClKernel k = p.kernel("saxpy");
                ClBuffer xb = dev.upload(x);
                ClBuffer yb = dev.upload(y)) {
            assertFalse(p.fromCache());
            k.args(n, a, xb, yb).launch(new long[] {1024}, new long[] {64});
            float[] got = yb.readFloats();
            for (int i = 0; i < n; i++) {
                // the compiler may contract a * x + y into one fused multiply-add, or not
                float separate = a * x[i] + y[i];
                float fused = Math.fma(a, x[i], y[i]);
                assertTrue(got[i] == separate || got[i] == fused,
                        "y[" + i + "] = " + got[i] + ", want " + separate + " or (fused) " + fused);
            }
        }
    }

    @Test
    void reductionThroughLocalMemoryMatchesJava() {
        int n = 100_003;
        float[] x = Kernels.ramp(n, 101, 50);
        double want = 0;
        for (float v : x) {
            want += v;
        }
        int groups = 16;
        int local = 64;
        try (ClDevice dev = TestDevices.open();
                ClProgram p = dev.build("sum.cl", Kernels.SUM, "");
                ClKernel k = p.kernel("sum");
                ClBuffer xb = dev.upload(x);
                ClBuffer partial = dev.allocate(4L * groups)) {
            k.args(n, xb, partial, new ClKernel.Local(4L * local));
            k.launch(new long[] {(long) groups * local}, new long[] {local});
            double got = 0;
            for (float v : partial.readFloats()) {
                got += v;
            }
            assertEquals(want, got, 0.0, "sums of small integers are exact");
            assertNotEquals(0.0, want);
        }
    }

    @Test
    void programListsItsKernelsAndRefusesUnknownNames() {
        try (ClDevice dev = TestDevices.open(); ClProgram p = dev.build("both.cl", Kernels.BOTH, "")) {
            assertEquals(List.of("saxpy", "sum"), p.kernelNames().stream().sorted().toList());
            ClException e = assertThrows(ClException.class, () -> p.kernel("saxpi"));
            assertEquals(-46, e.status());
            assertTrue(e.getMessage().startsWith("clCreateKernel(saxpi) failed: CL_INVALID_KERNEL_NAME (-46); both.cl has"
                    + " kernels ["), e.getMessage());
        }
    }

    @Test
    void driverErrorsOfALaunchAreNamed() {
        try (ClDevice dev = TestDevices.open();
                ClProgram p = dev.build("saxpy.cl", Kernels.SAXPY, "");
                ClKernel k = p.kernel("saxpy");
                ClBuffer xb = dev.allocate(64)) {
            ClBuffer yb = dev.allocate(64); // closed below, by hand
            k.args(16, 1.0f, xb, yb);
            ClException e = assertThrows(ClException.class, () -> k.launch(new long[] {16}, new long[] {3}));
            assertEquals("clEnqueueNDRangeKernel(saxpy, global [16], local [3]) failed: "
                    + "CL_INVALID_WORK_GROUP_SIZE (-54)", e.getMessage());
            ClException arg = assertThrows(ClException.class, () -> k.arg(9, 1));
            assertEquals("clSetKernelArg(saxpy, 9, int) failed: CL_INVALID_ARG_INDEX (-49)", arg.getMessage());
            yb.close();
            IllegalStateException s = assertThrows(IllegalStateException.class,
                    () -> k.launch(new long[] {16}, null));
            assertEquals("kernel saxpy argument 3: the buffer was closed after it was set", s.getMessage());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> k.args(16, "x"));
            assertEquals("kernel saxpy argument 1: cannot pass String", bad.getMessage());
        }
    }
}
