package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class BufferTest {
    @Test
    void roundTripsFloatsDoublesIntsAndBytes() {
        try (ClDevice dev = TestDevices.open()) {
            float[] f = {1.5f, -2.25f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN, -0.0f};
            double[] d = {Math.PI, -1e300, Double.MIN_VALUE};
            int[] i = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 42};
            byte[] b = {0, 1, -1, 127, -128};
            try (ClBuffer fb = dev.allocate(4L * f.length); ClBuffer db = dev.allocate(8L * d.length);
                    ClBuffer ib = dev.allocate(4L * i.length); ClBuffer bb = dev.allocate(b.length)) {
                fb.write(f);
                db.write(d);
                ib.write(i);
                bb.write(b);
                float[] f2 = new float[f.length];
                double[] d2 = new double[d.length];
                int[] i2 = new int[i.length];
                byte[] b2 = new byte[b.length];
                fb.read(f2);
                db.read(d2);
                ib.read(i2);
                bb.read(b2);
                assertArrayEquals(f, f2);
                assertArrayEquals(d, d2);
                assertArrayEquals(i, i2);
                assertArrayEquals(b, b2);
                assertArrayEquals(f, fb.readFloats());
                assertEquals(4L * f.length, fb.bytes());
            }
        }
    }

    @Test
    void offsetsCopiesAndZeroing() {
        try (ClDevice dev = TestDevices.open();
                ClBuffer a = dev.upload(new float[] {1, 2, 3, 4, 5, 6});
                ClBuffer b = dev.allocate(24)) {
            a.write(new float[] {9, 8}, 8);
            assertArrayEquals(new float[] {1, 2, 9, 8, 5, 6}, a.readFloats());
            float[] tail = new float[3];
            a.read(tail, 12);
            assertArrayEquals(new float[] {8, 5, 6}, tail);
            b.zero();
            assertArrayEquals(new float[6], b.readFloats());
            a.copyTo(b, 16);
            assertArrayEquals(new float[] {1, 2, 9, 8, 0, 0}, b.readFloats());
        }
    }

    @Test
    void misuseIsRefusedWithAMessage() {
        try (ClDevice dev = TestDevices.open()) {
            ClBuffer small = dev.allocate(8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> small.write(new float[3]));
            assertEquals("cannot write 12 bytes at offset 0 of an OpenCL buffer of 8 bytes", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> small.read(new float[1], 8));
            assertEquals("cannot read 4 bytes at offset 8 of an OpenCL buffer of 8 bytes", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> dev.allocate(0));
            assertEquals("an OpenCL buffer needs at least 1 byte, not 0", e.getMessage());
            ClException big = assertThrows(ClException.class, () -> dev.allocate(dev.info().maxAllocBytes() + 1));
            assertTrue(big.getMessage().contains("CL_INVALID_BUFFER_SIZE (-61)"), big.getMessage());
            small.close();
            small.close(); // closing twice is harmless
            IllegalStateException s = assertThrows(IllegalStateException.class, () -> small.write(new float[1]));
            assertEquals("cannot write an OpenCL buffer that was closed", s.getMessage());
        }
    }
}
