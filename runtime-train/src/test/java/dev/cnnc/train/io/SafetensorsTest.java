package dev.cnnc.train.io;

import static dev.cnnc.train.io.Fixtures.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** The shapes of make_fixtures.py's Net: conv(3→4, 3) + BatchNorm2d(4) + Linear(16, 5). */
    private static Map<String, long[]> netShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("conv1.weight", shape(4, 3, 3, 3));
        m.put("conv1.bias", shape(4));
        m.put("bn1.weight", shape(4));
        m.put("bn1.bias", shape(4));
        m.put("bn1.running_mean", shape(4));
        m.put("bn1.running_var", shape(4));
        m.put("bn1.num_batches_tracked", shape());
        m.put("fc.weight", shape(5, 16));
        m.put("fc.bias", shape(5));
        return m;
    }

    // ---- reading files PyTorch wrote ----

    @Test
    void readsAPyTorchStateDict() throws IOException {
        Path file = Fixtures.path("state_dict.safetensors");
        StateDict d = Safetensors.read(file);
        assertEquals(file, d.source());
        assertEquals(Map.of("format", "pt"), d.metadata());
        d.check(netShapes());
        assertEquals(9, d.size());
        // every value against the text make_fixtures.py printed
        List<String> lines = Files.readAllLines(Fixtures.path("state_dict.txt"));
        int checked = 0;
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            HostTensor t = d.require(f[0]);
            assertEquals(DType.valueOf(f[1]), t.dtype(), f[0]);
            long[] s = f[2].isEmpty() ? new long[0] : Arrays.stream(f[2].split(",")).mapToLong(Long::parseLong).toArray();
            assertArrayEquals(s, t.shape(), f[0]);
            String[] v = f[3].split(" ");
            assertEquals(t.numel(), v.length, f[0]);
            if (t.dtype() == DType.F32) {
                float[] actual = t.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    assertEquals((float) Double.parseDouble(v[i]), actual[i], 0f, f[0] + "[" + i + "]");
                }
            } else {
                assertArrayEquals(Arrays.stream(v).mapToLong(Long::parseLong).toArray(), t.toLongArray(), f[0]);
            }
            checked++;
        }
        assertEquals(9, checked);
        assertEquals(DType.I64, d.require("bn1.num_batches_tracked").dtype());
        assertEquals(3, d.require("bn1.num_batches_tracked").longItem());
        assertEquals(DType.F32, d.require("bn1.running_var").dtype());
    }

    @Test
    void readsEveryDtype() {
        StateDict d = Safetensors.read(Fixtures.path("dtypes.safetensors"));
        assertTrue(d.metadata().isEmpty());
        assertEquals(HostTensor.ofDoubles(shape(3), 1.0 / 3, -1e300, Double.MIN_VALUE), d.require("f64"));
        assertEquals(HostTensor.ofFloats(shape(2, 4), 0f, -0f, 1.5f, -2.25f, Float.MAX_VALUE, Float.MIN_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY), d.require("f32"));
        assertEquals(DType.F16, d.require("f16").dtype());
        assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f}, d.require("f16").toFloatArray());
        assertEquals(DType.BF16, d.require("bf16").dtype());
        assertArrayEquals(new float[] {1f, -3f, 0x1.FEp127f}, d.require("bf16").toFloatArray());
        assertEquals(HostTensor.ofLongs(shape(), (1L << 62) + 1), d.require("i64"));
        assertEquals(HostTensor.ofInts(shape(3), Integer.MIN_VALUE, 0, Integer.MAX_VALUE), d.require("i32"));
        assertEquals(HostTensor.fromLongs(DType.I16, shape(2), -32768, 32767), d.require("i16"));
        assertEquals(HostTensor.fromLongs(DType.I8, shape(2), -128, 127), d.require("i8"));
        assertEquals(HostTensor.fromLongs(DType.U8, shape(2, 2), 0, 1, 128, 255), d.require("u8"));
        assertEquals(HostTensor.ofBooleans(shape(3), true, false, true), d.require("bool"));
        assertEquals(HostTensor.ofFloats(shape(), 0.5f), d.require("scalar_f32"));
        assertEquals(HostTensor.zeros(DType.F32, 0, 3), d.require("empty_f32"));
        // the reference writer's order: 8-byte types first, then by name
        assertEquals(List.of("i64", "f64", "empty_f32", "f32", "scalar_f32", "i32", "bf16", "f16", "i16", "i8", "u8",
            "bool"), d.names());
    }

    @Test
    void readsTheHeaderAlone() {
        Safetensors.Header h = Safetensors.readHeader(Fixtures.path("state_dict.safetensors"));
        assertEquals(Map.of("format", "pt"), h.metadata());
        assertEquals(0, h.headerLength() % 8);
        Safetensors.TensorInfo first = h.tensors().get(0);
        assertEquals("bn1.num_batches_tracked: I64 [] @ [0, 8]", first.toString());
        long end = 0;
        for (Safetensors.TensorInfo t : h.tensors()) {
            assertEquals(end, t.begin());
            end = t.end();
        }
        assertEquals(Fixtures.bytes("state_dict.safetensors").length, h.dataStart() + end);
    }

    // ---- writing as PyTorch does ----

    @Test
    void rewritingAFixtureGivesTheSameBytes() throws IOException {
        for (String name : List.of("state_dict.safetensors", "dtypes.safetensors", "names.safetensors",
            "half.safetensors")) {
            StateDict d = Safetensors.read(Fixtures.path(name));
            Path out = dir.resolve(name);
            Safetensors.write(out, d);
            assertArrayEquals(Fixtures.bytes(name), Files.readAllBytes(out), name);
        }
    }

    @Test
    void namesAndMetadataAreEscapedAndOrderedAsTheReferenceDoes() throws IOException {
        // built in another order than the file's; the writer sorts names by UTF-8 bytes, metadata keys too
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("\u20ac", HostTensor.ofFloats(shape(1), 3f));
        t.put("Z", HostTensor.ofInts(shape(1), 7));
        t.put("\u00fc.bias", HostTensor.ofFloats(shape(2), 1f, 2f));
        t.put("layer1.0.conv1.weight", HostTensor.ofFloats(shape(2, 1, 1, 1), 1f, 1f));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("note", "tab\there \"quoted\" back\\slash \u00fc \u2192 \u0001");
        meta.put("epoch", "3");
        Path out = dir.resolve("names.safetensors");
        Safetensors.write(out, t, meta);
        assertArrayEquals(Fixtures.bytes("names.safetensors"), Files.readAllBytes(out));
        StateDict back = Safetensors.read(out);
        assertEquals(meta, back.metadata());
        assertEquals(List.of("layer1.0.conv1.weight", "\u00fc.bias", "\u20ac", "Z"), back.names());
    }

    @Test
    void theReferenceImplementationsOwnExamples() throws IOException {
        // serialize({"attn.0": F32 [1, 2, 3] = 0..5}) in safetensors' tensor.rs tests: 64-byte header, no padding
        Path a = dir.resolve("a.safetensors");
        Safetensors.write(a, Map.of("attn.0", HostTensor.ofFloats(shape(1, 2, 3), 0, 1, 2, 3, 4, 5)));
        byte[] bytes = Files.readAllBytes(a);
        assertEquals("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}",
            new String(bytes, 8, 64, StandardCharsets.UTF_8));
        assertEquals(64, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals(8 + 64 + 24, bytes.length);
        // "attn0" with [1, 1, 2, 3]: 65 bytes of JSON, padded with 7 spaces to 72
        Path b = dir.resolve("b.safetensors");
        Safetensors.write(b, Map.of("attn0", HostTensor.ofFloats(shape(1, 1, 2, 3), 0, 1, 2, 3, 4, 5)));
        bytes = Files.readAllBytes(b);
        assertEquals(72, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong());
        assertEquals("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
            new String(bytes, 8, 72, StandardCharsets.UTF_8));
        // no tensors: "{}" and 6 spaces; with metadata {"framework": "pt"}: 35 bytes and 5 spaces
        Path c = dir.resolve("c.safetensors");
        Safetensors.write(c, Map.of());
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '},
            Files.readAllBytes(c));
        assertEquals(0, Safetensors.read(c).size());
        Safetensors.write(c, Map.of(), Map.of("framework", "pt"));
        bytes = Files.readAllBytes(c);
        assertEquals(40, bytes[0]);
        assertEquals("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new String(bytes, 8, 40, StandardCharsets.UTF_8));
        assertEquals(Map.of("framework", "pt"), Safetensors.read(c).metadata());
    }

    @Test
    void everyDtypeAndShapeRoundTrips() {
        Random random = new Random(42);
        long[][] shapes = {{}, {0}, {1}, {3}, {2, 3}, {2, 0, 3}, {1, 2, 3, 4}, {6, 1, 5, 5}};
        StateDict all = new StateDict();
        for (DType dtype : DType.values()) {
            for (long[] s : shapes) {
                byte[] bytes = new byte[(int) HostTensor.numel(s) * dtype.size()];
                random.nextBytes(bytes);
                if (dtype == DType.BOOL) {
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] &= 1;
                    }
                }
                HostTensor t = HostTensor.of(dtype, s, bytes);
                Path one = dir.resolve("one.safetensors");
                Safetensors.write(one, Map.of("t", t));
                assertEquals(t, Safetensors.read(one).require("t"), dtype + " " + HostTensor.shapeString(s));
                all.put(dtype + HostTensor.shapeString(s), t);
            }
        }
        all.putMetadata("epoch", "7");
        Path file = dir.resolve("all.safetensors");
        Safetensors.write(file, all);
        StateDict back = Safetensors.read(file);
        assertEquals(all.size(), back.size());
        for (Map.Entry<String, HostTensor> e : all) {
            assertEquals(e.getValue(), back.require(e.getKey()), e.getKey());
        }
        assertEquals(Map.of("epoch", "7"), back.metadata());
    }

    @Test
    void aTensorCannotBeCalledMetadata() {
        TensorFileException e = assertThrows(TensorFileException.class, () -> Safetensors.write(dir.resolve("m"),
            Map.of("__metadata__", HostTensor.ofFloats(shape(1), 1f))));
        assertEquals(dir.resolve("m") + ": tensor '__metadata__': a tensor cannot be called __metadata__, the header's"
            + " key for metadata", e.getMessage());
        assertFalse(Files.exists(dir.resolve("m")));
    }

    // ---- atomic writes ----

    @Test
    void aFailureWhileWritingLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Map<String, HostTensor> old = Map.of("w", HostTensor.ofFloats(shape(2), 1f, 2f));
        Safetensors.write(file, old);
        byte[] before = Files.readAllBytes(file);
        Map<String, HostTensor> next = Map.of("w", HostTensor.zeros(DType.F32, 1000), "b", HostTensor.zeros(DType.F32, 10));
        TensorFileException e = assertThrows(TensorFileException.class, () -> AtomicFile.write(file,
            out -> Safetensors.writeTo(new FailingChannel(out, 1000), next, Map.of())));
        assertEquals(file + ": cannot write: no space left on device (simulated)", e.getMessage());
        assertEquals(file, e.file());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(file), listing());
        assertEquals(HostTensor.ofFloats(shape(2), 1f, 2f), Safetensors.read(file).require("w"));
        // and the same write, not interrupted, replaces it
        Safetensors.write(file, next);
        assertEquals(next.get("w"), Safetensors.read(file).require("w"));
        assertEquals(List.of(file), listing());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    /** A channel that fails with "no space left" after {@code limit} bytes. */
    static final class FailingChannel implements WritableByteChannel {
        private final WritableByteChannel out;
        private long left;

        FailingChannel(WritableByteChannel out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (left <= 0) {
                throw new IOException("no space left on device (simulated)");
            }
            if (src.remaining() > left) {
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + (int) left);
                int n = out.write(part);
                src.position(src.position() + n);
                left -= n;
                return n;
            }
            int n = out.write(src);
            left -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    // ---- corrupt and unsupported files ----

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** A file with header {@code json} (not padded) followed by {@code dataBytes} zero bytes. */
    private Path withHeader(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return file("bad.safetensors", b.array());
    }

    private static TensorFileException refused(Path p) {
        return assertThrows(TensorFileException.class, () -> Safetensors.read(p));
    }

    private void assertRefused(String json, int dataBytes, String tensor, String detail) throws IOException {
        Path p = withHeader(json, dataBytes);
        TensorFileException e = refused(p);
        assertEquals(detail, e.detail(), json);
        assertEquals(tensor, e.tensor(), json);
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p + ": " + (tensor != null ? "tensor '" + tensor + "': " : "")),
            e.getMessage());
    }

    private static String entry(String dtype, String shape, String offsets) {
        return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    @Test
    void truncatedOrMissingHeader() throws IOException {
        assertEquals("not a safetensors file: it has 5 bytes, fewer than the 8 that give the header length",
            refused(file("short", new byte[5])).detail());
        byte[] good = Fixtures.bytes("state_dict.safetensors");
        long n = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals("the header length in the first 8 bytes is " + n + ", but only 99 bytes follow: the file is"
            + " truncated or not safetensors", refused(file("cut", Arrays.copyOf(good, 107))).detail());
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
        assertEquals("the header length in the first 8 bytes is 100000001, more than the 100000000 bytes safetensors"
            + " allows: the file is corrupt or not safetensors", refused(file("huge", huge)).detail());
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertEquals("the header length in the first 8 bytes is 18446744073709551615, more than the 100000000 bytes"
            + " safetensors allows: the file is corrupt or not safetensors", refused(file("huge", huge)).detail());
        // text is not safetensors: "PK\3\4..." (a zip, as torch.save writes) reads as a huge length
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        assertTrue(refused(file("zip", zip)).detail().startsWith("the header length in the first 8 bytes is "));
        TensorFileException missing = refused(dir.resolve("nope.safetensors"));
        assertEquals("cannot read: no such file or folder (" + dir.resolve("nope.safetensors") + ")", missing.detail());
    }

    @Test
    void truncatedOrPaddedData() throws IOException {
        byte[] good = Fixtures.bytes("state_dict.safetensors");
        Safetensors.Header h = Safetensors.readHeader(Fixtures.path("state_dict.safetensors"));
        Safetensors.TensorInfo last = h.tensors().get(h.tensors().size() - 1);
        TensorFileException cut = refused(file("cut", Arrays.copyOf(good, good.length - 3)));
        assertEquals(last.name(), cut.tensor());
        assertEquals("data_offsets [" + last.begin() + ", " + last.end() + "] run past the end of the data, which has "
            + (last.end() - 3) + " bytes after the header: the file is truncated or corrupt", cut.detail());
        TensorFileException extra = refused(file("extra", Arrays.copyOf(good, good.length + 4)));
        assertNull(extra.tensor());
        assertEquals("the last 4 bytes of the file belong to no tensor (the data has " + (last.end() + 4)
            + " bytes, the tensors end at " + last.end() + ")", extra.detail());
    }

    @Test
    void headerThatIsNotJsonOrNotUtf8() throws IOException {
        assertRefused("{\"w\":" + entry("F32", "[2]", "[0,8]") + "]", 8, null,
            "the header is not valid JSON: unexpected ']', expected '}' or ',' in an object at character 53 near"
                + " '...data_offsets\":[0,8]}]'");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],}}", 8, null,
            "the header is not valid JSON: unexpected '}', expected a string key at character 53 near"
                + " '...data_offsets\":[0,8],}}'");
        assertRefused("", 0, null, "the header is not valid JSON: unexpected end of text, expected a value at character 0");
        assertRefused("[1,2]   ", 0, null, "the header is not a JSON object but a list");
        byte[] latin1 = ("{\"" + "\u00fc" + "\":1}").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(8 + latin1.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(latin1.length).put(latin1);
        assertEquals("the header is not valid UTF-8: the file is corrupt or not safetensors",
            refused(file("latin1", b.array())).detail());
        // padding with NULs instead of spaces is not JSON either
        assertRefused("{}\0\0\0\0\0\0", 0, null, "the header is not valid JSON: unexpected character U+0000 after the"
            + " JSON value at character 2 near '{}??????'");
    }

    @Test
    void unknownOrUnsupportedDtype() throws IOException {
        assertRefused("{\"w\":" + entry("F33", "[2]", "[0,8]") + "}", 8, "w",
            "unknown dtype 'F33' (cnnc reads BOOL, U8, I8, I16, F16, BF16, I32, F32, F64, I64)");
        assertRefused("{\"w\":" + entry("U32", "[2]", "[0,8]") + "}", 8, "w",
            "dtype U32 is not supported by cnnc (it reads BOOL, U8, I8, I16, F16, BF16, I32, F32, F64, I64)");
        assertRefused("{\"w\":" + entry("f32", "[2]", "[0,8]") + "}", 8, "w",
            "unknown dtype 'f32' (cnnc reads BOOL, U8, I8, I16, F16, BF16, I32, F32, F64, I64)");
        assertRefused("{\"w\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "w", "dtype is a number, not a string");
    }

    @Test
    void malformedEntries() throws IOException {
        assertRefused("{\"w\":[1]}", 0, "w", "the header entry is a list, not an object with dtype, shape and"
            + " data_offsets");
        assertRefused("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"offsets\":[0,8]}}", 8, "w",
            "the header entry has no data_offsets");
        assertRefused("{\"w\":" + entry("F32", "[2,-1]", "[0,8]") + "}", 8, "w",
            "shape must be a list of non-negative integers, not [2,-1]");
        assertRefused("{\"w\":" + entry("F32", "[2.0]", "[0,8]") + "}", 8, "w",
            "shape must be a list of non-negative integers, not [2.0]");
        assertRefused("{\"w\":" + entry("F32", "2", "[0,8]") + "}", 8, "w",
            "shape must be a list of non-negative integers, not 2");
        assertRefused("{\"w\":" + entry("F32", "[2]", "[0,8,9]") + "}", 8, "w",
            "data_offsets must be two non-negative integers [begin, end], not [0,8,9]");
        assertRefused("{\"w\":" + entry("F32", "[2]", "[8,0]") + "}", 8, "w", "data_offsets [8, 0] end before they begin");
        assertRefused("{\"w\":" + entry("F32", "[2]", "[0,18446744073709551616]") + "}", 8, "w",
            "data_offsets must be two non-negative integers [begin, end], not [0,18446744073709551616]");
        assertRefused("{\"w\":" + entry("F32", "[4294967296,4294967296]", "[0,8]") + "}", 8, "w",
            "F32 [4294967296, 4294967296] would take more than 2^63 bytes");
        assertRefused("{\"__metadata__\":{\"epoch\":3}}", 0, null,
            "__metadata__ must map strings to strings, but 'epoch' is a number");
        assertRefused("{\"__metadata__\":[\"a\"]}", 0, null, "__metadata__ must be an object of strings, not a list");
    }

    @Test
    void offsetsThatDoNotFit() throws IOException {
        assertRefused("{\"w\":" + entry("F32", "[6,1,5,5]", "[0,96]") + "}", 96, "w",
            "data_offsets [0, 96] hold 96 bytes, but F32 [6, 1, 5, 5] needs 600");
        assertRefused("{\"w\":" + entry("F32", "[2]", "[8,16]") + "}", 8, "w",
            "data_offsets [8, 16] run past the end of the data, which has 8 bytes after the header: the file is"
                + " truncated or corrupt");
        assertRefused("{\"a\":" + entry("F32", "[4]", "[0,16]") + ",\"b\":" + entry("F32", "[4]", "[8,24]") + "}", 24, "b",
            "its bytes [8, 24] overlap those of 'a' [0, 16]");
        assertRefused("{\"a\":" + entry("F32", "[4]", "[0,16]") + ",\"b\":" + entry("F32", "[4]", "[0,16]") + "}", 16, "b",
            "its bytes [0, 16] overlap those of 'a' [0, 16]");
        assertRefused("{\"a\":" + entry("F32", "[2]", "[0,8]") + ",\"b\":" + entry("F32", "[2]", "[12,20]") + "}", 20, "b",
            "bytes [8, 12] of the data before it belong to no tensor (safetensors allows no gaps)");
        assertRefused("{\"a\":" + entry("F32", "[2]", "[4,12]") + "}", 12, "a",
            "bytes [0, 4] of the data before it belong to no tensor (safetensors allows no gaps)");
        assertRefused("{\"a\":" + entry("F32", "[2]", "[0,8]") + ",\"a\":" + entry("F32", "[2]", "[8,16]") + "}", 16, "a",
            "the name appears twice in the header");
        // out of order in the header, zero-sized in the middle: all fine
        Path ok = withHeader("{\"b\":" + entry("F32", "[1]", "[4,8]") + ",\"e\":" + entry("F32", "[0]", "[4,4]")
            + ",\"a\":" + entry("I32", "[1]", "[0,4]") + "}   ", 8);
        StateDict d = Safetensors.read(ok);
        assertEquals(List.of("b", "e", "a"), d.names());
        assertEquals(0, d.require("e").numel());
    }

    @Test
    void everyCorruptionOfTheHeaderLengthIsCaught() throws IOException {
        // a bit flipped in any byte of the length gives a clear error, never a crash or a wrong read
        byte[] good = Fixtures.bytes("dtypes.safetensors");
        List<String> details = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                details.add(refused(file("flip", bad)).detail());
            }
        }
        assertEquals(64, details.size());
    }
}
