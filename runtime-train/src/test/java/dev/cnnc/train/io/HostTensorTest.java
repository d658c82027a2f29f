package dev.cnnc.train.io;

import static dev.cnnc.train.io.Fixtures.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void numelOfScalarsEmptyAndOrdinaryShapes() {
        assertEquals(1, HostTensor.numel(shape()));
        assertEquals(0, HostTensor.numel(shape(2, 0, 3)));
        assertEquals(6 * 3 * 5 * 5, HostTensor.numel(shape(6, 3, 5, 5)));
        HostTensor scalar = HostTensor.ofFloats(shape(), 2.5f);
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.numel());
        assertEquals(4, scalar.byteSize());
        assertEquals(2.5, scalar.item());
        assertEquals(0, HostTensor.zeros(DType.F32, 0, 3).byteSize());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
            () -> HostTensor.zeros(DType.F32, 2, -1));
        assertEquals("negative dimension in shape [2, -1]", negative.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
            () -> HostTensor.numel(shape(1L << 40, 1L << 40)));
        assertEquals("shape [1099511627776, 1099511627776] has more than 2^63 elements", huge.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
            () -> HostTensor.zeros(DType.F32, 1L << 29, 4));
        assertTrue(tooBig.getMessage().contains("more than the 2147483639 bytes one tensor can hold"), tooBig.getMessage());
    }

    @Test
    void valueCountMustMatchTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HostTensor.ofFloats(shape(2, 3), 1f, 2f));
        assertEquals("shape [2, 3] has 6 elements, got 2 values", e.getMessage());
        IllegalArgumentException raw = assertThrows(IllegalArgumentException.class,
            () -> HostTensor.of(DType.I64, shape(2), new byte[15]));
        assertEquals("I64 [2] needs 16 bytes, got 15", raw.getMessage());
    }

    @Test
    void bytesAreLittleEndianInCOrder() {
        HostTensor t = HostTensor.ofInts(shape(2), 1, 0x01020304);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 4, 3, 2, 1}, t.bytes());
        HostTensor f = HostTensor.ofFloats(shape(1), 1.0f);
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, f.bytes());
        HostTensor d = HostTensor.of(DType.F64, shape(1), new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f});
        assertEquals(1.0, d.item());
    }

    @Test
    void conversionsBetweenElementTypes() {
        HostTensor u8 = HostTensor.ofUnsignedBytes(shape(3), (byte) 0, (byte) 128, (byte) -1);
        assertArrayEquals(new long[] {0, 128, 255}, u8.toLongArray());
        assertArrayEquals(new float[] {0, 128, 255}, u8.toFloatArray());
        HostTensor b = HostTensor.ofBooleans(shape(3), true, false, true);
        assertArrayEquals(new long[] {1, 0, 1}, b.toLongArray());
        assertArrayEquals(new boolean[] {true, false, true}, b.toBooleanArray());
        HostTensor f = HostTensor.ofFloats(shape(2, 2), 1.5f, -2f, 0f, Float.NaN);
        assertArrayEquals(new double[] {1.5, -2, 0, Double.NaN}, f.toDoubleArray());
        assertArrayEquals(new boolean[] {true, true, false, true}, f.toBooleanArray());
        HostTensor d = HostTensor.ofDoubles(shape(2), 0.1, 1e300);
        assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY}, d.toFloatArray());
        HostTensor big = HostTensor.ofLongs(shape(2), (1L << 53) + 1, -5);
        assertArrayEquals(new long[] {(1L << 53) + 1, -5}, big.toLongArray());
        assertArrayEquals(new double[] {0x1p53, -5}, big.toDoubleArray());
        assertEquals((1L << 53) + 1, HostTensor.ofLongs(shape(), (1L << 53) + 1).longItem());
        assertArrayEquals(new long[] {3, -4}, HostTensor.ofFloats(shape(2), 3f, -4f).toLongArray());
        assertArrayEquals(new int[] {3, -4}, HostTensor.ofDoubles(shape(2), 3, -4).toIntArray());
        assertArrayEquals(new int[] {-128, 127}, HostTensor.fromLongs(DType.I8, shape(2), -128, 127).toIntArray());
        assertArrayEquals(new int[] {-32768, 7}, HostTensor.fromLongs(DType.I16, shape(2), -32768, 7).toIntArray());
    }

    @Test
    void integerConversionsRefuseWhatTheyCannotHold() {
        ArithmeticException fraction = assertThrows(ArithmeticException.class,
            () -> HostTensor.ofFloats(shape(3), 1f, 2f, 2.5f).toLongArray());
        assertEquals("element 2 is 2.5, which I64 cannot hold exactly", fraction.getMessage());
        assertThrows(ArithmeticException.class, () -> HostTensor.ofFloats(shape(1), Float.NaN).toLongArray());
        assertThrows(ArithmeticException.class, () -> HostTensor.ofDoubles(shape(1), 0x1p63).toLongArray());
        ArithmeticException wide = assertThrows(ArithmeticException.class,
            () -> HostTensor.ofLongs(shape(2), 1, 1L << 40).toIntArray());
        assertEquals("I64 [2]: element 1 is 1099511627776, which an int cannot hold", wide.getMessage());
        ArithmeticException range = assertThrows(ArithmeticException.class,
            () -> HostTensor.fromLongs(DType.U8, shape(2), 255, 256));
        assertEquals("element 1 is 256, outside the range of U8 [0, 255]", range.getMessage());
        assertThrows(ArithmeticException.class, () -> HostTensor.fromLongs(DType.I8, shape(1), -129));
        assertThrows(ArithmeticException.class, () -> HostTensor.fromDoubles(DType.I32, shape(1), 0.5));
        assertThrows(ArithmeticException.class, () -> HostTensor.fromDoubles(DType.I32, shape(1), 0x1p31));
        assertArrayEquals(new int[] {Integer.MAX_VALUE},
            HostTensor.fromDoubles(DType.I32, shape(1), 0x1p31 - 1).toIntArray());
    }

    @Test
    void toConvertsAndKeepsTheShape() {
        HostTensor f = HostTensor.ofFloats(shape(2, 2), 1f, 1.0009765625f, 65519f, 70000f);
        HostTensor h = f.to(DType.F16);
        assertEquals(DType.F16, h.dtype());
        assertArrayEquals(shape(2, 2), h.shape());
        // 1 + 2^-10 is exact in binary16; 65519 rounds to 65504; 70000 overflows
        assertArrayEquals(new float[] {1f, 1.0009765625f, 65504f, Float.POSITIVE_INFINITY}, h.toFloatArray());
        assertSame(f, f.to(DType.F32));
        assertArrayEquals(new long[] {1, 0, 3}, HostTensor.ofFloats(shape(3), 1, 0, 3).to(DType.I64).toLongArray());
        assertArrayEquals(new boolean[] {true, false}, HostTensor.ofInts(shape(2), 7, 0).to(DType.BOOL).toBooleanArray());
        assertArrayEquals(new double[] {7, 0}, HostTensor.ofInts(shape(2), 7, 0).to(DType.F64).toDoubleArray());
        assertArrayEquals(new float[] {1f, 256f}, HostTensor.ofInts(shape(2), 1, 257).to(DType.BF16).toFloatArray());
    }

    @Test
    void reshapeKeepsTheElements() {
        HostTensor t = HostTensor.ofFloats(shape(2, 3), 0, 1, 2, 3, 4, 5);
        HostTensor r = t.reshape(3, 2);
        assertArrayEquals(shape(3, 2), r.shape());
        assertArrayEquals(t.toFloatArray(), r.toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.reshape(4));
        assertEquals("cannot reshape [2, 3] (6 elements) to [4] (4 elements)", e.getMessage());
        assertThrows(IllegalStateException.class, t::item);
    }

    @Test
    void immutableAndComparedByContent() {
        float[] values = {1, 2};
        long[] s = {2};
        HostTensor t = HostTensor.ofFloats(s, values);
        values[0] = 9;
        s[0] = 7;
        t.shape()[0] = 5;
        t.toFloatArray()[0] = 9;
        t.bytes()[0] = 9;
        assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
        assertArrayEquals(shape(2), t.shape());
        assertThrows(java.nio.ReadOnlyBufferException.class, () -> t.buffer().put(0, (byte) 1));
        assertEquals(HostTensor.ofFloats(shape(2), 1, 2), t);
        assertEquals(HostTensor.ofFloats(shape(2), 1, 2).hashCode(), t.hashCode());
        assertNotEquals(HostTensor.ofFloats(shape(1, 2), 1, 2), t);
        assertNotEquals(HostTensor.ofInts(shape(2), 1, 2), t);
        assertNotEquals(HostTensor.ofFloats(shape(1), 0f), HostTensor.ofFloats(shape(1), -0f));
        assertEquals(HostTensor.ofFloats(shape(1), Float.NaN), HostTensor.ofFloats(shape(1), Float.NaN));
    }

    @Test
    void toStringShowsTypeShapeAndTheFirstElements() {
        assertEquals("F32 [2, 3] [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]",
            HostTensor.ofFloats(shape(2, 3), 0, 1, 2, 3, 4, 5).toString());
        assertEquals("I64 [10] [0, 1, 2, 3, 4, 5, 6, 7, ...]",
            HostTensor.ofLongs(shape(10), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9).toString());
        assertEquals("BOOL [] [true]", HostTensor.ofBooleans(shape(), true).toString());
        assertEquals("F32 [0, 3] []", HostTensor.zeros(DType.F32, 0, 3).toString());
    }

    // ---- binary16 and bfloat16 ----

    @Test
    void halfAndBfloat16RoundAsPyTorchDoes() {
        // half.safetensors holds src (F32) and PyTorch's src.half() and src.bfloat16()
        StateDict d = Safetensors.read(Fixtures.path("half.safetensors"));
        float[] src = d.require("src").toFloatArray();
        short[] f16 = shorts(d.require("f16"));
        short[] bf16 = shorts(d.require("bf16"));
        assertEquals(509, src.length);
        for (int i = 0; i < src.length; i++) {
            int x = i;
            assertEquals(f16[i], HalfPrecision.floatToHalf(src[i]),
                () -> "half of " + src[x] + " (" + Integer.toHexString(Float.floatToRawIntBits(src[x])) + ")");
            if (Float.isNaN(src[i])) {
                // PyTorch's vectorized conversion writes 0xFFFF for a NaN, c10::BFloat16 (and cnnc) 0x7FC0
                assertEquals((short) 0xffff, bf16[i]);
                assertEquals((short) 0x7fc0, HalfPrecision.floatToBf16(src[i]));
                continue;
            }
            assertEquals(bf16[i], HalfPrecision.floatToBf16(src[i]),
                () -> "bfloat16 of " + src[x] + " (" + Integer.toHexString(Float.floatToRawIntBits(src[x])) + ")");
        }
        assertArrayEquals(d.require("f16").bytes(), HostTensor.fromDoubles(DType.F16, shape(509), toDoubles(src)).bytes());
        float[] widened = HostTensor.fromDoubles(DType.BF16, shape(509), toDoubles(src)).toFloatArray();
        assertArrayEquals(d.require("bf16").toFloatArray(), widened);
    }

    @Test
    void everyHalfWidensExactlyAndNarrowsBack() {
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfPrecision.halfToFloat((short) h);
            int exponent = (h >>> 10) & 0x1f;
            int mantissa = h & 0x3ff;
            if (exponent == 0x1f && mantissa != 0) {
                assertTrue(Float.isNaN(f));
                assertEquals((short) ((h & 0x8000) | 0x7e00), HalfPrecision.floatToHalf(f));
                continue;
            }
            double expected = exponent == 0 ? mantissa * 0x1p-24
                : exponent == 0x1f ? Double.POSITIVE_INFINITY : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            assertEquals((h & 0x8000) != 0 ? -expected : expected, f, 0.0, "half 0x" + Integer.toHexString(h));
            assertEquals((short) h, HalfPrecision.floatToHalf(f), "half 0x" + Integer.toHexString(h));
            short bf = (short) h;
            float g = HalfPrecision.bf16ToFloat(bf);
            if (!Float.isNaN(g)) {
                assertEquals(bf, HalfPrecision.floatToBf16(g), "bfloat16 0x" + Integer.toHexString(h));
            }
        }
        assertEquals(1f, HalfPrecision.halfToFloat((short) 0x3c00));
        assertEquals(65504f, HalfPrecision.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, HalfPrecision.halfToFloat((short) 0x0001));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(HalfPrecision.halfToFloat((short) 0x8000)));
        assertEquals(1f, HalfPrecision.bf16ToFloat((short) 0x3f80));
    }

    private static short[] shorts(HostTensor t) {
        java.nio.ShortBuffer b = t.buffer().asShortBuffer();
        short[] out = new short[b.remaining()];
        b.get(out);
        return out;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
