package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.data.DataException;
import dev.cnnc.train.data.ImageFolderDataset;
import dev.cnnc.train.data.ImageInput;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Npy;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the conversion of an image of any size and colour to a model's input, against
 * PyTorch (a fixture made once by {@code predict/make_fixture.py}) and against a naive
 * double-precision implementation written here. Needs no OpenCL device.
 */
class ImageInputTest {
    static final Path FIX = CliTest.ROOT.resolve("cli/src/test/resources/predict");
    static final double TOLERANCE = 1e-5;

    /** PyTorch's interpolate(bilinear, align_corners=False, antialias=False) and BT.601 grey, as converted by cnnc. */
    @Test
    void matchesPyTorch() {
        check("rgb.png", "rgb_to_grey_5x7.npy", new int[] {1, 5, 7});
        check("rgb.png", "rgb_to_grey_20x31.npy", new int[] {1, 20, 31});
        check("rgb.png", "rgb_to_rgb_6x17.npy", new int[] {3, 6, 17});
        check("grey.png", "grey_to_rgb_4x9.npy", new int[] {3, 4, 9});
    }

    private static void check(String image, String expected, int[] chw) {
        HostTensor want = Npy.read(FIX.resolve(expected));
        assertArrayEquals(new long[] {chw[0], chw[1], chw[2]}, want.shape(), expected);
        float[] got = new float[chw[0] * chw[1] * chw[2]];
        ImageInput.load(FIX.resolve(image), chw, got, 0);
        assertClose(want.toFloatArray(), got, expected);
    }

    /** Random images of odd sizes, shrunk, enlarged, greyed and repeated, against the naive reference. */
    @Test
    void matchesANaiveReference() {
        Random rnd = new Random(18);
        int[][] sizes = {{480, 640}, {9, 13}, {28, 28}, {1, 1}, {3, 50}, {57, 2}};
        int[][] targets = {{28, 28}, {5, 7}, {20, 31}, {1, 1}, {32, 32}, {28, 28}};
        for (int c : new int[] {1, 3}) {
            for (int[] s : sizes) {
                float[] img = new float[c * s[0] * s[1]];
                for (int i = 0; i < img.length; i++) {
                    img[i] = rnd.nextInt(256) / 255f;
                }
                for (int[] t : targets) {
                    for (int outC : new int[] {1, 3}) {
                        int[] chw = {outC, t[0], t[1]};
                        float[] got = ImageInput.convert(img, c, s[0], s[1], chw);
                        double[] want = naive(img, c, s[0], s[1], chw);
                        String what = c + "×" + s[0] + "×" + s[1] + " to " + outC + "×" + t[0] + "×" + t[1];
                        assertEquals(want.length, got.length, what);
                        for (int i = 0; i < want.length; i++) {
                            assertEquals(want[i], got[i], TOLERANCE, what + " at " + i);
                        }
                    }
                }
            }
        }
    }

