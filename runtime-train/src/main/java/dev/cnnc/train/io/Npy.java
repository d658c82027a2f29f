package dev.cnnc.train.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NumPy's {@code .npy} format, one array per file: the magic {@code \x93NUMPY}, a version byte
 * pair, the header length (2 bytes little-endian in version 1.0, 4 in 2.0 and 3.0), a header that
 * is a Python dict literal such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}
 * padded with spaces and a newline so that the data starts at a multiple of 64 bytes, then the
 * elements.
 *
 * <p>Reads versions 1.0, 2.0 and 3.0 with dtypes {@code <f8 <f4 <f2 <i8 <i4 <i2 |i1 |u1 |b1}, in C
 * order (Fortran order only where it is the same thing, rank 0 and 1) and little-endian; anything
 * else is a {@link TensorFileException} that says what and how to save it instead. Writes version
 * 1.0 (2.0 for a header over 64 KiB) byte for byte as {@code numpy.save} does, atomically.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** numpy.lib.format.GROWTH_AXIS_MAX_DIGITS: spare spaces so the first axis can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private Npy() {
    }

    // ---- reading ----

    /**
     * Reads the array in {@code file}.
     *
     * @throws TensorFileException naming the file for anything wrong or unsupported
     */
    public static HostTensor read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < MAGIC.length + 2) {
                throw new TensorFileException(file, "not an .npy file: it has only " + size + " bytes");
            }
            byte[] prefix = new byte[MAGIC.length + 2];
            Safetensors.readFully(ch, prefix, 0, file, null);
            for (int i = 0; i < MAGIC.length; i++) {
                if (prefix[i] != MAGIC[i]) {
                    throw new TensorFileException(file, "not an .npy file: it does not start with \\x93NUMPY");
                }
            }
            int major = prefix[6] & 0xff;
            int minor = prefix[7] & 0xff;
            if ((major != 1 && major != 2 && major != 3) || minor != 0) {
                throw new TensorFileException(file, "unsupported .npy format version " + major + "." + minor
                    + " (cnnc reads 1.0, 2.0 and 3.0)");
            }
            int lengthBytes = major == 1 ? 2 : 4;
            long headerStart = MAGIC.length + 2 + lengthBytes;
            if (size < headerStart) {
                throw new TensorFileException(file, "the file ends inside the header length");
            }
            byte[] lengthField = new byte[lengthBytes];
            Safetensors.readFully(ch, lengthField, MAGIC.length + 2, file, null);
            ByteBuffer lb = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = major == 1 ? lb.getShort() & 0xffffL : lb.getInt() & 0xffffffffL;
            if (headerLength > size - headerStart) {
                throw new TensorFileException(file, "the header length is " + headerLength + ", but only "
                    + (size - headerStart) + " bytes follow: the file is truncated");
            }
            byte[] headerBytes = new byte[(int) headerLength];
            Safetensors.readFully(ch, headerBytes, headerStart, file, null);
            String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Layout layout = parseHeader(header, file);
            long dataStart = headerStart + headerLength;
            long needed = HostTensor.byteSizeOrMinusOne(layout.dtype, layout.shape);
            if (needed < 0 || needed > HostTensor.MAX_BYTES) {
                throw new TensorFileException(file, layout.describe() + " takes more than the " + HostTensor.MAX_BYTES
                    + " bytes cnnc holds in one tensor");
            }
            long available = size - dataStart;
            if (available < needed) {
                throw new TensorFileException(file, "the data is truncated: " + layout.describe() + " needs " + needed
                    + " bytes, the file has " + available + " after the header");
            }
            if (available > needed) {
                throw new TensorFileException(file, (available - needed) + " bytes follow the data of "
                    + layout.describe() + " (" + needed + " bytes): the file is corrupt or the header is wrong");
            }
            byte[] data = new byte[(int) needed];
            Safetensors.readFully(ch, data, dataStart, file, null);
            return HostTensor.wrap(layout.dtype, layout.shape, data);
        } catch (IOException e) {
            throw new TensorFileException(file, null, "cannot read: " + AtomicFile.describe(e), e);
        }
    }

    private static final class Layout {
        final DType dtype;
        final long[] shape;
        final String descr;

        Layout(DType dtype, long[] shape, String descr) {
            this.dtype = dtype;
            this.shape = shape;
            this.descr = descr;
        }

        String describe() {
            return "'" + descr + "' " + HostTensor.shapeString(shape);
        }
    }

    /** Parses and checks the header dict; {@code file} is for messages. */
    private static Layout parseHeader(String header, Path file) {
        Object parsed;
        try {
            parsed = new PyLiteral(header).parseAll();
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(file, "the header is not a Python dict literal: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new TensorFileException(file, "the header is not a Python dict literal");
        }
        Map<?, ?> dict = (Map<?, ?>) parsed;
        if (!dict.keySet().equals(KEYS)) {
            throw new TensorFileException(file, "the header has the keys " + keysOf(dict)
                + ", but an .npy header has exactly 'descr', 'fortran_order' and 'shape'");
        }
        Object shapeValue = dict.get("shape");
        long[] shape = shapeOf(shapeValue);
        if (shape == null) {
            throw new TensorFileException(file, "the shape must be a tuple of non-negative integers, not "
                + PyLiteral.repr(shapeValue));
        }
        Object descrValue = dict.get("descr");
        if (!(descrValue instanceof String)) {
            throw new TensorFileException(file, "structured arrays (descr " + PyLiteral.repr(descrValue)
                + ") are not supported: save a plain numeric array");
        }
        String descr = (String) descrValue;
        DType dtype = dtypeOf(descr, file);
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean)) {
            throw new TensorFileException(file, "fortran_order must be True or False, not " + PyLiteral.repr(fortran));
        }
        if ((Boolean) fortran && shape.length > 1) {
            throw new TensorFileException(file, "the array is in Fortran order (fortran_order: True); cnnc reads C order"
                + " only: save numpy.ascontiguousarray(a) instead");
        }
        return new Layout(dtype, shape, descr);
    }

    private static DType dtypeOf(String descr, Path file) {
        if (descr.length() < 2) {
            throw new TensorFileException(file, "unsupported dtype '" + descr + "'");
        }
        char order = descr.charAt(0);
        String code = "<>|=".indexOf(order) >= 0 ? descr.substring(1) : descr;
        DType dtype = null;
        for (DType t : DType.values()) {
            if (t.npyDescr() != null && t.npyDescr().substring(1).equals(code)) {
                dtype = t;
            }
        }
        if (dtype == null) {
            throw new TensorFileException(file, "unsupported dtype '" + descr + "' (cnnc reads <f8, <f4, <f2, <i8, <i4,"
                + " <i2, |i1, |u1 and |b1)");
        }
        if (dtype.size() > 1 && order != '<') {
            if (order == '>') {
                throw new TensorFileException(file, "the data is big-endian ('" + descr + "'); cnnc reads little-endian"
                    + " only: save a.astype('<" + code + "') instead");
            }
            throw new TensorFileException(file, "the dtype '" + descr + "' does not say little-endian ('<" + code
                + "'); cnnc reads little-endian only");
        }
        return dtype;
    }

    private static long[] shapeOf(Object value) {
        if (!(value instanceof PyLiteral.Tuple)) {
            return null;
        }
        List<Object> items = ((PyLiteral.Tuple) value).items();
        long[] shape = new long[items.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(items.get(i) instanceof Long) || (Long) items.get(i) < 0) {
                return null;
            }
            shape[i] = (Long) items.get(i);
        }
        return shape;
    }

    private static String keysOf(Map<?, ?> dict) {
        List<String> keys = new ArrayList<>();
        for (Object k : dict.keySet()) {
            keys.add(PyLiteral.repr(k));
        }
        return "[" + String.join(", ", keys) + "]";
    }

    // ---- writing ----

    /**
     * Writes {@code tensor} to {@code file} as {@code numpy.save} would, atomically.
     *
     * @throws TensorFileException if NumPy has no such dtype (BF16) or the file cannot be written
     */
    public static void write(Path file, HostTensor tensor) {
        byte[] header = header(tensor, file);
        AtomicFile.write(file, out -> {
            ByteBuffer h = ByteBuffer.wrap(header);
            while (h.hasRemaining()) {
                out.write(h);
            }
            ByteBuffer d = tensor.buffer();
            while (d.hasRemaining()) {
                out.write(d);
            }
        });
    }

    /** Magic, version, length and padded header dict: everything before the data. */
    static byte[] header(HostTensor tensor, Path file) {
        String descr = tensor.dtype().npyDescr();
        if (descr == null) {
            throw new TensorFileException(file, "NumPy has no " + tensor.dtype() + " type: convert first, e.g. with"
                + " tensor.to(DType.F32)");
        }
        long[] shape = tensor.shape();
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
            .append(tupleRepr(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int lengthBytes = 2;
        int padded = paddedLength(text.length, lengthBytes);
        if (padded > 0xffff) {
            lengthBytes = 4;
            padded = paddedLength(text.length, lengthBytes);
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + lengthBytes + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lengthBytes == 2) {
            b.putShort((short) padded);
        } else {
            b.putInt(padded);
        }
        b.put(text);
        while (b.position() < b.limit() - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** The header length NumPy writes: text, spaces (at least one) and newline, ending on a multiple of 64. */
    private static int paddedLength(int textLength, int lengthBytes) {
        int withNewline = textLength + 1;
        int pad = ALIGN - (MAGIC.length + 2 + lengthBytes + withNewline) % ALIGN;
        return withNewline + pad;
    }

    private static String tupleRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(')').toString();
    }

    /**
     * The Python literals an .npy header can hold: dicts, tuples, lists, strings, integers (with
     * Python 2's {@code L} suffix), True, False and None, with any spacing.
     */
    static final class PyLiteral {
        /** A Python tuple, as distinct from a list. */
        record Tuple(List<Object> items) {
        }

        private final String text;
        private int pos;

        PyLiteral(String text) {
            this.text = text;
        }

        Object parseAll() {
            skipSpace();
            Object v = value(0);
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected " + here() + " after the dict");
            }
            return v;
        }

        private Object value(int depth) {
            if (depth > 32) {
                throw error("nesting too deep");
            }
            skipSpace();
            int c = peek();
            if (c == '{') {
                return dict(depth);
            }
            if (c == '(' || c == '[') {
                return sequence(depth, (char) c);
            }
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return integer();
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                String word = text.substring(start, pos);
                switch (word) {
                    case "True":
                        return Boolean.TRUE;
                    case "False":
                        return Boolean.FALSE;
                    case "None":
                        return null;
                    default:
                        pos = start;
                        throw error("unexpected name '" + word + "'");
                }
            }
            throw error("unexpected " + here() + ", expected a value");
        }

        private Map<Object, Object> dict(int depth) {
            Map<Object, Object> map = new LinkedHashMap<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                int keyAt = pos;
                Object key = value(depth + 1);
                skipSpace();
                expect(':');
                Object v = value(depth + 1);
                if (map.containsKey(key)) {
                    pos = keyAt;
                    throw error("duplicate key " + repr(key));
                }
                map.put(key, v);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("unexpected " + here() + ", expected ',' or '}'");
                }
            }
        }

        private Object sequence(int depth, char open) {
            char close = open == '(' ? ')' : ']';
            List<Object> items = new ArrayList<>();
            boolean comma = false;
            pos++;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    // (x) is x in Python; (x,) and () are tuples
                    if (open == '(' && items.size() == 1 && !comma) {
                        return items.get(0);
                    }
                    return open == '(' ? new Tuple(Collections.unmodifiableList(items)) : items;
                }
                items.add(value(depth + 1));
                skipSpace();
                comma = false;
                if (peek() == ',') {
                    pos++;
                    comma = true;
                } else if (peek() != close) {
                    throw error("unexpected " + here() + ", expected ',' or '" + close + "'");
                }
            }
        }

        private String string() {
            char quote = text.charAt(pos);
            int start = pos;
            pos++;
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= text.length() || text.charAt(pos) == '\n') {
                    pos = start;
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == quote) {
                    return b.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'n':
                            b.append('\n');
                            break;
                        case 't':
                            b.append('\t');
                            break;
                        case 'r':
                            b.append('\r');
                            break;
                        case '0':
                            b.append('\0');
                            break;
                        default:
                            b.append(e);
                            break;
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private Object integer() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            int digits = pos;
            while (peek() >= '0' && peek() <= '9') {
                pos++;
            }
            if (pos == digits) {
                throw error("expected a digit");
            }
            String literal = text.substring(start, pos);
            if (peek() == 'L' || peek() == 'l') {
                pos++;
            }
            if (peek() == '.' || peek() == 'e' || peek() == 'E' || peek() == 'j') {
                throw error("only integers are expected in an .npy header");
            }
            BigInteger v = new BigInteger(literal);
            if (v.bitLength() >= 64) {
                throw error("integer " + literal + " is too large");
            }
            return v.longValue();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("unexpected " + here() + ", expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private int peek() {
            return pos < text.length() ? text.charAt(pos) : -1;
        }

        private String here() {
            if (pos >= text.length()) {
                return "end of header";
            }
            char c = text.charAt(pos);
            return c < 0x20 ? String.format("character U+%04X", (int) c) : "'" + c + "'";
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at character " + pos + " of "
                + repr(text.length() > 120 ? text.substring(0, 120) + "..." : text));
        }

        /** A value as Python's repr would print it, for messages. */
        static String repr(Object v) {
            if (v == null) {
                return "None";
            }
            if (v instanceof Boolean) {
                return (Boolean) v ? "True" : "False";
            }
            if (v instanceof String) {
                String s = (String) v;
                StringBuilder b = new StringBuilder("'");
                for (char c : s.toCharArray()) {
                    if (c == '\'' || c == '\\') {
                        b.append('\\').append(c);
                    } else if (c == '\n') {
                        b.append("\\n");
                    } else if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
                return b.append('\'').toString();
            }
            if (v instanceof Tuple) {
                List<Object> items = ((Tuple) v).items();
                StringBuilder b = new StringBuilder("(");
                for (int i = 0; i < items.size(); i++) {
                    b.append(i > 0 ? ", " : "").append(repr(items.get(i)));
                }
                return b.append(items.size() == 1 ? ",)" : ")").toString();
            }
            if (v instanceof List) {
                StringBuilder b = new StringBuilder("[");
                List<?> items = (List<?>) v;
                for (int i = 0; i < items.size(); i++) {
                    b.append(i > 0 ? ", " : "").append(repr(items.get(i)));
                }
                return b.append(']').toString();
            }
            if (v instanceof Map) {
                StringBuilder b = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    b.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                    first = false;
                }
                return b.append('}').toString();
            }
            return String.valueOf(v);
        }
    }
}
