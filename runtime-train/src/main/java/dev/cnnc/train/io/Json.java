package dev.cnnc.train.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON that safetensors headers are made of (RFC 8259), read and written without a
 * dependency. Objects become {@link LinkedHashMap}s in file order (a repeated key is an error, as
 * two tensors of one name would be), arrays {@link List}s, strings {@link String}s, integers
 * {@link Long} (or {@link BigInteger} past 64 bits), other numbers {@link Double}, and
 * true/false/null {@link Boolean} and null. Nesting is limited to {@value #MAX_DEPTH} levels so that
 * a hostile header cannot overflow the stack. Writing is compact and escapes as serde_json (the
 * reference implementation's serializer) does, so headers come out byte for byte the same.
 * Public for the other small JSON files of cnnc (the tuning cache).
 */
public final class Json {
    static final int MAX_DEPTH = 64;

    /** Malformed JSON; {@link #position()} is the index of the offending character. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int position;
        private final String duplicateKey;

        JsonException(String message, int position) {
            this(message, position, null);
        }

        JsonException(String message, int position, String duplicateKey) {
            super(message);
            this.position = position;
            this.duplicateKey = duplicateKey;
        }

        int position() {
            return position;
        }

        /** The key that appeared twice in the top-level object, if that is the problem; else null. */
        String duplicateKey() {
            return duplicateKey;
        }
    }

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** The one value {@code text} holds; whitespace may surround it, nothing else. */
    public static Object parse(String text) throws JsonException {
        Json p = new Json(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws JsonException {
        if (depth >= MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of text, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected " + describeHere() + ", expected a value");
        }
    }

    private Map<String, Object> object(int depth) throws JsonException {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeHere() + ", expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':', "after the key \"" + key + "\"");
            skipWhitespace();
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                throw new JsonException("duplicate key \"" + key + "\"", keyAt, depth == 0 ? key : null);
            }
            map.put(key, v);
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}', "or ',' in an object");
            return map;
        }
    }

    private List<Object> array(int depth) throws JsonException {
        List<Object> list = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']', "or ',' in an array");
            return list;
        }
    }

    private String string() throws JsonException {
        int start = pos;
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new JsonException("unterminated string", start);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            if (c != '\\') {
                b.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= text.length()) {
                throw new JsonException("unterminated string", start);
            }
            char e = text.charAt(pos);
            pos++;
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    b.append(e);
                    break;
                case 'b':
                    b.append('\b');
                    break;
                case 'f':
                    b.append('\f');
                    break;
                case 'n':
                    b.append('\n');
                    break;
                case 'r':
                    b.append('\r');
                    break;
                case 't':
                    b.append('\t');
                    break;
                case 'u':
                    char unit = hex4();
                    if (Character.isHighSurrogate(unit)) {
                        if (!text.startsWith("\\u", pos)) {
                            throw error("lone UTF-16 surrogate \\u" + String.format("%04x", (int) unit));
                        }
                        pos += 2;
                        char low = hex4();
                        if (!Character.isLowSurrogate(low)) {
                            throw error("lone UTF-16 surrogate \\u" + String.format("%04x", (int) unit));
                        }
                        b.append(unit).append(low);
                    } else if (Character.isLowSurrogate(unit)) {
                        throw error("lone UTF-16 surrogate \\u" + String.format("%04x", (int) unit));
                    } else {
                        b.append(unit);
                    }
                    break;
                default:
                    pos -= 2;
                    throw error("invalid escape \\" + e + " in a string");
            }
        }
    }

    private char hex4() throws JsonException {
        if (pos + 4 > text.length()) {
            throw error("unterminated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw new JsonException("invalid \\u escape", pos + i);
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("unexpected " + describeHere() + ", expected a digit");
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("unexpected " + describeHere() + ", expected a digit after '.'");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("unexpected " + describeHere() + ", expected a digit in the exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        String literal = text.substring(start, pos);
        if (!integer) {
            return Double.parseDouble(literal);
        }
        BigInteger big = new BigInteger(literal);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private Object word(String word, Object value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describeHere() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c, String where) throws JsonException {
        if (peek() != c) {
            throw error("unexpected " + describeHere() + ", expected '" + c + "' " + where);
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "end of text";
        }
        int c = text.codePointAt(pos);
        if (c < 0x20 || c == 0x7f) {
            return String.format("character U+%04X", c);
        }
        return "'" + new String(Character.toChars(c)) + "'";
    }

    private JsonException error(String message) {
        return new JsonException(message, pos);
    }

    // ---- writing ----

    /** {@code value} as compact JSON (no spaces), in map order. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object value) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof String) {
            quote(b, (String) value);
        } else if (value instanceof Map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, (String) e.getKey());
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (value instanceof List) {
            b.append('[');
            boolean first = true;
            for (Object o : (List<?>) value) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, o);
            }
            b.append(']');
        } else if (value instanceof long[]) {
            b.append('[');
            long[] a = (long[]) value;
            for (int i = 0; i < a.length; i++) {
                b.append(i > 0 ? "," : "").append(a[i]);
            }
            b.append(']');
        } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger
            || value instanceof Boolean) {
            b.append(value);
        } else if (value instanceof Double) {
            double d = (Double) value;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            b.append(d);
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /**
     * {@code s} as a JSON string, escaped as serde_json escapes: {@code "} and {@code \}, the
     * short escapes for \b \f \n \r \t, a backslash-u escape (lower-case hex) for other control characters, and
     * everything else (non-ASCII included) as it is.
     */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\b':
                    b.append("\\b");
                    break;
                case '\f':
                    b.append("\\f");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                    break;
            }
        }
        b.append('"');
    }

    /** An unmodifiable copy of a parsed map, for callers that keep it. */
    static Map<String, String> copyOf(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
