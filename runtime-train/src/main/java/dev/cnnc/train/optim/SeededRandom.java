package dev.cnnc.train.optim;

import java.nio.charset.StandardCharsets;

/**
 * A small, fully specified pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014)
 * with uniform and Gaussian doubles. Written out here rather than taken from the JDK so the
 * numbers a seed gives are part of cnnc's contract: the same seed gives the same weights on
 * every JVM and platform. Not thread-safe; one per parameter or per worker.
 */
public final class SeededRandom {
    private long state;
    private double spare;
    private boolean hasSpare;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /**
     * The seed of one named stream under a global seed (a parameter's, {@code layer1.0.conv1.weight}):
     * a hash of the name mixed with the seed, so each name has its own stream and adding or
     * renaming one parameter leaves every other parameter's values unchanged.
     */
    public static long streamSeed(long seed, String name) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the name's UTF-8 bytes
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(seed ^ mix(h + 0x9E3779B97F4A7C15L));
    }

    /** SplitMix64's finaliser: a bijection of 64-bit values that spreads every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        long r;
        do {
            r = nextLong() >>> 32;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Standard normal N(0, 1) by the Box–Muller transform (values come in pairs). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]: the log is finite
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double a = 2.0 * Math.PI * u2;
        spare = r * Math.sin(a);
        hasSpare = true;
        return r * Math.cos(a);
    }
}
