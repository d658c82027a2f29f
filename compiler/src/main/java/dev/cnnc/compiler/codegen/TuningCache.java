package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.train.io.AtomicFile;
import dev.cnnc.train.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The file where {@code cnnc tune} keeps the GEMM tilings it measured, so that later compiles on
 * the same device reuse them: {@code $CNNC_TUNE_CACHE}, else {@code $XDG_CACHE_HOME/cnnc/tune.json},
 * else {@code ~/.cache/cnnc/tune.json}. Entries are keyed by device (name, driver version, OpenCL
 * version), precision and product shape ({@link Tuning#key}):
 * <pre>
 * {"format": "cnnc-tune-1", "devices": {
 *   "cpu-x | driver 6.0 | OpenCL 3.0 PoCL | fp32": {"device": "cpu-x", "driver": "6.0",
 *     "opencl": "OpenCL 3.0 PoCL", "precision": "fp32", "gemm": {
 *       "M=64 N=3136 K=576 batches=8 sums=1 A=rows": {"rows": 8, "vectors": 2, "group": 8, "ms": 9.1,
 *         "default_ms": 9.8}}}}}
 * </pre>
 * A new driver or device gets a key of its own, so stale measurements are never applied. The file
 * is written atomically ({@link AtomicFile}) and merged with what it held. Reading never fails: a
 * file that cannot be read or parsed, or an entry that is not a valid tiling for the device, is
 * ignored with a warning and the defaults are used.
 */
public final class TuningCache {
    public static final String ENV = "CNNC_TUNE_CACHE";
    static final String FORMAT = "cnnc-tune-1";

    /** A measured winner: its tiling, its time per launch and the default's, in ms. */
    public record Entry(GemmTiling tiling, double ms, double defaultMs) {
    }

    private TuningCache() {
    }

    /** The cache file the environment names (see the class comment). */
    public static Path defaultPath() {
        return defaultPath(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultPath(Map<String, String> env, String home) {
        String file = env.get(ENV);
        if (file != null && !file.isBlank()) {
            return Path.of(file);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache");
        return base.resolve("cnnc").resolve("tune.json");
    }

    /** The device's entries for {@code precision}: name, driver and OpenCL version, precision. */
    public static String deviceKey(DeviceInfo d, Precision precision) {
        return d.name().trim() + " | driver " + d.driverVersion().trim() + " | " + d.deviceVersion().trim() + " | "
                + precision.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The tuning for {@code device} and {@code precision}: its kind's defaults plus the valid
     * entries of {@code file} for it. Problems go to {@code warn} and are otherwise ignored.
     */
    public static Tuning load(Path file, DeviceInfo device, Precision precision, Consumer<String> warn) {
        boolean gpu = device.type() != DeviceInfo.Type.CPU;
        Tuning t = Tuning.defaults(gpu);
        for (Map.Entry<String, Entry> e : read(file, device, precision, warn).entrySet()) {
            t = t.with(e.getKey(), e.getValue().tiling());
        }
        return t;
    }

    /** The valid entries of {@code file} for {@code device} and {@code precision}, by shape. */
    public static Map<String, Entry> read(Path file, DeviceInfo device, Precision precision, Consumer<String> warn) {
        Map<String, Entry> out = new TreeMap<>();
        Map<String, Object> devices = devices(file, warn);
        if (devices == null) {
            return out;
        }
        String key = deviceKey(device, precision);
        Object section = devices.get(key);
        if (section == null) {
            return out;
        }
        Object gemm = section instanceof Map<?, ?> m ? m.get("gemm") : null;
        if (!(gemm instanceof Map<?, ?> entries)) {
            warn.accept("tuning cache " + file + ": the entry of " + key + " has no \"gemm\" object; ignored");
            return out;
        }
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String shape = (String) e.getKey();
            try {
                Entry entry = entry(e.getValue());
                if (entry.tiling().groupWidth() > device.maxWorkGroupSize()) {
                    throw new IllegalArgumentException("group width " + entry.tiling().groupWidth() + " exceeds the "
                            + "device's work-group limit " + device.maxWorkGroupSize());
                }
                out.put(shape, entry);
            } catch (IllegalArgumentException bad) {
                warn.accept("tuning cache " + file + ": ignoring the entry for " + shape + " on " + key + ": "
                        + bad.getMessage());
            }
        }
        return out;
    }

    /**
     * Adds {@code winners} to the entries of {@code device} and {@code precision} in {@code file}
     * (creating it and its folder), keeping every other entry; a file that cannot be parsed is
     * replaced, with a warning. Written atomically.
     *
     * @throws java.io.UncheckedIOException or {@link dev.cnnc.train.io.TensorFileException} when the
     *     file cannot be written
     */
    public static void store(Path file, DeviceInfo device, Precision precision, Map<String, Entry> winners,
                             Consumer<String> warn) {
        Map<String, Object> devices = devices(file, warn);
        Map<String, Object> all = new TreeMap<>(devices == null ? Map.of() : devices);
        String key = deviceKey(device, precision);
        Map<String, Object> gemm = new TreeMap<>();
        Object old = all.get(key);
        if (old instanceof Map<?, ?> section && section.get("gemm") instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                gemm.put((String) e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Entry> w : winners.entrySet()) {
            Entry e = w.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", (long) e.tiling().rows());
            m.put("vectors", (long) e.tiling().vectors());
            m.put("group", (long) e.tiling().groupWidth());
            m.put("ms", round(e.ms()));
            m.put("default_ms", round(e.defaultMs()));
            gemm.put(w.getKey(), m);
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("device", device.name().trim());
        section.put("driver", device.driverVersion().trim());
        section.put("opencl", device.deviceVersion().trim());
        section.put("precision", precision.name().toLowerCase(Locale.ROOT));
        section.put("gemm", gemm);
        all.put(key, section);
        byte[] text = format(all).getBytes(StandardCharsets.UTF_8);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the folder of " + file + ": " + e.getMessage(), e);
        }
        AtomicFile.write(file, ch -> ch.write(ByteBuffer.wrap(text)));
    }

    /** The "devices" object of {@code file}; null when there is none or it cannot be used (with a warning). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> devices(Path file, Consumer<String> warn) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            Object root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(root instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))) {
                warn.accept("tuning cache " + file + " is not a " + FORMAT + " file; ignored (defaults used)");
                return null;
            }
            if (!(m.get("devices") instanceof Map<?, ?> devices)) {
                warn.accept("tuning cache " + file + " has no \"devices\" object; ignored (defaults used)");
                return null;
            }
            return (Map<String, Object>) devices;
        } catch (Json.JsonException e) {
            warn.accept("tuning cache " + file + " is not valid JSON (" + e.getMessage() + "); ignored (defaults used)");
            return null;
        } catch (IOException | java.io.UncheckedIOException e) {
            warn.accept("cannot read the tuning cache " + file + " (" + e.getMessage() + "); defaults used");
            return null;
        }
    }

    private static Entry entry(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not an object");
        }
        GemmTiling t = new GemmTiling(integer(m, "rows"), integer(m, "vectors"), integer(m, "group"));
        return new Entry(t, number(m, "ms"), number(m, "default_ms"));
    }

    private static int integer(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("\"" + field + "\" is not an integer: " + v);
        }
        return (int) (long) l;
    }

    private static double number(Map<?, ?> m, String field) {
        Object v = m.get(field);
        return v instanceof Number n ? n.doubleValue() : Double.NaN; // times are for people; a missing one is harmless
    }

    private static Object round(double ms) {
        return Double.isFinite(ms) ? Math.round(ms * 1e4) / 1e4 : null;
    }

    /** One device and one entry per line, so that the file reads (and diffs) well. */
    private static String format(Map<String, Object> devices) {
        StringBuilder b = new StringBuilder("{\"format\": \"" + FORMAT + "\", \"devices\": {");
        String sep = "\n";
        for (Map.Entry<String, Object> d : devices.entrySet()) {
            b.append(sep).append("  ").append(Json.write(d.getKey())).append(": {");
            Map<?, ?> section = (Map<?, ?>) d.getValue();
            String inner = "";
            for (Map.Entry<?, ?> f : section.entrySet()) {
                b.append(inner).append(Json.write(f.getKey())).append(": ");
                if ("gemm".equals(f.getKey()) && f.getValue() instanceof Map<?, ?> g) {
                    b.append('{');
                    String s = "\n";
                    for (Map.Entry<?, ?> e : g.entrySet()) {
                        b.append(s).append("    ").append(Json.write(e.getKey())).append(": ")
                                .append(Json.write(e.getValue()));
                        s = ",\n";
                    }
                    b.append(g.isEmpty() ? "}" : "\n  }");
                } else {
                    b.append(Json.write(f.getValue()));
                }
                inner = ", ";
            }
            b.append('}');
            sep = ",\n";
        }
        return b.append(devices.isEmpty() ? "}}\n" : "\n}}\n").toString();
    }
}
