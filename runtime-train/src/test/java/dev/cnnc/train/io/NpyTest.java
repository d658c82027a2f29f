package dev.cnnc.train.io;

import static dev.cnnc.train.io.Fixtures.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    private static final HostTensor ARANGE = HostTensor.ofFloats(shape(2, 3), 0, 1, 2, 3, 4, 5);

    // ---- reading what numpy.save wrote ----

    @Test
    void readsOneArrayOfEachDtype() {
        assertEquals(HostTensor.ofDoubles(shape(2, 3), 1.0 / 3, -1e300, Double.MIN_VALUE, 0, -0.0,
            Double.POSITIVE_INFINITY), read("f8.npy"));
        assertEquals(DType.F16, read("f2.npy").dtype());
        assertArrayEquals(new float[] {1f, -2.5f, 65504f}, read("f2.npy").toFloatArray());
        assertEquals(HostTensor.ofInts(shape(5), Integer.MIN_VALUE, 0, 1, Integer.MAX_VALUE, -7), read("i4.npy"));
        assertEquals(HostTensor.fromLongs(DType.I16, shape(2), -32768, 32767), read("i2.npy"));
        assertEquals(HostTensor.fromLongs(DType.I8, shape(2), -128, 127), read("i1.npy"));
        long[] u1 = new long[24];
        for (int i = 0; i < 24; i++) {
            u1[i] = i * 10;
        }
        assertEquals(HostTensor.fromLongs(DType.U8, shape(2, 3, 4), u1), read("u1.npy"));
        assertEquals(HostTensor.ofBooleans(shape(2, 2), true, false, false, true), read("b1.npy"));
        assertEquals(HostTensor.zeros(DType.F32, 0, 3), read("empty.npy"));
        assertEquals(HostTensor.ofDoubles(shape(), 2.5), read("scalar_f8.npy"));
    }

    @Test
    void agreesWithTheSameTensorsInSafetensors() {
        // f4.npy and i8.npy hold conv1.weight and num_batches_tracked of state_dict.safetensors
        StateDict d = Safetensors.read(Fixtures.path("state_dict.safetensors"));
        HostTensor w = read("f4.npy");
        assertArrayEquals(shape(4, 3, 3, 3), w.shape());
        assertEquals(d.require("conv1.weight"), w);
        HostTensor n = read("i8.npy");
        assertEquals(d.require("bn1.num_batches_tracked"), n);
        assertEquals(3, n.longItem());
    }

    @Test
    void readsVersions2And3() {
        assertEquals(ARANGE, read("v2.npy"));
        assertEquals(ARANGE, read("v3.npy"));
        assertEquals(2, Fixtures.bytes("v2.npy")[6]);
        assertEquals(3, Fixtures.bytes("v3.npy")[6]);
    }

    // ---- writing as numpy.save does ----

    @Test
    void rewritingAFixtureGivesTheSameBytes() throws IOException {
        for (String name : List.of("f4.npy", "f8.npy", "f2.npy", "i8.npy", "i4.npy", "i2.npy", "i1.npy", "u1.npy",
            "b1.npy", "empty.npy", "scalar_f8.npy")) {
            Path out = dir.resolve(name);
            Npy.write(out, read(name));
            assertArrayEquals(Fixtures.bytes(name), Files.readAllBytes(out), name);
        }
        // a version 2.0 or Fortran-order file comes out as numpy.save writes the same array
        Path out = dir.resolve("v1.npy");
        Npy.write(out, read("v2.npy"));
        assertEquals(ARANGE, Npy.read(out));
        assertEquals(1, Files.readAllBytes(out)[6]);
        assertEquals(0, Npy.header(ARANGE, null).length % 64);
    }

    @Test
    void everyDtypeAndShapeRoundTrips() {
        Random random = new Random(7);
        long[][] shapes = {{}, {0}, {1}, {3}, {2, 3}, {2, 0, 3}, {1, 2, 3, 4}, {123456789012L, 0}};
        for (DType dtype : DType.values()) {
            if (dtype == DType.BF16) {
                continue;
            }
            for (long[] s : shapes) {
                byte[] bytes = new byte[(int) HostTensor.numel(s) * dtype.size()];
                random.nextBytes(bytes);
                if (dtype == DType.BOOL) {
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] &= 1;
                    }
                }
                HostTensor t = HostTensor.of(dtype, s, bytes);
                Path p = dir.resolve("t.npy");
                Npy.write(p, t);
                assertEquals(t, Npy.read(p), dtype + " " + HostTensor.shapeString(s));
            }
        }
    }

    @Test
    void aHeaderOver64KiBIsWrittenAsVersion2() throws IOException {
        long[] s = new long[30000];
        Arrays.fill(s, 1);
        HostTensor t = HostTensor.zeros(DType.F32, s);
        Path p = dir.resolve("wide.npy");
        Npy.write(p, t);
        byte[] bytes = Files.readAllBytes(p);
        assertEquals(2, bytes[6]);
        int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + headerLength) % 64);
        assertEquals(t, Npy.read(p));
    }

    @Test
    void bfloat16HasNoNumpyType() {
        Path p = dir.resolve("bf.npy");
        TensorFileException e = assertThrows(TensorFileException.class,
            () -> Npy.write(p, HostTensor.zeros(DType.BF16, 2)));
        assertEquals(p + ": NumPy has no BF16 type: convert first, e.g. with tensor.to(DType.F32)", e.getMessage());
        assertFalse(Files.exists(p));
    }

    @Test
    void aFailureWhileWritingLeavesTheOldFileIntact() throws IOException {
        Path p = dir.resolve("a.npy");
        Npy.write(p, ARANGE);
        byte[] before = Files.readAllBytes(p);
        assertThrows(TensorFileException.class, () -> AtomicFile.write(p, out -> {
            out.write(ByteBuffer.wrap(Npy.header(ARANGE, p)));
            throw new IOException("disk full (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    // ---- what cnnc refuses, and how it says so ----

    @Test
    void fortranOrderBigEndianAndStructuredArraysAreRefused() {
        assertEquals("the array is in Fortran order (fortran_order: True); cnnc reads C order only: save"
            + " numpy.ascontiguousarray(a) instead", refused(Fixtures.path("fortran.npy")).detail());
        assertEquals("the data is big-endian ('>f4'); cnnc reads little-endian only: save a.astype('<f4') instead",
            refused(Fixtures.path("bigendian.npy")).detail());
        assertEquals("structured arrays (descr [('x', '<f4'), ('y', '<i4')]) are not supported: save a plain numeric"
            + " array", refused(Fixtures.path("structured.npy")).detail());
        TensorFileException e = refused(Fixtures.path("fortran.npy"));
        assertEquals(Fixtures.path("fortran.npy"), e.file());
        assertEquals(Fixtures.path("fortran.npy") + ": " + e.detail(), e.getMessage());
    }

    /** An .npy file of version 1.0 with {@code header} (padded as NumPy does) and {@code data}. */
    private Path npy(String header, byte[] data) throws IOException {
        return npy(1, header, data);
    }

    private Path npy(int major, String header, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        if (major == 1) {
            out.write(h.length & 0xff);
            out.write(h.length >>> 8);
        } else {
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(h.length).array());
        }
        out.write(h);
        out.write(data);
        Path p = dir.resolve("x.npy");
        Files.write(p, out.toByteArray());
        return p;
    }

    private static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    @Test
    void headersWithOtherSpacingQuotesAndPython2Integers() throws IOException {
        assertEquals(HostTensor.ofFloats(shape(2), 1f, 2f),
            Npy.read(npy("{\"descr\":\"<f4\",'shape':(2,),\n 'fortran_order' :False}", f32(1, 2))));
        assertEquals(HostTensor.ofFloats(shape(1, 2), 1f, 2f),
            Npy.read(npy("{ 'shape' : ( 1L , 2L ) , 'descr' : '<f4' , 'fortran_order' : False , }   ", f32(1, 2))));
        // (2) is 2 in Python, not a tuple
        assertEquals("the shape must be a tuple of non-negative integers, not 2",
            refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", f32(1, 2))).detail());
        // for rank 0 and 1, Fortran order is C order
        assertEquals(HostTensor.ofFloats(shape(2), 1f, 2f),
            Npy.read(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", f32(1, 2))));
        assertEquals(HostTensor.ofUnsignedBytes(shape(2), (byte) 1, (byte) 2),
            Npy.read(npy("{'descr': '<u1', 'fortran_order': False, 'shape': (2,), }", new byte[] {1, 2})));
        assertEquals(HostTensor.ofFloats(shape(2), 1f, 2f),
            Npy.read(npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f32(1, 2))));
    }

    @Test
    void corruptOrUnsupportedFiles() throws IOException {
        String good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        assertEquals("not an .npy file: it has only 3 bytes", refused(write(new byte[3])).detail());
        assertEquals("not an .npy file: it does not start with \\x93NUMPY",
            refused(write("PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1))).detail());
        assertEquals("unsupported .npy format version 4.0 (cnnc reads 1.0, 2.0 and 3.0)",
            refused(npy(4, good, f32(1, 2))).detail());
        byte[] whole = Files.readAllBytes(npy(good, f32(1, 2)));
        assertEquals("the header length is 58, but only 20 bytes follow: the file is truncated",
            refused(write(Arrays.copyOf(whole, 30))).detail());
        assertEquals("the file ends inside the header length", refused(write(Arrays.copyOf(whole, 9))).detail());
        assertEquals("the data is truncated: '<f4' [2] needs 8 bytes, the file has 7 after the header",
            refused(write(Arrays.copyOf(whole, whole.length - 1))).detail());
        assertEquals("4 bytes follow the data of '<f4' [2] (8 bytes): the file is corrupt or the header is wrong",
            refused(npy(good, f32(1, 2, 3))).detail());
        assertEquals("the header has the keys ['descr', 'shape'], but an .npy header has exactly 'descr',"
            + " 'fortran_order' and 'shape'", refused(npy("{'descr': '<f4', 'shape': (2,)}", f32(1, 2))).detail());
        assertEquals("the header has the keys ['descr', 'fortran_order', 'shape', 'x'], but an .npy header has"
            + " exactly 'descr', 'fortran_order' and 'shape'",
            refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", f32(1, 2))).detail());
        assertEquals("the header is not a Python dict literal: duplicate key 'shape' at character 32 of"
            + " '{\\'descr\\': \\'<f4\\', \\'shape\\': (2,), \\'shape\\': (2,)}\\n'",
            refused(npy("{'descr': '<f4', 'shape': (2,), 'shape': (2,)}", f32(1, 2))).detail());
        assertEquals("the header is not a Python dict literal: unexpected name 'false' at character 34 of"
            + " '{\\'descr\\': \\'<f4\\', \\'fortran_order\\': false, \\'shape\\': (2,)}\\n'",
            refused(npy("{'descr': '<f4', 'fortran_order': false, 'shape': (2,)}", f32(1, 2))).detail());
        assertEquals("the header is not a Python dict literal",
            refused(npy("[1, 2]", f32(1, 2))).detail());
        assertEquals("the shape must be a tuple of non-negative integers, not [2]",
            refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", f32(1, 2))).detail());
        assertEquals("the shape must be a tuple of non-negative integers, not (-2,)",
            refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", f32(1, 2))).detail());
        assertEquals("fortran_order must be True or False, not 0",
            refused(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", f32(1, 2))).detail());
        assertEquals("the data is big-endian ('>i8'); cnnc reads little-endian only: save a.astype('<i8') instead",
            refused(npy("{'descr': '>i8', 'fortran_order': False, 'shape': (1,)}", new byte[8])).detail());
        assertEquals("the dtype '=f4' does not say little-endian ('<f4'); cnnc reads little-endian only",
            refused(npy("{'descr': '=f4', 'fortran_order': False, 'shape': (2,)}", f32(1, 2))).detail());
        assertEquals("unsupported dtype '<u4' (cnnc reads <f8, <f4, <f2, <i8, <i4, <i2, |i1, |u1 and |b1)",
            refused(npy("{'descr': '<u4', 'fortran_order': False, 'shape': (2,)}", f32(1, 2))).detail());
        assertEquals("unsupported dtype '|O' (cnnc reads <f8, <f4, <f2, <i8, <i4, <i2, |i1, |u1 and |b1)",
            refused(npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", new byte[8])).detail());
        assertEquals("cannot read: no such file or folder (" + dir.resolve("none.npy") + ")",
            refused(dir.resolve("none.npy")).detail());
    }

    private Path write(byte[] bytes) throws IOException {
        Path p = dir.resolve("raw.npy");
        Files.write(p, bytes);
        return p;
    }

    private static HostTensor read(String fixture) {
        return Npy.read(Fixtures.path(fixture));
    }

    private static TensorFileException refused(Path p) {
        return assertThrows(TensorFileException.class, () -> Npy.read(p));
    }
}
