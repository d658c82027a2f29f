package dev.cnnc.train.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of labelled images, laid out as torchvision's {@code ImageFolder}:
 * {@code root/<class name>/<image>.png|.jpg|.jpeg}. Classes are the sub-folders sorted by name
 * (label k is the k-th); the images of a class are sorted by file name; other files are ignored.
 *
 * <p>Images are not resized: all must have the same width, height and channel count, which become
 * the sample shape [C, H, W]. Grey images (with or without alpha) have 1 channel; colour and
 * palette images have 3 (R, G, B); alpha is dropped. Pixels are floats in [0, 1] (8-bit values / 255,
 * 16-bit grey / 65535). The constructor reads every image's header (size, colour model) and names
 * the first file that is unreadable or differs from the others; pixels are decoded on demand in
 * {@link #copySample}, so a folder larger than memory works.
 */
public final class ImageFolderDataset implements Dataset {
    private final Path root;
    private final List<String> classes;
    private final Path[] files;
    private final int[] labels;
    private final int[] shape;

    private ImageFolderDataset(Path root, List<String> classes, Path[] files, int[] labels, int[] shape) {
        this.root = root;
        this.classes = List.copyOf(classes);
        this.files = files;
        this.labels = labels;
        this.shape = shape;
    }

    /**
     * Scans {@code root} and checks every image's header.
     *
     * @throws DataException if root is not a folder, has no class folders, a class folder has no
     *     images, an image is unreadable, or an image's size or channel count differs from the first
     *     image's
     */
    public static ImageFolderDataset open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": " + (Files.exists(root) ? "not a folder" : "missing folder")
                    + " (an image folder holds one sub-folder of images per class)");
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new DataException(root + ": cannot list: " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) {
            throw new DataException(root + ": no class folders (an image folder holds one sub-folder of images per "
                    + "class: " + root + "/<class name>/*.png)");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images;
            try (Stream<Path> s = Files.list(dir)) {
                images = s.filter(Files::isRegularFile).filter(ImageFolderDataset::isImageName)
                        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
            } catch (IOException e) {
                throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
            }
            if (images.isEmpty()) {
                throw new DataException(dir + ": class folder without images (.png, .jpg, .jpeg)");
            }
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            for (Path f : images) {
                files.add(f);
                labels.add(label);
            }
        }
        int[] first = null;
        Path firstFile = null;
        for (Path f : files) {
            int[] s = header(f);
            if (first == null) {
                first = s;
                firstFile = f;
            } else if (s[0] != first[0] || s[1] != first[1] || s[2] != first[2]) {
                throw new DataException(f + ": image is " + describe(s) + " but " + firstFile + " is " + describe(first)
                        + "; all images of a folder dataset must have the same size and channel count");
            }
        }
        int[] l = new int[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.get(i);
        }
        return new ImageFolderDataset(root, classes, files.toArray(new Path[0]), l, first);
    }

    private static String describe(int[] chw) {
        return chw[2] + "×" + chw[1] + " with " + chw[0] + " channel" + (chw[0] == 1 ? "" : "s");
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /** Channels (1 or 3) of a colour model: grey → 1, colour or palette → 3, alpha not counted. */
    private static int channels(Path f, ColorModel cm) {
        if (cm instanceof IndexColorModel) {
            return 3;
        }
        int n = cm.getNumColorComponents();
        if (n == 1 || n == 3) {
            return n;
        }
        throw new DataException(f + ": unsupported colour model with " + n + " colour components (only grey and RGB)");
    }

    /** [C, H, W] of an image file, from its header only. */
    static int[] header(Path f) {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw new DataException(f + ": unreadable image: cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(f + ": unreadable image: not a PNG or JPEG file");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                int w = r.getWidth(0);
                int h = r.getHeight(0);
                ImageTypeSpecifier t = r.getRawImageType(0);
                if (t == null) {
                    Iterator<ImageTypeSpecifier> types = r.getImageTypes(0);
                    if (!types.hasNext()) {
                        throw new DataException(f + ": unreadable image: no known pixel layout");
                    }
                    t = types.next();
                }
                return new int[] {channels(f, t.getColorModel()), h, w};
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException) {
                throw (DataException) e;
            }
            throw new DataException(f + ": unreadable image: " + e, e);
        }
    }

    /** The folder this dataset was read from. */
    public Path root() {
        return root;
    }

    /** The file of sample {@code i}. */
    public Path file(int i) {
        return files[i];
    }

    @Override
    public int size() {
        return files.length;
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
        return labels[i];
    }

    @Override
    public void copySample(int i, float[] dst, int offset) {
        decode(files[i], shape, dst, offset);
    }

    /**
     * Decodes a PNG or JPEG into {@code [C, H, W]} floats in [0, 1] at {@code dst[offset]}: grey
     * images give one channel, colour images three (alpha dropped). The image must have exactly
     * {@code shape}'s size and channels; otherwise a {@link DataException} names the file.
     */
    public static void decode(Path f, int[] shape, float[] dst, int offset) {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataException(f + ": unreadable image: " + e, e);
        }
        if (img == null) {
            throw new DataException(f + ": unreadable image: not a PNG or JPEG file");
        }
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        ColorModel cm = img.getColorModel();
        int ch = channels(f, cm);
        if (img.getWidth() != w || img.getHeight() != h || ch != c) {
            throw new DataException(f + ": image is " + describe(new int[] {ch, img.getHeight(), img.getWidth()})
                    + " but " + describe(shape) + " is needed");
        }
        int plane = h * w;
        if (c == 1) {
            Raster r = img.getRaster();
            int bits = cm.getComponentSize(0);
            float max = (float) ((1L << bits) - 1);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                int o = offset + y * w;
                for (int x = 0; x < w; x++) {
                    dst[o + x] = row[x] / max;
                }
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int k = 0; k < plane; k++) {
                int p = argb[k];
                dst[offset + k] = ((p >> 16) & 0xff) / 255f;
                dst[offset + plane + k] = ((p >> 8) & 0xff) / 255f;
                dst[offset + 2 * plane + k] = (p & 0xff) / 255f;
            }
        }
    }

    @Override
    public String toString() {
        return "ImageFolderDataset[" + root + ": " + files.length + " × " + shape[0] + "×" + shape[1] + "×" + shape[2]
                + ", " + classes.size() + " classes]";
    }
}
