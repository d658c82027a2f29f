package dev.cnnc.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
    @TempDir
    Path tmp;

    private static final List<String> THREE = List.of("a", "b", "c");

    // ---- the real Fashion-MNIST files (installed by bin/setup: Debian's dataset-fashion-mnist) ----
    // Reference numbers from /usr/bin/python3 with gzip + numpy on the same files:
    //   a = np.frombuffer(gzip.open(f).read(), np.uint8, offset=16).reshape(-1, 784)
    //   a[0].sum(), (a[0].astype(np.int64) * np.arange(784)).sum(), labels[:5], a[-1].sum()

    @Test
    void fashionMnistTrainLoads() {
        Dataset ds = Datasets.open("fashion-mnist", null, true);
        assertEquals(60_000, ds.size());
        assertArrayEquals(new int[] {1, 28, 28}, ds.sampleShape());
        assertEquals(Datasets.FASHION_MNIST_CLASSES, ds.classes());
        assertEquals("Ankle boot", ds.classes().get(ds.label(0)));
        assertArrayEquals(new int[] {9, 0, 0, 3, 0}, new int[] {ds.label(0), ds.label(1), ds.label(2), ds.label(3),
                ds.label(4)});
        assertEquals(5, ds.label(59_999));
        long[] sums = pixelSums(ds, 0);
        assertEquals(76_247, sums[0]);
        assertEquals(35_878_026, sums[1]);
        assertEquals(16_684, pixelSums(ds, 59_999)[0]);
        int[] perClass = new int[10];
        for (int i = 0; i < ds.size(); i++) {
            perClass[ds.label(i)]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 6000);
        assertArrayEquals(expected, perClass);
    }

    @Test
    void fashionMnistTestLoads() {
        Dataset ds = Datasets.open("fashion-mnist", Path.of(Datasets.FASHION_MNIST_DIR), false);
        assertEquals(10_000, ds.size());
        assertEquals(9, ds.label(0));
        assertEquals(2, ds.label(1));
        long[] sums = pixelSums(ds, 0);
        assertEquals(33_456, sums[0]);
        assertEquals(15_975_114, sums[1]);
        assertEquals(24_390, pixelSums(ds, 9_999)[0]);
    }

    /** Sum of the u8 pixel values of a sample (recovered from the floats) and Σ value·position. */
    private static long[] pixelSums(Dataset ds, int i) {
        float[] px = new float[ds.sampleLength() + 3];
        ds.copySample(i, px, 3);
        long sum = 0;
        long weighted = 0;
        for (int k = 0; k < ds.sampleLength(); k++) {
            float v = px[3 + k];
            assertTrue(v >= 0f && v <= 1f, "pixel in [0, 1]");
            int u8 = Math.round(v * 255f);
            assertEquals(u8 / 255f, v, "pixel is exactly u8/255");
            sum += u8;
            weighted += (long) u8 * k;
        }
        return new long[] {sum, weighted};
    }

    // ---- crafted files ----

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeInt(b, magic);
        for (int d : dims) {
            writeInt(b, d);
        }
        b.writeBytes(data);
        return b.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream b, int v) {
        b.write(v >>> 24);
        b.write(v >>> 16);
        b.write(v >>> 8);
        b.write(v);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(data);
        }
        return b.toByteArray();
    }

    /** Four 2×3 images, pixel k of image i = 10·i + k (and 255 for the very last), labels 0, 1, 2, 1. */
    static byte[] goodImages() {
        byte[] px = new byte[4 * 6];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 6; k++) {
                px[i * 6 + k] = (byte) (10 * i + k);
            }
        }
        px[23] = (byte) 255;
        return idx(0x803, new int[] {4, 2, 3}, px);
    }

    static byte[] goodLabels() {
        return idx(0x801, new int[] {4}, new byte[] {0, 1, 2, 1});
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, data);
        return p;
    }

    private void checkGood(IdxDataset ds) {
        assertEquals(4, ds.size());
        assertArrayEquals(new int[] {1, 2, 3}, ds.sampleShape());
        assertEquals(6, ds.sampleLength());
        assertEquals(List.of(0, 1, 2, 1), List.of(ds.label(0), ds.label(1), ds.label(2), ds.label(3)));
        float[] dst = new float[8];
        ds.copySample(2, dst, 1);
        assertArrayEquals(new float[] {0f, 20 / 255f, 21 / 255f, 22 / 255f, 23 / 255f, 24 / 255f, 25 / 255f, 0f}, dst);
        ds.copySample(3, dst, 0);
        assertEquals(1f, dst[5]);
        assertThrows(IndexOutOfBoundsException.class, () -> ds.label(4));
    }

    @Test
    void plainFiles() throws IOException {
        checkGood(IdxDataset.open(write("i", goodImages()), write("l", goodLabels()), THREE));
    }

    @Test
    void gzippedFiles() throws IOException {
        checkGood(IdxDataset.open(write("i.gz", gzip(goodImages())), write("l.gz", gzip(goodLabels())), THREE));
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException {
        // gzipped without .gz, and plain with .gz: both read by content
        checkGood(IdxDataset.open(write("images-idx3-ubyte", gzip(goodImages())),
                write("labels-idx1-ubyte.gz", goodLabels()), THREE));
    }

    @Test
    void concatenatedGzipMembersAreRead() throws IOException {
        byte[] img = goodImages();
        byte[] a = gzip(Arrays.copyOfRange(img, 0, 20));
        byte[] b = gzip(Arrays.copyOfRange(img, 20, img.length));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        checkGood(IdxDataset.open(write("i", both), write("l", goodLabels()), THREE));
    }

    @Test
    void datasetsOpenFindsPlainAndGzippedNamesInAGivenDir() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("fm"));
        byte[] labels = idx(0x801, new int[] {4}, new byte[] {9, 1, 2, 1});
        Files.write(dir.resolve("train-images-idx3-ubyte"), goodImages());
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(goodImages()));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);
        for (boolean train : new boolean[] {true, false}) {
            Dataset ds = Datasets.open("fashion-mnist", dir, train);
            assertEquals(4, ds.size());
            assertEquals("Ankle boot", ds.classes().get(ds.label(0)));
        }
        Dataset m = Datasets.open("mnist", dir, true);
        assertEquals("9", m.classes().get(m.label(0)));
        assertEquals(List.of("fashion-mnist", "mnist"), Datasets.names());
        assertEquals(Path.of("/usr/share/datasets/mnist"), Datasets.defaultDir("mnist"));
    }

    private DataException fails(byte[] images, byte[] labels) throws IOException {
        Path i = write("imgs", images);
        Path l = write("labs", labels);
        return assertThrows(DataException.class, () -> IdxDataset.open(i, l, THREE));
    }

    @Test
    void missingFileNamesItAndThePackage() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        DataException e = assertThrows(DataException.class, () -> Datasets.open("fashion-mnist", empty, true));
        assertEquals("fashion-mnist: missing file " + empty.resolve("train-images-idx3-ubyte") + "[.gz]; give the "
                + "directory that holds the fashion-mnist IDX files (by default /usr/share/datasets/fashion-mnist: "
                + "install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist))",
                e.getMessage());
        Files.write(empty.resolve("t10k-images-idx3-ubyte.gz"), gzip(goodImages()));
        e = assertThrows(DataException.class, () -> Datasets.open("mnist", empty, false));
        assertTrue(e.getMessage().startsWith("mnist: missing file " + empty.resolve("t10k-labels-idx1-ubyte") + "[.gz]"),
                e.getMessage());
        Path none = tmp.resolve("nothing-here");
        e = assertThrows(DataException.class, () -> IdxDataset.open(none, none, THREE));
        assertEquals(none + ": missing file", e.getMessage());
        e = assertThrows(DataException.class, () -> Datasets.open("cifar10", empty, true));
        assertEquals("unknown dataset 'cifar10'; known datasets: fashion-mnist, mnist", e.getMessage());
    }

    @Test
    void badMagicShowsExpectedAndFoundInHex() throws IOException {
        DataException e = fails(idx(0x12345678, new int[] {4, 2, 3}, new byte[24]), goodLabels());
        assertEquals(tmp.resolve("imgs") + ": bad magic number: expected 0x00000803, found 0x12345678 (not an IDX "
                + "images file of unsigned bytes)", e.getMessage());
        // the labels file given as images: same family, wrong dimension count
        e = fails(goodLabels(), goodLabels());
        assertEquals(tmp.resolve("imgs") + ": wrong dimension count: the IDX header says 1 dimension, expected 3 "
                + "(images: count, rows, columns); magic number 0x00000801, expected 0x00000803", e.getMessage());
        // float data (type 0x0D) is not unsigned bytes
        e = fails(goodImages(), idx(0x00000D01, new int[] {4}, new byte[16]));
        assertEquals(tmp.resolve("labs") + ": bad magic number: expected 0x00000801, found 0x00000D01 (not an IDX "
                + "labels file of unsigned bytes)", e.getMessage());
        // a gzipped file with a bad magic number inside
        Path i = write("imgs.gz", gzip(idx(0x0000FFFF, new int[] {4, 2, 3}, new byte[24])));
        Path l = write("labs", goodLabels());
        e = assertThrows(DataException.class, () -> IdxDataset.open(i, l, THREE));
        assertEquals(i + ": bad magic number: expected 0x00000803, found 0x0000FFFF (not an IDX images file of "
                + "unsigned bytes)", e.getMessage());
    }

    @Test
    void wrongDimensionCount() throws IOException {
        DataException e = fails(idx(0x802, new int[] {4, 6}, new byte[24]), goodLabels());
        assertEquals(tmp.resolve("imgs") + ": wrong dimension count: the IDX header says 2 dimensions, expected 3 "
                + "(images: count, rows, columns); magic number 0x00000802, expected 0x00000803", e.getMessage());
    }

    @Test
    void truncatedPlainAndGzipped() throws IOException {
        byte[] img = goodImages();
        byte[] cut = Arrays.copyOf(img, img.length - 5);
        DataException e = fails(cut, goodLabels());
        assertEquals(tmp.resolve("imgs") + ": truncated: expected 40 bytes (header 16 + 4×2×3 data), found 35",
                e.getMessage());
        e = fails(gzip(cut), goodLabels());
        assertEquals(tmp.resolve("imgs") + ": truncated: expected 40 bytes (header 16 + 4×2×3 data), found 35",
                e.getMessage());
        e = fails(Arrays.copyOf(img, 10), goodLabels());
        assertEquals(tmp.resolve("imgs") + ": truncated: expected at least 16 bytes (the IDX header), found 10",
                e.getMessage());
        e = fails(new byte[] {0, 0}, goodLabels());
        assertEquals(tmp.resolve("imgs") + ": truncated: expected at least 4 bytes (the IDX magic number), found 2",
                e.getMessage());
        byte[] lab = goodLabels();
        e = fails(img, Arrays.copyOf(lab, lab.length - 1));
        assertEquals(tmp.resolve("labs") + ": truncated: expected 12 bytes (header 8 + 4 data), found 11",
                e.getMessage());
    }

    @Test
    void trailingBytes() throws IOException {
        byte[] img = goodImages();
        DataException e = fails(Arrays.copyOf(img, img.length + 3), goodLabels());
        assertEquals(tmp.resolve("imgs") + ": 3 unexpected bytes after the data: expected 40 bytes (header 16 + 4×2×3 "
                + "data), found 43", e.getMessage());
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = gzip(goodImages());
        DataException e = fails(Arrays.copyOf(gz, gz.length - 12), goodLabels());
        assertTrue(e.getMessage().startsWith(tmp.resolve("imgs") + ": corrupt gzip data: "), e.getMessage());
    }

    @Test
    void labelCountDiffersFromImageCount() throws IOException {
        DataException e = fails(goodImages(), idx(0x801, new int[] {3}, new byte[] {0, 1, 2}));
        assertEquals(tmp.resolve("labs") + " has 3 labels but " + tmp.resolve("imgs") + " has 4 images; the label "
                + "count must equal the image count", e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        DataException e = fails(goodImages(), idx(0x801, new int[] {4}, new byte[] {0, 1, 3, 1}));
        assertEquals(tmp.resolve("labs") + ": label 3 of sample 2 is out of range: the dataset has 3 classes, labels "
                + "0..2", e.getMessage());
        e = fails(goodImages(), idx(0x801, new int[] {4}, new byte[] {0, (byte) 200, 1, 1}));
        assertTrue(e.getMessage().contains("label 200 of sample 1 is out of range"), e.getMessage());
    }
}
