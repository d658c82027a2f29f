package dev.cnnc.train.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face's, read and written by {@code safetensors.torch}): 8 bytes
 * of header length N (unsigned, little-endian), N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype":"F32","shape":[6,1,5,5],"data_offsets":[begin,end]}} (offsets into the data,
 * which follows the header) and optionally {@code "__metadata__"} to a string → string map, then
 * the tensors' bytes, little-endian, C order.
 *
 * <p>Reading checks everything the reference implementation checks and says what is wrong: the
 * header length fits the file and is at most {@value #MAX_HEADER_BYTES} bytes, the header is UTF-8
 * JSON, each dtype is known, each shape and offset pair is well-formed, the bytes of each tensor
 * are exactly dtype × shape, and the tensors cover the data exactly, without overlap, gap or
 * trailing bytes. Every problem is a {@link TensorFileException} naming the file and the tensor.
 *
 * <p>Writing produces the same bytes as {@code safetensors.torch.save_file}: tensors ordered by
 * the reference's dtype order (8-byte types first, so every tensor is aligned) then by name, the
 * data contiguous in that order, compact JSON with {@code __metadata__} first, padded with spaces
 * to a multiple of 8 bytes. (The reference writes metadata entries in its hash map's random order;
 * cnnc sorts them, so that a file is the same on every run.) Writes are atomic ({@link AtomicFile}).
 */
public final class Safetensors {
    /** The largest header the reference implementation accepts. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The key of the string metadata in the header. */
    public static final String METADATA_KEY = "__metadata__";

    private Safetensors() {
    }

    /** One tensor as the header describes it; {@code begin} and {@code end} count from the data's start. */
    public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
        /** The shape (a copy). */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** {@code conv1.weight: F32 [6, 1, 5, 5] @ [0, 600]}. */
        @Override
        public String toString() {
            return name + ": " + dtype + " " + HostTensor.shapeString(shape) + " @ [" + begin + ", " + end + "]";
        }
    }

    /**
     * A checked header: the tensors in header order, the string metadata, and the header length
     * N (the data starts at byte 8 + N).
     */
    public record Header(List<TensorInfo> tensors, Map<String, String> metadata, long headerLength) {
        /** The file offset where the data starts. */
        public long dataStart() {
            return 8 + headerLength;
        }
    }

    // ---- reading ----

    /**
     * Reads and checks the header of {@code file} without reading the tensors.
     *
     * @throws TensorFileException naming the file and tensor for anything wrong
     */
    public static Header readHeader(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(ch, file);
        } catch (IOException e) {
            throw new TensorFileException(file, null, "cannot read: " + AtomicFile.describe(e), e);
        }
    }

    /**
     * Reads every tensor of {@code file}, in header order, with its metadata.
     *
     * @throws TensorFileException naming the file and tensor for anything wrong
     */
    public static StateDict read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(ch, file);
            StateDict dict = new StateDict(file);
            header.metadata().forEach(dict::putMetadata);
            for (TensorInfo info : header.tensors()) {
                long n = info.end() - info.begin();
                if (n > HostTensor.MAX_BYTES) {
                    throw new TensorFileException(file, info.name(), "it takes " + n + " bytes; cnnc holds at most "
                        + HostTensor.MAX_BYTES + " bytes in one tensor");
                }
                byte[] bytes = new byte[(int) n];
                readFully(ch, bytes, header.dataStart() + info.begin(), file, info.name());
                dict.put(info.name(), HostTensor.wrap(info.dtype(), info.shape(), bytes));
            }
            return dict;
        } catch (IOException e) {
            throw new TensorFileException(file, null, "cannot read: " + AtomicFile.describe(e), e);
        }
    }

    private static Header readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new TensorFileException(file, "not a safetensors file: it has " + size
                + " bytes, fewer than the 8 that give the header length");
        }
        byte[] lengthBytes = new byte[8];
        readFully(ch, lengthBytes, 0, file, null);
        long n = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new TensorFileException(file, "the header length in the first 8 bytes is " + Long.toUnsignedString(n)
                + ", more than the " + MAX_HEADER_BYTES + " bytes safetensors allows: the file is corrupt or not safetensors");
        }
        if (n > size - 8) {
            throw new TensorFileException(file, "the header length in the first 8 bytes is " + n + ", but only "
                + (size - 8) + " bytes follow: the file is truncated or not safetensors");
        }
        byte[] headerBytes = new byte[(int) n];
        readFully(ch, headerBytes, 8, file, null);
        return parseHeader(headerBytes, size - 8 - n, file);
    }

    /**
     * Parses and checks a header of {@code dataLength} bytes of data; {@code file} is for messages.
     */
    static Header parseHeader(byte[] headerBytes, long dataLength, Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(headerBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TensorFileException(file, "the header is not valid UTF-8: the file is corrupt or not safetensors");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.JsonException e) {
            if (e.duplicateKey() != null) {
                throw new TensorFileException(file, e.duplicateKey(), "the name appears twice in the header");
            }
            throw new TensorFileException(file, "the header is not valid JSON: " + e.getMessage()
                + " at character " + e.position() + near(text, e.position()));
        }
        if (!(parsed instanceof Map)) {
            throw new TensorFileException(file, "the header is not a JSON object but " + kind(parsed));
        }
        Map<?, ?> top = (Map<?, ?>) parsed;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(e.getValue(), metadata, file);
            } else {
                tensors.add(tensorInfo(name, e.getValue(), dataLength, file));
            }
        }
        checkLayout(tensors, dataLength, file);
        return new Header(List.copyOf(tensors), Json.copyOf(metadata), headerBytes.length);
    }

    private static void readMetadata(Object value, Map<String, String> into, Path file) {
        if (!(value instanceof Map)) {
            throw new TensorFileException(file, METADATA_KEY + " must be an object of strings, not " + kind(value));
        }
        for (Map.Entry<?, ?> m : ((Map<?, ?>) value).entrySet()) {
            if (!(m.getValue() instanceof String)) {
                throw new TensorFileException(file, METADATA_KEY + " must map strings to strings, but '" + m.getKey()
                    + "' is " + kind(m.getValue()));
            }
            into.put((String) m.getKey(), (String) m.getValue());
        }
    }

    private static TensorInfo tensorInfo(String name, Object value, long dataLength, Path file) {
        if (!(value instanceof Map)) {
            throw new TensorFileException(file, name, "the header entry is " + kind(value)
                + ", not an object with dtype, shape and data_offsets");
        }
        Map<?, ?> entry = (Map<?, ?>) value;
        for (String key : List.of("dtype", "shape", "data_offsets")) {
            if (!entry.containsKey(key)) {
                throw new TensorFileException(file, name, "the header entry has no " + key);
            }
        }
        Object dtypeValue = entry.get("dtype");
        if (!(dtypeValue instanceof String)) {
            throw new TensorFileException(file, name, "dtype is " + kind(dtypeValue) + ", not a string");
        }
        String dtypeName = (String) dtypeValue;
        DType dtype = DType.fromSafetensors(dtypeName);
        if (dtype == null) {
            if (DType.SAFETENSORS_UNSUPPORTED.contains(dtypeName)) {
                throw new TensorFileException(file, name, "dtype " + dtypeName + " is not supported by cnnc (it reads "
                    + DType.supportedNames() + ")");
            }
            throw new TensorFileException(file, name, "unknown dtype '" + dtypeName + "' (cnnc reads "
                + DType.supportedNames() + ")");
        }
        long[] shape = naturals(entry.get("shape"));
        if (shape == null) {
            throw new TensorFileException(file, name, "shape must be a list of non-negative integers, not "
                + Json.write(jsonSafe(entry.get("shape"))));
        }
        long[] offsets = naturals(entry.get("data_offsets"));
        if (offsets == null || offsets.length != 2) {
            throw new TensorFileException(file, name, "data_offsets must be two non-negative integers [begin, end], not "
                + Json.write(jsonSafe(entry.get("data_offsets"))));
        }
        long begin = offsets[0];
        long end = offsets[1];
        String where = "data_offsets [" + begin + ", " + end + "]";
        if (end < begin) {
            throw new TensorFileException(file, name, where + " end before they begin");
        }
        long needed = HostTensor.byteSizeOrMinusOne(dtype, shape);
        if (needed < 0) {
            throw new TensorFileException(file, name, dtype + " " + HostTensor.shapeString(shape)
                + " would take more than 2^63 bytes");
        }
        if (end - begin != needed) {
            throw new TensorFileException(file, name, where + " hold " + (end - begin) + " bytes, but " + dtype + " "
                + HostTensor.shapeString(shape) + " needs " + needed);
        }
        if (end > dataLength) {
            throw new TensorFileException(file, name, where + " run past the end of the data, which has " + dataLength
                + " bytes after the header: the file is truncated or corrupt");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    /** No overlap, no gap, no trailing bytes: the tensors tile the data, as the reference requires. */
    private static void checkLayout(List<TensorInfo> tensors, long dataLength, Path file) {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (previous != null && t.begin() < previous.end()) {
                throw new TensorFileException(file, t.name(), "its bytes [" + t.begin() + ", " + t.end()
                    + "] overlap those of '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (t.begin() > covered) {
                throw new TensorFileException(file, t.name(), "bytes [" + covered + ", " + t.begin()
                    + "] of the data before it belong to no tensor (safetensors allows no gaps)");
            }
            covered = t.end();
            previous = t;
        }
        if (covered < dataLength) {
            throw new TensorFileException(file, "the last " + (dataLength - covered) + " bytes of the file belong to no"
                + " tensor (the data has " + dataLength + " bytes, the tensors end at " + covered + ")");
        }
    }

    /** A JSON list of non-negative integers as longs, or null if it is anything else. */
    private static long[] naturals(Object value) {
        if (!(value instanceof List)) {
            return null;
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = list.get(i);
            if (!(o instanceof Long) || (Long) o < 0) {
                return null;
            }
            out[i] = (Long) o;
        }
        return out;
    }

    private static Object jsonSafe(Object value) {
        if (value instanceof Double && (((Double) value).isNaN() || ((Double) value).isInfinite())) {
            return value.toString();
        }
        return value;
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private static String near(String text, int position) {
        int from = Math.max(0, position - 20);
        int to = Math.min(text.length(), position + 20);
        if (from >= to) {
            return "";
        }
        StringBuilder b = new StringBuilder(" near '");
        b.append(from > 0 ? "..." : "");
        for (char c : text.substring(from, to).toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.append(to < text.length() ? "..." : "").append('\'').toString();
    }

    static void readFully(FileChannel ch, byte[] into, long position, Path file, String tensor) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into);
        while (b.hasRemaining()) {
            int r = ch.read(b, position + b.position());
            if (r < 0) {
                throw new TensorFileException(file, tensor, "the file ended early (it shrank while being read)");
            }
        }
    }

    // ---- writing ----

    /**
     * Writes {@code dict}'s tensors and metadata to {@code file}, atomically.
     *
     * @throws TensorFileException naming the file if it cannot be written
     */
    public static void write(Path file, StateDict dict) {
        write(file, dict.asMap(), dict.metadata());
    }

    /** Writes {@code tensors} without metadata, atomically. */
    public static void write(Path file, Map<String, HostTensor> tensors) {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} with {@code metadata} (omitted from the header when empty, as
     * {@code save_file(..., metadata=None)} does), atomically.
     *
     * @throws TensorFileException naming the file (and tensor) if a name is {@value #METADATA_KEY}
     *     or the file cannot be written
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors, metadata, file);
        List<Map.Entry<String, HostTensor>> order = layout(tensors);
        AtomicFile.write(file, out -> writeTo(out, header, order));
    }

    /** The bytes of the file, streamed to {@code out}; for tests that interrupt a write. */
    static void writeTo(WritableByteChannel out, Map<String, HostTensor> tensors, Map<String, String> metadata)
        throws IOException {
        writeTo(out, header(tensors, metadata, null), layout(tensors));
    }

    private static void writeTo(WritableByteChannel out, byte[] header, List<Map.Entry<String, HostTensor>> order)
        throws IOException {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        length.flip();
        writeAll(out, length);
        writeAll(out, ByteBuffer.wrap(header));
        for (Map.Entry<String, HostTensor> e : order) {
            writeAll(out, ByteBuffer.wrap(e.getValue().rawData()));
        }
    }

    private static void writeAll(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** The reference writer's order: larger-alignment dtypes first, then names by their UTF-8 bytes. */
    private static List<Map.Entry<String, HostTensor>> layout(Map<String, HostTensor> tensors) {
        List<Map.Entry<String, HostTensor>> order = new ArrayList<>(tensors.entrySet());
        order.sort((a, b) -> {
            int byType = Integer.compare(b.getValue().dtype().ordinal(), a.getValue().dtype().ordinal());
            return byType != 0 ? byType : Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey()));
        });
        return order;
    }

    /** The header JSON, padded with spaces to a multiple of 8 bytes. */
    static byte[] header(Map<String, HostTensor> tensors, Map<String, String> metadata, Path file) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            List<Map.Entry<String, String>> entries = new ArrayList<>(metadata.entrySet());
            entries.sort((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey())));
            Map<String, Object> sorted = new LinkedHashMap<>();
            entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
            json.put(METADATA_KEY, sorted);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : layout(tensors)) {
            if (e.getKey().equals(METADATA_KEY)) {
                throw new TensorFileException(file, e.getKey(), "a tensor cannot be called " + METADATA_KEY
                    + ", the header's key for metadata");
            }
            HostTensor t = e.getValue();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype().safetensorsName());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, offset + t.byteSize()});
            offset += t.byteSize();
            json.put(e.getKey(), entry);
        }
        byte[] text = utf8(Json.write(json));
        int padded = (text.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            return Arrays.copyOf(b.array(), b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a name or metadata entry is not valid Unicode (a lone surrogate): "
                + s, e);
        }
    }
}
