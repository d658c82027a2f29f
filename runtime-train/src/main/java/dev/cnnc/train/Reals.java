package dev.cnnc.train;

import dev.cnnc.runtime.opencl.ClBuffer;

/** Host arrays to and from a program's `real` buffers, which hold floats or doubles. */
public final class Reals {
    private Reals() {
    }

    public static void write(ClBuffer b, double[] v, boolean fp64) {
        if (fp64) {
            b.write(v);
            return;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        b.write(f);
    }

    public static void write(ClBuffer b, float[] v, boolean fp64) {
        if (!fp64) {
            b.write(v);
            return;
        }
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i];
        }
        b.write(d);
    }

    public static void read(ClBuffer b, float[] into, boolean fp64) {
        if (!fp64) {
            b.read(into);
            return;
        }
        double[] d = new double[into.length];
        b.read(d);
        for (int i = 0; i < d.length; i++) {
            into[i] = (float) d[i];
        }
    }

    /** Reads {@code n} reals as doubles whatever the program's precision. */
    public static double[] read(ClBuffer b, int n, boolean fp64) {
        double[] out = new double[n];
        if (fp64) {
            b.read(out);
            return out;
        }
        float[] f = new float[n];
        b.read(f);
        for (int i = 0; i < n; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /** Reads {@code n} fp16 values (a mixed-precision program's half buffer) as doubles. */
    public static double[] readHalf(ClBuffer b, int n) {
        byte[] raw = new byte[2 * n];
        b.read(raw);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = dev.cnnc.train.io.HalfPrecision.halfToFloat((short) ((raw[2 * i] & 0xff) | (raw[2 * i + 1] << 8)));
        }
        return out;
    }
}
