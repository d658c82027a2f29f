package dev.cnnc.train.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A dataset in the IDX format of MNIST and Fashion-MNIST: an images file ({@code idx3-ubyte}:
 * magic 0x00000803, then count, rows, columns as big-endian 32-bit integers, then count·rows·columns
 * unsigned bytes) and a labels file ({@code idx1-ubyte}: magic 0x00000801, count, then count
 * unsigned bytes). Either file may be gzipped; gzip is recognised by its magic bytes (1f 8b), not by
 * the file name.
 *
 * <p>Both files are read once, whole, into byte arrays (60,000 Fashion-MNIST images are 47 MB) and
 * checked completely up front (header, size, every label); a sample is decoded to floats (u8/255)
 * only when {@link #copySample} asks for it. Samples have shape [1, rows, columns]. Instances are
 * immutable and safe to read from several threads.
 */
public final class IdxDataset implements Dataset {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** u8 → float in [0, 1], exactly {@code b / 255f}. */
    private static final float[] U8 = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            U8[i] = i / 255f;
        }
    }

    private final byte[] images;
    private final int imageOffset;
    private final byte[] labels;
    private final int labelOffset;
    private final int count;
    private final int rows;
    private final int cols;
    private final List<String> classes;
    private final int[] shape;

    private IdxDataset(byte[] images, int imageOffset, byte[] labels, int labelOffset, int count, int rows,
            int cols, List<String> classes) {
        this.images = images;
        this.imageOffset = imageOffset;
        this.labels = labels;
        this.labelOffset = labelOffset;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.classes = List.copyOf(classes);
        this.shape = new int[] {1, rows, cols};
    }

    /**
     * Reads and checks an images file and a labels file (each plain or gzipped).
     *
     * @param classes class names in label order; every label must be below its size
     * @throws DataException naming the file and what is wrong with it: missing, not a valid gzip
     *     stream, bad magic number, wrong number of dimensions, truncated or with trailing bytes,
     *     label count different from image count, a label out of range
     */
    public static IdxDataset open(Path imagesFile, Path labelsFile, List<String> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one class");
        }
        byte[] img = readMaybeGzipped(imagesFile);
        int[] imgDims = header(imagesFile, img, IMAGES_MAGIC, 3, "images: count, rows, columns");
        byte[] lab = readMaybeGzipped(labelsFile);
        int[] labDims = header(labelsFile, lab, LABELS_MAGIC, 1, "labels: count");
        int n = imgDims[0];
        if (labDims[0] != n) {
            throw new DataException(labelsFile + " has " + labDims[0] + " labels but " + imagesFile + " has " + n
                    + " images; the label count must equal the image count");
        }
        int labelOffset = 8;
        for (int i = 0; i < n; i++) {
            int l = lab[labelOffset + i] & 0xff;
            if (l >= classes.size()) {
                throw new DataException(labelsFile + ": label " + l + " of sample " + i + " is out of range: the "
                        + "dataset has " + classes.size() + " classes, labels 0.." + (classes.size() - 1));
            }
        }
        return new IdxDataset(img, 16, lab, labelOffset, n, imgDims[1], imgDims[2], classes);
    }

    /**
     * Checks an IDX header: magic number (00 00 08 ndim), dimension count, total size; returns the
     * dimensions.
     */
    static int[] header(Path file, byte[] data, int expectedMagic, int expectedDims, String dimsDoc) {
        if (data.length < 4) {
            throw new DataException(file + ": truncated: expected at least 4 bytes (the IDX magic number), found "
                    + data.length);
        }
        int magic = readInt(data, 0);
        if ((magic & 0xffffff00) == 0x00000800) {
            int dims = magic & 0xff;
            if (dims != expectedDims) {
                throw new DataException(file + ": wrong dimension count: the IDX header says " + dims
                        + " dimension" + (dims == 1 ? "" : "s") + ", expected " + expectedDims + " (" + dimsDoc
                        + "); magic number " + hex(magic) + ", expected " + hex(expectedMagic));
            }
        } else {
            throw new DataException(file + ": bad magic number: expected " + hex(expectedMagic) + ", found "
                    + hex(magic) + " (not an IDX " + (expectedDims == 3 ? "images" : "labels")
                    + " file of unsigned bytes)");
        }
        long headerBytes = 4L + 4L * expectedDims;
        if (data.length < headerBytes) {
            throw new DataException(file + ": truncated: expected at least " + headerBytes + " bytes (the IDX header), "
                    + "found " + data.length);
        }
        int[] d = new int[expectedDims];
        long total = headerBytes;
        long payload = 1;
        for (int i = 0; i < expectedDims; i++) {
            d[i] = readInt(data, 4 + 4 * i);
            if (d[i] < 0) {
                throw new DataException(file + ": dimension " + i + " is negative (" + d[i] + ") in the IDX header");
            }
            payload *= d[i];
        }
        total += payload;
        if (data.length < total) {
            throw new DataException(file + ": truncated: expected " + total + " bytes (header " + headerBytes
                    + " + " + dimsText(d) + " data), found " + data.length);
        }
        if (data.length > total) {
            throw new DataException(file + ": " + (data.length - total) + " unexpected bytes after the data: expected "
                    + total + " bytes (header " + headerBytes + " + " + dimsText(d) + " data), found " + data.length);
        }
        return d;
    }

    private static String dimsText(int[] d) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            b.append(i == 0 ? "" : "×").append(d[i]);
        }
        return b.toString();
    }

    static String hex(int v) {
        return String.format("0x%08X", v);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** The whole content of a file, inflated when it starts with the gzip magic bytes 1f 8b. */
    static byte[] readMaybeGzipped(Path file) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": missing file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return raw;
        }
        // ISIZE, the last 4 bytes (little-endian), is the inflated size modulo 2^32 of the last member:
        // a good first guess that avoids growing the buffer for ordinary single-member files.
        int guess = 1 << 16;
        if (raw.length >= 18) {
            long isize = (raw[raw.length - 4] & 0xffL) | (raw[raw.length - 3] & 0xffL) << 8
                    | (raw[raw.length - 2] & 0xffL) << 16 | (raw[raw.length - 1] & 0xffL) << 24;
            if (isize > 0 && isize < Integer.MAX_VALUE - 16) {
                guess = (int) isize + 1; // +1: reaching the end does not need a grow to be detected
            }
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            byte[] out = new byte[guess];
            int n = 0;
            while (true) {
                if (n == out.length) {
                    if (out.length >= Integer.MAX_VALUE - 16) {
                        throw new DataException(file + ": inflated data larger than 2 GB");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 16L, out.length * 2L));
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (IOException e) {
            throw new DataException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int[] sampleShape() {
        return shape;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int i) {
        checkIndex(i);
        return labels[labelOffset + i] & 0xff;
    }

    @Override
    public void copySample(int i, float[] dst, int offset) {
        checkIndex(i);
        int len = rows * cols;
        int src = imageOffset + i * len;
        byte[] img = images;
        for (int k = 0; k < len; k++) {
            dst[offset + k] = U8[img[src + k] & 0xff];
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("sample " + i + " of a dataset of " + count);
        }
    }

    @Override
    public String toString() {
        return "IdxDataset[" + count + " × " + dimsText(shape) + ", " + classes.size() + " classes]";
    }
}
