package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Executor#checkMemory}: a program that cannot fit the device is refused before any kernel
 * is built or buffer allocated, with the figures. Needs no OpenCL device (a described one).
 */
class MemoryCheckTest {
    private static final long GIB = 1L << 30;
    /** 4 GiB of global memory, at most 1 GiB in one buffer. */
    private static final DeviceInfo DEVICE = new DeviceInfo(0, 0, 0, "Test platform", "OpenCL 1.2", "Test device",
            "test", DeviceInfo.Type.GPU, 8, 4 * GIB, 1 << 16, GIB, 256, true, false, "OpenCL C 1.2",
            "OpenCL 1.2 test", "1.0", true, true, List.of());

    private static Program program(long... bytes) {
        List<Program.Buffer> buffers = new java.util.ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            buffers.add(new Program.Buffer(i == 0 ? "input.x" : "layer" + i, bytes[i]));
        }
        return new Program("cnnc_Net.cl", "__kernel void k(void) {}", "", buffers, Map.of());
    }

    @Test
    void aProgramThatFitsPasses() {
        assertDoesNotThrow(() -> Executor.checkMemory(DEVICE, program(GIB, GIB, GIB)));
    }

    @Test
    void thePlannedTotalIsComparedWithTheDevicesMemory() {
        ClException e = assertThrows(ClException.class,
                () -> Executor.checkMemory(DEVICE, program(GIB, GIB, GIB, GIB, GIB / 2)));
        assertEquals(org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE, e.status());
        assertTrue(e.getMessage().contains("cnnc_Net.cl needs 4.5 GiB of device memory in 5 buffers (the largest "
                + "1.0 GiB), but Test device has 4.0 GiB"), e.getMessage());
        assertTrue(e.getMessage().contains("smaller batch") && e.getMessage().contains("--checkpoint"),
                e.getMessage());
    }

    @Test
    void aSingleBufferIsComparedWithTheLargestAllocationAndNamed() {
        ClException e = assertThrows(ClException.class, () -> Executor.checkMemory(DEVICE, program(2 * GIB, 1)));
        assertTrue(e.getMessage().contains("needs a buffer of 2.0 GiB (input.x), but Test device allows at most "
                + "1.0 GiB in one buffer"), e.getMessage());
    }

    @Test
    void a120GibInputIsRefusedWithoutOverflow() {
        ClException e = assertThrows(ClException.class, () -> Executor.checkMemory(DEVICE,
                program(120 * GIB, Long.MAX_VALUE / 4)));
        assertTrue(e.getMessage().contains("of device memory in 2 buffers"), e.getMessage());
    }
}
