package dev.cnnc.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir
    Path tmp;

    /** An RGB image (type given) with pixel (x, y) = (r, g, b) = (10x + y, 100 + x, 200 + y) and alpha 7. */
    private static BufferedImage rgb(int type, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 7 << 24 | (10 * x + y) << 16 | (100 + x) << 8 | (200 + y));
            }
        }
        return img;
    }

    /** A grey image with pixel (x, y) = 20x + 3y + seed. */
    private static BufferedImage grey(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, 20 * x + 3 * y + seed);
            }
        }
        return img;
    }

    private Path save(BufferedImage img, String cls, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("root").resolve(cls));
        Path f = dir.resolve(name);
        String format = name.endsWith(".png") ? "png" : "jpg";
        assertTrue(ImageIO.write(img, format, f.toFile()), "no writer for " + format);
        return f;
    }

    @Test
    void greyFolder() throws IOException {
        save(grey(4, 3, 0), "zebra", "b.png");
        save(grey(4, 3, 1), "zebra", "a.png");
        save(grey(4, 3, 2), "ant", "x.png");
        Files.writeString(tmp.resolve("root/ant/notes.txt"), "not an image");
        Files.writeString(tmp.resolve("root/README"), "a file at the top is not a class");
        ImageFolderDataset ds = ImageFolderDataset.open(tmp.resolve("root"));
        assertEquals(List.of("ant", "zebra"), ds.classes());
        assertEquals(3, ds.size());
        assertArrayEquals(new int[] {1, 3, 4}, ds.sampleShape());
        assertEquals(0, ds.label(0));
        assertEquals(1, ds.label(1));
        assertEquals(1, ds.label(2));
        assertEquals("a.png", ds.file(1).getFileName().toString());
        float[] px = new float[13];
        ds.copySample(1, px, 1); // zebra/a.png, seed 1
        assertEquals(0f, px[0]);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals((20 * x + 3 * y + 1) / 255f, px[1 + y * 4 + x], "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void rgbAndArgbFolderDropsAlpha() throws IOException {
        save(rgb(BufferedImage.TYPE_INT_RGB, 5, 2), "cat", "1.png");
        save(rgb(BufferedImage.TYPE_INT_ARGB, 5, 2), "dog", "1.png");
        ImageFolderDataset ds = ImageFolderDataset.open(tmp.resolve("root"));
        assertArrayEquals(new int[] {3, 2, 5}, ds.sampleShape());
        for (int i = 0; i < 2; i++) {
            float[] px = new float[30];
            ds.copySample(i, px, 0);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 5; x++) {
                    int k = y * 5 + x;
                    assertEquals((10 * x + y) / 255f, px[k]);
                    assertEquals((100 + x) / 255f, px[10 + k]);
                    assertEquals((200 + y) / 255f, px[20 + k]);
                }
            }
        }
    }

    @Test
    void jpegIsRead() throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, 0x808080);
            }
        }
        save(img, "c", "p.jpeg");
        save(img, "c", "q.JPG");
        ImageFolderDataset ds = ImageFolderDataset.open(tmp.resolve("root"));
        assertEquals(2, ds.size());
        float[] px = new float[3 * 64];
        ds.copySample(0, px, 0);
        for (float v : px) {
            assertEquals(128 / 255f, v, 3 / 255f, "flat grey survives JPEG");
        }
    }

    @Test
    void differentSizeIsNamed() throws IOException {
        save(grey(4, 3, 0), "a", "1.png");
        Path odd = save(grey(4, 4, 0), "b", "2.png");
        DataException e = assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp.resolve("root")));
        assertEquals(odd + ": image is 4×4 with 1 channel (grey) but " + tmp.resolve("root/a/1.png") + " is 4×3 with 1 "
                + "channel (grey); all images of a folder dataset must have the same size and colour channels",
                e.getMessage());
    }

    @Test
    void differentChannelCountIsNamed() throws IOException {
        save(grey(4, 3, 0), "a", "1.png");
        Path odd = save(rgb(BufferedImage.TYPE_INT_RGB, 4, 3), "a", "2.png");
        DataException e = assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp.resolve("root")));
        assertTrue(e.getMessage().startsWith(odd + ": image is 4×3 with 3 channels (RGB) but "), e.getMessage());
    }

    @Test
    void unreadableImageIsNamed() throws IOException {
        save(grey(4, 3, 0), "a", "1.png");
        Path bad = tmp.resolve("root/a/2.png");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5});
        DataException e = assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp.resolve("root")));
        assertEquals("cannot read image " + bad + ": not a PNG, JPEG, BMP or GIF image", e.getMessage());
    }

    @Test
    void imageBrokenAfterOpeningFailsWhenRead() throws IOException {
        Path f = save(grey(4, 3, 0), "a", "1.png");
        ImageFolderDataset ds = ImageFolderDataset.open(tmp.resolve("root"));
        byte[] png = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(png, 40)); // header kept, pixel data cut
        DataException e = assertThrows(DataException.class, () -> ds.copySample(0, new float[12], 0));
        assertEquals("cannot read image " + f + ": truncated or corrupt PNG data", e.getMessage());
    }

    /** A noisy 64×64 colour JPEG (large enough that a cut in its scan data only makes the decoder warn). */
    private Path noisyJpeg(String name) throws IOException {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random rnd = new java.util.Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        return save(img, "c", name);
    }

    @Test
    void aTruncatedJpegIsAnErrorNamingTheFile() throws IOException {
        Path f = noisyJpeg("cut.jpg");
        byte[] jpeg = Files.readAllBytes(f);
        float[] px = new float[3 * 64 * 64];
        ImageFolderDataset.decode(f, new int[] {3, 64, 64}, px, 0); // whole: fine
        for (int keep : new int[] {jpeg.length / 2, jpeg.length - 2, 400}) {
            Files.write(f, java.util.Arrays.copyOf(jpeg, keep));
            DataException e = assertThrows(DataException.class,
                    () -> ImageFolderDataset.decode(f, new int[] {3, 64, 64}, px, 0), "cut at " + keep);
            assertTrue(e.getMessage().startsWith("cannot read image " + f + ": truncated or corrupt JPEG data"),
                    e.getMessage());
        }
    }

    @Test
    void plainMessagesForMissingFilesAndFolders() {
        Path none = tmp.resolve("none.png");
        DataException e = assertThrows(DataException.class,
                () -> ImageFolderDataset.decode(none, new int[] {1, 2, 2}, new float[4], 0));
        assertEquals("cannot read image " + none + ": file not found", e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolderDataset.decode(tmp, new int[] {1, 2, 2},
                new float[4], 0));
        assertEquals("cannot read image " + tmp + ": it is a folder, not a PNG, JPEG, BMP or GIF image",
                e.getMessage());
    }

    @Test
    void channelsAreStatedAsTheyAre() throws IOException {
        Path rgba = save(rgb(BufferedImage.TYPE_INT_ARGB, 4, 3), "a", "rgba.png");
        float[] px = new float[3 * 12];
        // RGBA into a colour model: alpha dropped, as torchvision's convert("RGB")
        assertTrue(ImageFolderDataset.decode(rgba, new int[] {3, 3, 4}, px, 0));
        assertEquals(200 / 255f, px[2 * 12], 1e-6);
        DataException e = assertThrows(DataException.class,
                () -> ImageFolderDataset.decode(rgba, new int[] {1, 3, 4}, new float[12], 0));
        assertEquals(rgba + ": the image has 4 channels (RGBA); the model expects 1 (grey)", e.getMessage());
        e = assertThrows(DataException.class,
                () -> ImageFolderDataset.decode(rgba, new int[] {1, 28, 28}, new float[784], 0));
        assertEquals(rgba + ": the image is 4×3 with 4 channels (RGBA); the model expects 28×28 with 1 channel "
                + "(grey)", e.getMessage());
        Path g = save(grey(4, 3, 0), "a", "g.png");
        assertTrue(!ImageFolderDataset.decode(g, new int[] {1, 3, 4}, new float[12], 0));
        e = assertThrows(DataException.class, () -> ImageFolderDataset.decode(g, new int[] {3, 3, 4},
                new float[36], 0));
        assertEquals(g + ": the image has 1 channel (grey); the model expects 3 (RGB)", e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolderDataset.decode(g, new int[] {1, 4, 4},
                new float[16], 0));
        assertEquals(g + ": the image is 4×3; the model expects 4×4", e.getMessage());
    }

    @Test
    void badFolders() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        DataException e = assertThrows(DataException.class, () -> ImageFolderDataset.open(root));
        assertTrue(e.getMessage().startsWith(root + ": no class folders"), e.getMessage());
        Files.createDirectories(root.resolve("empty"));
        e = assertThrows(DataException.class, () -> ImageFolderDataset.open(root));
        assertEquals(root.resolve("empty") + ": class folder without images (.png, .jpg, .jpeg)", e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolderDataset.open(tmp.resolve("nope")));
        assertTrue(e.getMessage().startsWith(tmp.resolve("nope") + ": missing folder"), e.getMessage());
    }
}
