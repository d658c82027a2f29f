package dev.cnnc.compiler.ir;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The checked options of one node or component, in declaration order. Values are
 * {@link Integer}, {@link Double}, {@link Boolean}, {@link String}, {@code int[]} (pairs and
 * lists), {@code double[]}, {@link Padding}, {@link Component} or a list of components.
 */
public final class Attrs {
    public static final Attrs EMPTY = new Attrs(Map.of());

    private final Map<String, Object> values;

    public Attrs(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public Object get(String name) {
        return values.get(name);
    }

    public int i(String name) {
        return (Integer) require(name);
    }

    public double f(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean b(String name) {
        return (Boolean) require(name);
    }

    public String s(String name) {
        return (String) require(name);
    }

    /** A pair attribute ({@code kernel: 3} or {@code kernel: (3, 5)}) as {@code [h, w]}. */
    public int[] pair(String name) {
        return ((int[]) require(name)).clone();
    }

    public Padding padding(String name) {
        return (Padding) require(name);
    }

    public Component component(String name) {
        return (Component) values.get(name);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("attribute `" + name + "` is not set");
        }
        return v;
    }

    /** Deterministic, readable text: {@code filters=64, kernel=3x3, pad=same}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append('=').append(text(e.getValue()));
        }
        return b.toString();
    }

    public static String text(Object v) {
        if (v instanceof int[] a) {
            if (a.length == 2) {
                return a[0] + "x" + a[1];
            }
            return Arrays.toString(a);
        }
        if (v instanceof double[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Attrs other) || other.values.size() != values.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object a = e.getValue();
            Object b = other.values.get(e.getKey());
            if (!Objects.deepEquals(a, b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }
}
