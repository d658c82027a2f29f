package dev.cnnc.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationsTest {
    /** A [c, h, w] image of distinct values in (0, 1]: 1 + index, scaled. */
    private static float[] ramp(int c, int h, int w) {
        float[] img = new float[c * h * w];
        for (int i = 0; i < img.length; i++) {
            img[i] = (i + 1f) / img.length;
        }
        return img;
    }

    /**
     * A generator seeded as the loader does, through a 64-bit mix: java.util.Random's first outputs
     * for consecutive small seeds are nearly equal.
     */
    private static Random rnd(long seed) {
        return new Random(DataLoader.mix(seed));
    }

    private static float at(float[] img, int h, int w, int ch, int y, int x) {
        return img[(ch * h + y) * w + x];
    }

    private static Augmentation aug(String name, Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Augmentations.create(name, m);
    }

    // ---- the factory ----

    @Test
    void namesAreTheCatalogs() {
        assertEquals(List.of("translate", "random_crop", "hflip", "vflip", "rotate", "scale", "shear", "brightness",
                "contrast", "saturation", "hue", "cutout", "random_erasing"), Augmentations.names());
        assertEquals(List.of("p", "min_area", "max_area"), Augmentations.optionNames("random_erasing"));
        assertEquals(List.of("size", "p"), Augmentations.optionNames("cutout"));
    }

    @Test
    void defaultsAreTheCatalogs() {
        assertEquals(new Augmentations.Flip(true, 0.5), aug("hflip"));
        assertEquals(new Augmentations.Flip(false, 0.5), aug("vflip"));
        assertEquals(new Augmentations.Cutout(8, 1.0), aug("cutout", "size", 8));
        assertEquals(new Augmentations.RandomErasing(0.5, 0.02, 0.33), aug("random_erasing"));
        assertEquals(new Augmentations.Translate(2), aug("translate", "pixels", 2.0));
        assertEquals(new Augmentations.Scale(0.9, 1.1), aug("scale", "min", 0.9, "max", 1.1));
        assertEquals("random_erasing(p: 0.5, min_area: 0.02, max_area: 0.33)", aug("random_erasing").toString());
        assertEquals("translate(pixels: 2)", aug("translate", "pixels", 2).toString());
    }

    @Test
    void factoryRejectsWithClearMessages() {
        assertEquals("unknown augmentation 'flip'; known: translate, random_crop, hflip, vflip, rotate, scale, shear, "
                + "brightness, contrast, saturation, hue, cutout, random_erasing",
                assertThrows(IllegalArgumentException.class, () -> aug("flip")).getMessage());
        assertEquals("augmentation hflip has no option 'q'; its options: p",
                assertThrows(IllegalArgumentException.class, () -> aug("hflip", "q", 1)).getMessage());
        assertEquals("augmentation translate needs option pixels (an integer ≥ 1)",
                assertThrows(IllegalArgumentException.class, () -> aug("translate")).getMessage());
        assertEquals("augmentation translate: option pixels must be an integer, got 2.5",
                assertThrows(IllegalArgumentException.class, () -> aug("translate", "pixels", 2.5)).getMessage());
        assertEquals("augmentation translate: option pixels must be ≥ 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> aug("translate", "pixels", 0)).getMessage());
        assertEquals("augmentation hflip: option p must be [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> aug("hflip", "p", 1.5)).getMessage());
        assertEquals("augmentation rotate: option degrees must be (0, 180], got 0",
                assertThrows(IllegalArgumentException.class, () -> aug("rotate", "degrees", 0)).getMessage());
        assertEquals("augmentation shear: option degrees must be (0, 90), got 90",
                assertThrows(IllegalArgumentException.class, () -> aug("shear", "degrees", 90)).getMessage());
        assertEquals("augmentation hue: option delta must be (0, 0.5], got 0.6",
                assertThrows(IllegalArgumentException.class, () -> aug("hue", "delta", 0.6)).getMessage());
        assertEquals("augmentation scale: min (1.2) must not exceed max (1.1)",
                assertThrows(IllegalArgumentException.class, () -> aug("scale", "min", 1.2, "max", 1.1)).getMessage());
        assertEquals("augmentation hflip: option p must be a number, got yes (String)",
                assertThrows(IllegalArgumentException.class, () -> aug("hflip", "p", "yes")).getMessage());
        assertEquals("augmentation saturation needs 3-channel (RGB) images; the data has 1 channel",
                assertThrows(IllegalArgumentException.class,
                        () -> aug("saturation", "min", 0.5, "max", 1.5).check(1, 28, 28)).getMessage());
        assertEquals("augmentation hue needs 3-channel (RGB) images; the data has 1 channel",
                assertThrows(IllegalArgumentException.class, () -> aug("hue", "delta", 0.1).check(1, 28, 28))
                        .getMessage());
    }

    // ---- flips ----

    @Test
    void hflipMirrorsAndVflipFlips() {
        int c = 2;
        int h = 3;
        int w = 4;
        float[] src = ramp(c, h, w);
        float[] a = src.clone();
        aug("hflip", "p", 1.0).apply(a, c, h, w, rnd(1));
        float[] b = src.clone();
        aug("vflip", "p", 1).apply(b, c, h, w, rnd(1));
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    assertEquals(at(src, h, w, ch, y, w - 1 - x), at(a, h, w, ch, y, x));
                    assertEquals(at(src, h, w, ch, h - 1 - y, x), at(b, h, w, ch, y, x));
                }
            }
        }
    }

    @Test
    void probabilityZeroLeavesTheImageUnchanged() {
        List<Augmentation> never = List.of(aug("hflip", "p", 0), aug("vflip", "p", 0), aug("cutout", "size", 3, "p", 0),
                aug("random_erasing", "p", 0.0));
        for (Augmentation a : never) {
            for (int seed = 0; seed < 50; seed++) {
                float[] img = ramp(3, 5, 6);
                a.apply(img, 3, 5, 6, rnd(seed));
                assertArrayEquals(ramp(3, 5, 6), img, a.toString());
            }
        }
    }

    @Test
    void flipProbabilityIsRespected() {
        Augmentation a = aug("hflip");
        int flipped = 0;
        for (int seed = 0; seed < 2000; seed++) {
            float[] img = ramp(1, 2, 2);
            a.apply(img, 1, 2, 2, rnd(seed));
            flipped += img[0] == ramp(1, 2, 2)[0] ? 0 : 1;
        }
        // binomial(2000, 0.5): mean 1000, sd 22.4; ±5 sd
        assertTrue(flipped > 888 && flipped < 1112, "flipped " + flipped);
    }

    // ---- shifts ----

    @Test
    void shiftMovesWithZeroFill() {
        int c = 2;
        int h = 4;
        int w = 5;
        for (int dx = -5; dx <= 5; dx++) {
            for (int dy = -4; dy <= 4; dy++) {
                float[] src = ramp(c, h, w);
                float[] img = src.clone();
                Augmentations.shift(img, c, h, w, dx, dy);
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int sy = y - dy;
                            int sx = x - dx;
                            float want = sy >= 0 && sy < h && sx >= 0 && sx < w ? at(src, h, w, ch, sy, sx) : 0f;
                            assertEquals(want, at(img, h, w, ch, y, x), dx + "," + dy);
                        }
                    }
                }
            }
        }
    }

    /** The (dx, dy) shift that turns src into img, or null when img is not a zero-filled shift of src. */
    private static int[] findShift(float[] src, float[] img, int c, int h, int w, int range) {
        for (int dx = -range; dx <= range; dx++) {
            for (int dy = -range; dy <= range; dy++) {
                float[] t = src.clone();
                Augmentations.shift(t, c, h, w, dx, dy);
                if (Arrays.equals(t, img)) {
                    return new int[] {dx, dy};
                }
            }
        }
        return null;
    }

    @Test
    void translateAndRandomCropShiftByUpToTheirRange() {
        for (String name : new String[] {"translate", "random_crop"}) {
            Augmentation a = aug(name, name.equals("translate") ? "pixels" : "pad", 2);
            Set<String> seen = new HashSet<>();
            for (int seed = 0; seed < 400; seed++) {
                float[] src = ramp(1, 6, 7);
                float[] img = src.clone();
                a.apply(img, 1, 6, 7, rnd(seed));
                int[] s = findShift(src, img, 1, 6, 7, 3);
                assertTrue(s != null && Math.abs(s[0]) <= 2 && Math.abs(s[1]) <= 2, name + " seed " + seed);
                seen.add(s[0] + "," + s[1]);
            }
            assertEquals(25, seen.size(), name + ": every shift in [-2, 2]² occurs");
        }
    }

    // ---- affine ----

    @Test
    void rotate90OfASquareIsARotation() {
        int n = 5;
        float[] src = ramp(2, n, n);
        float[] img = src.clone();
        Augmentations.rotate(img, 2, n, n, 90);
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    // counter-clockwise as displayed: numpy's rot90, out[y][x] = in[x][n-1-y]
                    assertEquals(at(src, n, n, ch, x, n - 1 - y), at(img, n, n, ch, y, x));
                }
            }
        }
        // even size, centre between pixels: still a permutation; four quarter turns give the image back
        float[] even = ramp(1, 4, 4);
        float[] e = even.clone();
        for (int i = 0; i < 4; i++) {
            Augmentations.rotate(e, 1, 4, 4, 90);
        }
        assertArrayEquals(even, e);
        // 180° = both flips
        float[] r = ramp(1, 3, 4);
        Augmentations.rotate(r, 1, 3, 4, 180);
        float[] f = ramp(1, 3, 4);
        Augmentations.hflip(f, 1, 3, 4);
        Augmentations.vflip(f, 1, 3, 4);
        assertArrayEquals(f, r);
    }

    @Test
    void rotationFillsCornersWithZero() {
        int n = 9;
        float[] img = new float[n * n];
        Arrays.fill(img, 1f);
        Augmentations.rotate(img, 1, n, n, 45);
        assertEquals(0f, img[0]);
        assertEquals(0f, img[n * n - 1]);
        assertEquals(1f, img[4 * n + 4], 1e-6f);
        // the centre pixel is the fixed point of any rotation
        float[] r = ramp(1, n, n);
        float centre = r[4 * n + 4];
        Augmentations.rotate(r, 1, n, n, 33.3);
        assertEquals(centre, r[4 * n + 4], 1e-6f);
    }

    @Test
    void rotateDrawsItsAngleInRange() {
        Augmentation a = aug("rotate", "degrees", 30);
        for (int seed = 0; seed < 20; seed++) {
            float[] img = ramp(1, 7, 7);
            a.apply(img, 1, 7, 7, rnd(seed));
            double theta = (2 * rnd(seed).nextDouble() - 1) * 30;
            float[] want = ramp(1, 7, 7);
            Augmentations.rotate(want, 1, 7, 7, theta);
            assertArrayEquals(want, img);
        }
    }

    @Test
    void bilinearSampling() {
        // shear moves row y by tan φ · (y - cy) pixels: half a pixel gives the mean of two neighbours
        int h = 3;
        int w = 4;
        float[] src = ramp(1, h, w);
        float[] img = src.clone();
        double phi = Math.toDegrees(Math.atan(0.5));
        Augmentations.shear(img, 1, h, w, phi);
        for (int x = 0; x < w; x++) {
            assertEquals(at(src, h, w, 0, 1, x), at(img, h, w, 0, 1, x), "the centre row does not move");
        }
        // row 2 moves right by 0.5: out(x) = (in(x - 1) + in(x)) / 2, with 0 left of the image
        assertEquals(0.5f * at(src, h, w, 0, 2, 0), at(img, h, w, 0, 2, 0), 1e-7f);
        for (int x = 1; x < w; x++) {
            assertEquals(0.5f * (at(src, h, w, 0, 2, x - 1) + at(src, h, w, 0, 2, x)), at(img, h, w, 0, 2, x), 1e-7f);
        }
        // row 0 moves left by 0.5
        for (int x = 0; x < w - 1; x++) {
            assertEquals(0.5f * (at(src, h, w, 0, 0, x) + at(src, h, w, 0, 0, x + 1)), at(img, h, w, 0, 0, x), 1e-7f);
        }
        assertEquals(0.5f * at(src, h, w, 0, 0, w - 1), at(img, h, w, 0, 0, w - 1), 1e-7f);
    }

    @Test
    void scaleAboutTheCentre() {
        int n = 5;
        float[] src = ramp(1, n, n);
        float[] same = src.clone();
        Augmentations.scale(same, 1, n, n, 1.0);
        assertArrayEquals(src, same);
        // ×2: output (x, y) samples the source at centre + offset / 2
        float[] big = src.clone();
        Augmentations.scale(big, 1, n, n, 2.0);
        assertEquals(at(src, n, n, 0, 2, 2), at(big, n, n, 0, 2, 2));
        assertEquals(at(src, n, n, 0, 1, 1), at(big, n, n, 0, 0, 0));
        assertEquals(0.5f * (at(src, n, n, 0, 2, 2) + at(src, n, n, 0, 2, 3)), at(big, n, n, 0, 2, 3), 1e-7f);
        // ×0.5: output (0, 0) samples (-2, -2), outside: 0; the centre stays
        float[] small = src.clone();
        Augmentations.scale(small, 1, n, n, 0.5);
        assertEquals(0f, small[0]);
        assertEquals(at(src, n, n, 0, 2, 2), at(small, n, n, 0, 2, 2));
        assertEquals(at(src, n, n, 0, 0, 0), at(small, n, n, 0, 1, 1));
        Augmentation a = aug("scale", "min", 0.8, "max", 1.25);
        float[] r = src.clone();
        a.apply(r, 1, n, n, rnd(3));
        double s = 0.8 + 0.45 * rnd(3).nextDouble();
        float[] want = src.clone();
        Augmentations.scale(want, 1, n, n, s);
        assertArrayEquals(want, r);
    }

    // ---- photometric ----

    @Test
    void brightnessAddsBetaAndClamps() {
        float[] img = {0.1f, 0.5f, 0.95f, 0f};
        Augmentations.brightness(img, 4, 0.1);
        assertArrayEquals(new float[] {0.1f + 0.1f, 0.5f + 0.1f, 1f, 0.1f}, img);
        Augmentations.brightness(img, 4, -0.3);
        assertArrayEquals(new float[] {0f, 0.6f - 0.3f, 0.7f, 0f}, img, 1e-7f);
        Augmentation a = aug("brightness", "delta", 0.2);
        for (int seed = 0; seed < 20; seed++) {
            float[] x = {0.4f, 0.5f, 0.6f};
            a.apply(x, 1, 1, 3, rnd(seed));
            float beta = x[0] - 0.4f;
            assertTrue(Math.abs(beta) <= 0.2f + 1e-6f);
            assertEquals(0.5f + beta, x[1], 1e-6f);
            assertEquals(0.6f + beta, x[2], 1e-6f);
        }
    }

    @Test
    void contrastMultipliesByAlphaAndClamps() {
        float[] img = {0.1f, 0.5f, 0.8f};
        Augmentations.contrast(img, 3, 1.5);
        assertArrayEquals(new float[] {1.5f * 0.1f, 0.75f, 1f}, img);
        Augmentation a = aug("contrast", "min", 0.5, "max", 0.9);
        for (int seed = 0; seed < 20; seed++) {
            float[] x = {0.2f, 0.6f};
            a.apply(x, 1, 1, 2, rnd(seed));
            float alpha = x[0] / 0.2f;
            assertTrue(alpha >= 0.5f - 1e-6f && alpha <= 0.9f + 1e-6f, "alpha " + alpha);
            assertEquals(alpha * 0.6f, x[1], 1e-6f);
        }
    }

    // torchvision 0.14 references: img = [[[1, .2, .5, .3]], [[0, .6, .5, .9]], [[0, .9, .5, .1]]] (3×1×4),
    // F.adjust_saturation(img, f), F.adjust_hue(img, h), printed by /usr/bin/python3.
    private static final float[] RGB = {1f, 0.2f, 0.5f, 0.3f, 0f, 0.6f, 0.5f, 0.9f, 0f, 0.9f, 0.5f, 0.1f};

    @Test
    void saturationZeroGivesGreyAndMatchesTorchvision() {
        float[] img = RGB.clone();
        Augmentations.saturation(img, 1, 4, 0.0);
        for (int k = 0; k < 4; k++) {
            assertEquals(img[k], img[4 + k]);
            assertEquals(img[k], img[8 + k]);
            assertEquals(0.2989f * RGB[k] + 0.587f * RGB[4 + k] + 0.114f * RGB[8 + k], img[k], 1e-7f);
        }
        float[] one = RGB.clone();
        Augmentations.saturation(one, 1, 4, 1.0);
        assertArrayEquals(RGB, one, 1e-7f);
        float[] half = RGB.clone();
        Augmentations.saturation(half, 1, 4, 0.5);
        assertArrayEquals(new float[] {0.6494500041007996f, 0.35728999972343445f, 0.4999750256538391f,
                0.46468499302864075f, 0.14945000410079956f, 0.5572900176048279f, 0.4999750256538391f,
                0.7646849751472473f, 0.14945000410079956f, 0.70728999376297f, 0.4999750256538391f,
                0.3646849989891052f}, half, 1e-6f);
        float[] more = RGB.clone();
        Augmentations.saturation(more, 1, 4, 1.7);
        assertArrayEquals(new float[] {1.0f, 0.0f, 0.5000350475311279f, 0.06944108009338379f, 0.0f,
                0.6597940921783447f, 0.5000350475311279f, 1.0f, 0.0f, 1.0f, 0.5000350475311279f, 0.0f}, more, 1e-6f);
    }

    @Test
    void hueMatchesTorchvision() {
        float[] a = RGB.clone();
        Augmentations.hue(a, 1, 4, 0.25);
        assertArrayEquals(new float[] {0.5f, 0.8499998450279236f, 0.5f, 0.1000000461935997f, 1.0f,
                0.19999998807907104f, 0.5f, 0.7000002264976501f, 0.0f, 0.8999999761581421f, 0.5f,
                0.8999999761581421f}, a, 1e-6f);
        float[] b = RGB.clone();
        Augmentations.hue(b, 1, 4, -0.4);
        assertArrayEquals(new float[] {0.0f, 0.8800001740455627f, 0.5f, 0.8999999761581421f, 0.39999985694885254f,
                0.8999999761581421f, 0.5f, 0.1000000461935997f, 1.0f, 0.19999998807907104f, 0.5f,
                0.6200001239776611f}, b, 1e-6f);
        float[] z = RGB.clone();
        Augmentations.hue(z, 1, 4, 0.0);
        assertArrayEquals(RGB, z, 1e-6f);
        // a full turn is the identity; red + 1/3 turn is green
        float[] red = {1f, 0f, 0f};
        Augmentations.hue(red, 1, 1, 1.0 / 3);
        assertArrayEquals(new float[] {0f, 1f, 0f}, red, 1e-6f);
    }

    // ---- erasing ----

    /** Bounding box [y0, x0, y1, x1) of the zeros of a channel, and their count. */
    private static int[] zeros(float[] img, int h, int w, int ch) {
        int y0 = h;
        int x0 = w;
        int y1 = -1;
        int x1 = -1;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (at(img, h, w, ch, y, x) == 0f) {
                    n++;
                    y0 = Math.min(y0, y);
                    x0 = Math.min(x0, x);
                    y1 = Math.max(y1, y + 1);
                    x1 = Math.max(x1, x + 1);
                }
            }
        }
        return new int[] {y0, x0, y1, x1, n};
    }

    @Test
    void cutoutZeroesASizeBySizeSquare() {
        Augmentation a = aug("cutout", "size", 4);
        Set<String> corners = new HashSet<>();
        for (int seed = 0; seed < 300; seed++) {
            float[] img = new float[3 * 9 * 10];
            Arrays.fill(img, 1f);
            a.apply(img, 3, 9, 10, rnd(seed));
            int[] z = zeros(img, 9, 10, 0);
            assertEquals(16, z[4]);
            assertEquals(4, z[2] - z[0]);
            assertEquals(4, z[3] - z[1]);
            for (int ch = 1; ch < 3; ch++) {
                assertArrayEquals(z, zeros(img, 9, 10, ch), "same square in every channel");
            }
            corners.add(z[0] + "," + z[1]);
        }
        assertEquals(6 * 7, corners.size(), "every place where the square fits occurs");
        float[] small = new float[4];
        Arrays.fill(small, 1f);
        aug("cutout", "size", 5).apply(small, 1, 2, 2, rnd(1));
        assertArrayEquals(new float[4], small, "a square larger than the image zeroes all of it");
    }

    @Test
    void randomErasingZeroesARectangleOfTheAskedArea() {
        Augmentation a = aug("random_erasing", "p", 1, "min_area", 0.1, "max_area", 0.2);
        int h = 20;
        int w = 30;
        int erased = 0;
        for (int seed = 0; seed < 200; seed++) {
            float[] img = new float[h * w];
            Arrays.fill(img, 0.5f);
            a.apply(img, 1, h, w, rnd(seed));
            int[] z = zeros(img, h, w, 0);
            if (z[4] == 0) {
                continue; // ten tries without a fit: allowed, rare
            }
            erased++;
            int eh = z[2] - z[0];
            int ew = z[3] - z[1];
            assertEquals(eh * ew, z[4], "a filled rectangle");
            assertTrue(eh < h && ew < w);
            // area target in [0.1, 0.2]·600 = [60, 120]; rounding each side moves the area by < (eh + ew)/2 + 1/4
            double slack = (eh + ew) / 2.0 + 0.25;
            assertTrue(z[4] >= 60 - slack && z[4] <= 120 + slack, "area " + z[4]);
            double ratio = (double) eh / ew;
            assertTrue(ratio > 0.3 * 0.5 && ratio < 3.3 * 2, "aspect " + ratio);
        }
        assertTrue(erased > 180, "erased " + erased);
    }

    // ---- determinism ----

    @Test
    void sameRandomGivesSameResult() {
        List<Augmentation> all = List.of(aug("translate", "pixels", 3), aug("random_crop", "pad", 2), aug("hflip"),
                aug("vflip"), aug("rotate", "degrees", 20), aug("scale", "min", 0.9, "max", 1.2),
                aug("shear", "degrees", 10), aug("brightness", "delta", 0.2), aug("contrast", "min", 0.7, "max", 1.3),
                aug("saturation", "min", 0.5, "max", 1.5), aug("hue", "delta", 0.1), aug("cutout", "size", 3),
                aug("random_erasing"));
        for (Augmentation a : all) {
            boolean differs = false;
            for (int seed = 0; seed < 10; seed++) {
                float[] x = ramp(3, 8, 8);
                float[] y = ramp(3, 8, 8);
                a.apply(x, 3, 8, 8, rnd(seed));
                a.apply(y, 3, 8, 8, rnd(seed));
                assertArrayEquals(x, y, a.toString());
                for (float v : x) {
                    assertFalse(v < 0f || v > 1f || Float.isNaN(v), a + " keeps pixels in [0, 1]");
                }
                differs |= !Arrays.equals(x, ramp(3, 8, 8));
            }
            assertTrue(differs, a + " changes some image");
        }
        assertNotEquals(0, all.size());
    }
}