    /**
     * The reference, pixel by pixel in doubles and in the other order: each source channel is
     * sampled bilinearly (PyTorch's align_corners=False coordinates), then the three samples
     * are greyed, or the one sample repeated.
     */
    private static double[] naive(float[] img, int c, int h, int w, int[] chw) {
        int outH = chw[1];
        int outW = chw[2];
        double[] out = new double[chw[0] * outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                double[] v = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    v[ch] = sample(img, ch, h, w, (y + 0.5) * h / outH - 0.5, (x + 0.5) * w / outW - 0.5);
                }
                for (int o = 0; o < chw[0]; o++) {
                    double value;
                    if (c == chw[0]) {
                        value = v[o];
                    } else if (c == 3) {
                        value = 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2];
                    } else {
                        value = v[0];
                    }
                    out[(o * outH + y) * outW + x] = value;
                }
            }
        }
        return out;
    }

    /** Channel {@code ch} at the real position (sy, sx): negative positions are 0, the last row and column repeat. */
    private static double sample(float[] img, int ch, int h, int w, double sy, double sx) {
        sy = Math.max(sy, 0);
        sx = Math.max(sx, 0);
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        double ty = sy - y0;
        double tx = sx - x0;
        double sum = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int yy = Math.min(y0 + dy, h - 1);
                int xx = Math.min(x0 + dx, w - 1);
                double weight = (dy == 0 ? 1 - ty : ty) * (dx == 0 ? 1 - tx : tx);
                sum += weight * img[(ch * h + yy) * w + xx];
            }
        }
        return sum;
    }

    /** A photo-sized pure red PNG becomes a 28×28 grey plane of 0.299 (red's luma). */
    @Test
    void aRedPhotoBecomesItsLuma(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("red.png");
        ImageIO.write(filled(640, 480, BufferedImage.TYPE_INT_RGB, Color.RED), "png", f.toFile());
        float[] x = new float[28 * 28];
        ImageInput.Conversion c = ImageInput.load(f, new int[] {1, 28, 28}, x, 0);
        for (float v : x) {
            assertEquals(0.299, v, TOLERANCE);
        }
        assertEquals(List.of("resized from 640×480 to 28×28", "RGB converted to grey"), c.notes(new int[] {1, 28, 28}));
    }

    /** Alpha is dropped; a palette image is read as its colours; an image that fits is taken as it is. */
    @Test
    void alphaAndPaletteImages(@TempDir Path dir) throws IOException {
        Path rgba = dir.resolve("rgba.png");
        ImageIO.write(filled(10, 6, BufferedImage.TYPE_INT_ARGB, new Color(0, 255, 0, 40)), "png", rgba.toFile());
        float[] x = new float[3 * 6 * 10];
        ImageInput.Conversion c = ImageInput.load(rgba, new int[] {3, 6, 10}, x, 0);
        assertEquals(List.of("its alpha channel is dropped"), c.notes(new int[] {3, 6, 10}));
        for (int i = 0; i < x.length; i++) {
            assertEquals(i / 60 == 1 ? 1f : 0f, x[i], 0f, "at " + i);
        }
        Path palette = dir.resolve("palette.png");
        ImageIO.write(filled(5, 5, BufferedImage.TYPE_BYTE_INDEXED, Color.BLUE), "png", palette.toFile());
        float[] g = new float[3 * 3];
        ImageInput.load(palette, new int[] {1, 3, 3}, g, 0);
        for (float v : g) {
            assertEquals(0.114, v, TOLERANCE);
        }
        float[] same = {0.25f, 0.5f, 0.75f, 1f};
        assertTrue(same == ImageInput.convert(same, 1, 2, 2, new int[] {1, 2, 2}), "nothing to convert");
    }

    /** A file that is not an image, or is cut short, is a DataException naming the file and why. */
    @Test
    void badFilesAreNamed(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        DataException e = assertThrows(DataException.class, () -> ImageFolderDataset.read(text));
        assertTrue(e.getMessage().contains("notes.png: not a PNG, JPEG, BMP or GIF image"), e.getMessage());
        Path missing = dir.resolve("missing.png");
        e = assertThrows(DataException.class, () -> ImageFolderDataset.read(missing));
        assertTrue(e.getMessage().contains("missing.png: file not found"), e.getMessage());
        Path whole = dir.resolve("whole.png");
        ImageIO.write(filled(64, 64, BufferedImage.TYPE_INT_RGB, Color.ORANGE), "png", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(DataException.class, () -> ImageFolderDataset.read(cut));
        assertTrue(e.getMessage().contains("cut.png: truncated or corrupt PNG data"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    static BufferedImage filled(int w, int h, int type, Color colour) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static void assertClose(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], TOLERANCE, what + " at " + i);
        }
    }

    /**
     * Issue 18: the `nearest` interpolation a model may declare picks the source pixels PyTorch's
     * {@code F.interpolate(x, size=(1, out), mode="nearest")} picks (the tables below, printed by
     * PyTorch 1.13 for x = arange(in)), and a naive double-precision rule agrees.
     */
    @Test
    void nearestPicksPyTorchsPixels() {
        int[][] cases = {{13, 5}, {9, 28}, {280, 28}, {7, 3}, {5, 13}, {10, 7}};
        int[][] pytorch = {{0, 2, 5, 7, 10}, {0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7,
            8, 8, 8}, {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210,
            220, 230, 240, 250, 260, 270}, {0, 2, 4}, {0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4}, {0, 1, 2, 4, 5, 7, 8}};
        for (int k = 0; k < cases.length; k++) {
            int in = cases[k][0];
            int out = cases[k][1];
            float[] row = new float[in];
            for (int i = 0; i < in; i++) {
                row[i] = i;
            }
            float[] got = ImageInput.resizeNearest(row, 1, 1, in, 1, out);
            for (int d = 0; d < out; d++) {
                assertEquals(pytorch[k][d], (int) got[d], in + " -> " + out + " at " + d);
                assertEquals(Math.min((int) Math.floor(d * (double) in / out), in - 1), (int) got[d], "naive");
            }
        }
        // the whole path: a 3x3 grey image to 1x6x6 repeats each pixel in a 2x2 block
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] big = ImageInput.convert(img, 1, 3, 3, new int[] {1, 6, 6}, ImageInput.NEAREST);
        assertEquals(5f, big[2 * 6 + 2]);
        assertEquals(5f, big[3 * 6 + 3]);
        assertEquals(9f, big[5 * 6 + 5]);
        assertThrows(IllegalArgumentException.class, () -> ImageInput.convert(img, 1, 3, 3, new int[] {1, 6, 6},
                "bicubic"));
    }
}
