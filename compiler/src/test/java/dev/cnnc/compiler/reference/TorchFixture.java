package dev.cnnc.compiler.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader of {@code /reference/torch_fixtures.txt}, the PyTorch values made by
 * {@code gen_torch_fixtures.py} (its header describes the line format). Numbers are written
 * with Python's {@code repr}, which {@link Double#parseDouble} reads back bit-exactly.
 */
final class TorchFixture {
    static final String RESOURCE = "/reference/torch_fixtures.txt";

    /** One case: a name, the op it exercises, and its named values. */
    record Case(String name, String op, Map<String, int[]> ints, Map<String, Double> reals,
                Map<String, String> words, Map<String, Tensor> tensors) {

        int[] ints(String key) {
            return require(ints, key);
        }

        int i(String key) {
            return ints(key)[0];
        }

        double real(String key) {
            return require(reals, key);
        }

        String word(String key) {
            return require(words, key);
        }

        Tensor tensor(String key) {
            return require(tensors, key);
        }

        /** The tensor, or null when the case has none by that name (an optional bias). */
        Tensor optional(String key) {
            return tensors.get(key);
        }

        boolean has(String key) {
            return tensors.containsKey(key);
        }

        private <T> T require(Map<String, T> m, String key) {
            T v = m.get(key);
            if (v == null) {
                throw new IllegalArgumentException("fixture case " + name + " has no " + key);
            }
            return v;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private TorchFixture() {
    }

    static List<Case> load() {
        InputStream in = TorchFixture.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the test resources");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Case> parse(BufferedReader r) throws IOException {
        List<Case> cases = new ArrayList<>();
        String name = null;
        String op = null;
        Map<String, int[]> ints = null;
        Map<String, Double> reals = null;
        Map<String, String> words = null;
        Map<String, Tensor> tensors = null;
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(" ");
            String where = RESOURCE + ":" + lineNo;
            if (f[0].equals("case")) {
                name = f[1];
                op = f[2];
                ints = new LinkedHashMap<>();
                reals = new LinkedHashMap<>();
                words = new LinkedHashMap<>();
                tensors = new LinkedHashMap<>();
                continue;
            }
            if (name == null) {
                throw new IllegalStateException(where + ": item outside a case");
            }
            switch (f[0]) {
                case "int":
                    ints.put(f[1], Arrays.stream(f, 2, f.length).mapToInt(Integer::parseInt).toArray());
                    break;
                case "real":
                    reals.put(f[1], Double.parseDouble(f[2]));
                    break;
                case "str":
                    words.put(f[1], f[2]);
                    break;
                case "tensor": {
                    int[] shape = Arrays.stream(f[2].split(",")).mapToInt(Integer::parseInt).toArray();
                    double[] v = Arrays.stream(f, 3, f.length).mapToDouble(Double::parseDouble).toArray();
                    tensors.put(f[1], Tensor.of(v, shape));
                    break;
                }
                case "end":
                    cases.add(new Case(name, op, ints, reals, words, tensors));
                    name = null;
                    break;
                default:
                    throw new IllegalStateException(where + ": unknown item " + f[0]);
            }
        }
        if (name != null) {
            throw new IllegalStateException(RESOURCE + ": case " + name + " has no end");
        }
        return cases;
    }
}
