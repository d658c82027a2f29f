package dev.cnnc.train.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesWhatHeadersHold() throws Exception {
        Object v = Json.parse(" {\"__metadata__\":{\"format\":\"pt\"},\n\t\"w\" : {\"dtype\":\"F32\",\"shape\":[2, 3],"
            + "\"data_offsets\":[0,24]}, \"x\": [true, false, null, -0.5e1, 1E2, 0, -7]}   ");
        Map<?, ?> top = (Map<?, ?>) v;
        assertEquals(List.of("__metadata__", "w", "x"), List.copyOf(top.keySet()));
        assertEquals(Map.of("format", "pt"), top.get("__metadata__"));
        Map<?, ?> w = (Map<?, ?>) top.get("w");
        assertEquals(List.of(2L, 3L), w.get("shape"));
        assertEquals(List.of(0L, 24L), w.get("data_offsets"));
        List<?> x = (List<?>) top.get("x");
        assertEquals(Boolean.TRUE, x.get(0));
        assertEquals(Boolean.FALSE, x.get(1));
        assertNull(x.get(2));
        assertEquals(-5.0, x.get(3));
        assertEquals(100.0, x.get(4));
        assertEquals(0L, x.get(5));
        assertEquals(-7L, x.get(6));
        assertEquals(new BigInteger("18446744073709551616"), Json.parse("18446744073709551616"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    }

    @Test
    void stringEscapes() throws Exception {
        assertEquals("a\"b\\c/d\b\f\n\r\t\u00fc\u20ac\ud83d\ude00",
            Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00fc\u20ac\\ud83d\\ude00\""));
        assertEquals("\u00fc", Json.parse("\"\u00fc\""));
    }

    @Test
    void malformedJsonIsRefusedWithThePlace() {
        assertError("{\"a\":1,}", "unexpected '}', expected a string key", 7);
        assertError("[1,2,]", "unexpected ']', expected a value", 5);
        assertError("{\"a\" 1}", "unexpected '1', expected ':' after the key \"a\"", 5);
        assertError("{\"a\":1", "unexpected end of text, expected '}' or ',' in an object", 6);
        assertError("[01]", "leading zero in a number", 2);
        assertError("[1.]", "unexpected ']', expected a digit after '.'", 3);
        assertError("[-]", "unexpected ']', expected a digit", 2);
        assertError("\"abc", "unterminated string", 0);
        assertError("\"a\nb\"", "control character U+000A in a string", 2);
        assertError("\"\\x\"", "invalid escape \\x in a string", 1);
        assertError("\"\\ud83d\"", "lone UTF-16 surrogate \\ud83d", 7);
        assertError("{\"a\":1,\"a\":2}", "duplicate key \"a\"", 7);
        assertError("{} x", "unexpected 'x' after the JSON value", 3);
        assertError("tru", "unexpected 't', expected a value", 0);
        assertError("'a'", "unexpected ''', expected a value", 0);
        assertError("", "unexpected end of text, expected a value", 0);
        assertError("[".repeat(100), "nesting deeper than 64 levels", 64);
    }

    @Test
    void duplicateKeysAtTheTopAreNamed() {
        Json.JsonException top = assertThrows(Json.JsonException.class, () -> Json.parse("{\"w\":1,\"w\":2}"));
        assertEquals("w", top.duplicateKey());
        Json.JsonException inner = assertThrows(Json.JsonException.class,
            () -> Json.parse("{\"w\":{\"dtype\":1,\"dtype\":2}}"));
        assertNull(inner.duplicateKey());
    }

    @Test
    void writesCompactlyWithSerdeEscapes() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a\"b", List.of(1L, 2L));
        m.put("s", "t\tn\nq\"b\\u\u0001\u001f\u00fc\u2192/");
        m.put("shape", new long[] {6, 1, 5, 5});
        m.put("e", new long[0]);
        m.put("o", Map.of());
        assertEquals("{\"a\\\"b\":[1,2],\"s\":\"t\\tn\\nq\\\"b\\\\u\\u0001\\u001f\u00fc\u2192/\",\"shape\":[6,1,5,5],"
            + "\"e\":[],\"o\":{}}", Json.write(m));
        Map<?, ?> back = (Map<?, ?>) Json.parse(Json.write(m));
        assertEquals(m.get("s"), back.get("s"));
    }

    private static void assertError(String text, String message, int position) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(text), text);
        assertEquals(message, e.getMessage(), text);
        assertEquals(position, e.position(), text);
    }
}
