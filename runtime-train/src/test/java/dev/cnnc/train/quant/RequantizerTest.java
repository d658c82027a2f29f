package dev.cnnc.train.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequantizerTest {
    /** acc · m / 2^n rounded to nearest, ties away from zero, in exact decimal arithmetic. */
    private static long exact(int acc, Requantizer r) {
        BigDecimal product = new BigDecimal(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(r.multiplier())));
        BigDecimal quotient = product.divide(new BigDecimal(BigInteger.TWO.pow(r.shift()))); // exact: a power of 2
        return quotient.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static int randomAcc(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return rnd.nextInt(); // anywhere in int32
            case 1:
                return rnd.nextInt(1 << 20) - (1 << 19);
            case 2:
                return rnd.nextInt(2001) - 1000;
            default:
                return rnd.nextBoolean() ? Integer.MAX_VALUE - rnd.nextInt(3) : Integer.MIN_VALUE + rnd.nextInt(3);
        }
    }

    private static double randomMultiplier(Random rnd) {
        return Math.pow(2, -32 + rnd.nextDouble() * 61.9); // log-uniform in [2^-32, 2^29.9]
    }

    @Test
    void theFixedPointMultiplierIsWithinTwoToTheMinus31OfTheRealOne() {
        Random rnd = new Random(10);
        for (int t = 0; t < 100_000; t++) {
            double m = randomMultiplier(rnd);
            Requantizer r = Requantizer.of(m);
            assertTrue(r.multiplier() >= 1 << 30, "m " + r.multiplier());
            assertTrue(r.shift() >= 1 && r.shift() <= 62, "shift " + r.shift());
            assertTrue(Math.abs(r.real() - m) <= m * 0x1p-31, "M " + m + " as " + r);
        }
        assertEquals(new Requantizer(1 << 30, 31), Requantizer.of(0.5));
        assertEquals(new Requantizer(1 << 30, 30), Requantizer.of(1.0));
        // f just below 1 rounds up to 2^31: renormalised to 2^30 and one bit less of shift
        assertEquals(new Requantizer(1 << 30, 30), Requantizer.of(Math.nextDown(1.0)));
    }

    @Test
    void applyEqualsTheExactRoundedProductForRandomPairs() {
        Random rnd = new Random(11);
        for (int t = 0; t < 200_000; t++) {
            Requantizer r = Requantizer.of(randomMultiplier(rnd));
            int acc = randomAcc(rnd);
            long want = exact(acc, r);
            assertEquals(want, r.scale(acc), "acc " + acc + " with " + r);
            assertEquals((int) Math.max(-127, Math.min(127, want)), r.apply(acc));
            assertEquals((int) Math.max(0, Math.min(127, want)), r.apply(acc, true));
        }
    }

    @Test
    void applyIsWithinHalfAStepOfTheRealMultiplierToo() {
        Random rnd = new Random(12);
        for (int t = 0; t < 50_000; t++) {
            double m = Math.pow(2, -20 + rnd.nextDouble() * 20);
            int acc = rnd.nextInt(1 << 24) - (1 << 23);
            Requantizer r = Requantizer.of(m);
            double real = acc * m;
            assertTrue(Math.abs(r.scale(acc) - real) <= 0.5 + Math.abs(real) * 0x1p-31 + 1e-9, acc + " · " + m);
        }
    }

    @Test
    void tiesRoundAwayFromZero() {
        Requantizer half = Requantizer.of(0.5); // exactly m / 2^n = 1/2
        assertEquals(1, half.scale(1));
        assertEquals(-1, half.scale(-1));
        assertEquals(2, half.scale(3));
        assertEquals(-2, half.scale(-3));
        assertEquals(3, half.scale(5));
        assertEquals(-3, half.scale(-5));
        Requantizer quarter = Requantizer.of(0.25);
        assertEquals(1, quarter.scale(2)); // 0.5
        assertEquals(0, quarter.scale(1)); // 0.25
        assertEquals(-1, quarter.scale(-3)); // -0.75
        assertEquals(-1, quarter.scale(-2)); // -0.5
        assertEquals(2, quarter.scale(6)); // 1.5
        // symmetric: q(-acc) = -q(acc)
        Random rnd = new Random(13);
        for (int t = 0; t < 10_000; t++) {
            Requantizer r = Requantizer.of(randomMultiplier(rnd));
            int acc = rnd.nextInt(Integer.MAX_VALUE);
            assertEquals(-r.scale(acc), r.scale(-acc));
        }
    }

    @Test
    void extremeAccumulatorsSaturateWithoutOverflow() {
        Requantizer big = Requantizer.of(Math.nextDown(0x1p29));
        assertEquals(127, big.apply(Integer.MAX_VALUE));
        assertEquals(-127, big.apply(Integer.MIN_VALUE));
        assertEquals(0, big.apply(Integer.MIN_VALUE, true));
        assertEquals(exact(Integer.MIN_VALUE, big), big.scale(Integer.MIN_VALUE));
        assertEquals(exact(Integer.MAX_VALUE, big), big.scale(Integer.MAX_VALUE));
        Requantizer largest = new Requantizer(Integer.MAX_VALUE, 1);
        assertEquals(exact(Integer.MIN_VALUE, largest), largest.scale(Integer.MIN_VALUE));
        assertEquals(-127, largest.apply(Integer.MIN_VALUE));
        Requantizer smallest = new Requantizer(1 << 30, 62);
        assertEquals(0, smallest.scale(Integer.MAX_VALUE));
        assertEquals(-1, smallest.scale(Integer.MIN_VALUE)); // -2^31 · 2^-32 = -0.5, away from zero
        assertEquals(127, big.apply(1));
        assertEquals(-127, big.apply(-1));
    }

    @Test
    void multipliersTooSmallToMatterGiveZeroAndTooLargeOnesAreRefused() {
        Requantizer tiny = Requantizer.of(0x1p-33);
        assertEquals(0, tiny.multiplier());
        assertEquals(0, tiny.scale(Integer.MIN_VALUE));
        assertEquals(0, tiny.scale(Integer.MAX_VALUE));
        assertEquals(new Requantizer(0, 31), Requantizer.of(0));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(0x1p30));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(Math.nextDown(0x1p30)));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(-1e-3));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Requantizer(1 << 29, 10));
        assertThrows(IllegalArgumentException.class, () -> new Requantizer(1 << 30, 63));
    }

    @Test
    void perChannelMultipliersComeFromTheFloatScales() {
        Requantizer[] r = Requantizer.perChannel(0.02f, new float[] {0.001f, 0.5f}, 0.1f);
        assertEquals(Requantizer.of(0.02f * (double) 0.001f / 0.1f), r[0]);
        assertEquals(Requantizer.of(0.02f * (double) 0.5f / 0.1f), r[1]);
    }
}
