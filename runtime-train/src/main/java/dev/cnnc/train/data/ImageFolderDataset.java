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
 * (label k is the k-th), as torchvision's, unless {@link #inClassOrder} gives another order by name
 * (a model's {@code classes}); the images of a class are sorted by file name; other files are ignored.
 *
 * <p>Images are not resized: all must have the same width, height and channel count, which become
 * the sample shape [C, H, W]. Grey images (with or without alpha) have 1 channel; colour and
 * palette images have 3 (R, G, B); alpha is dropped (as torchvision's loader, {@code .convert("RGB")}). Pixels are floats in [0, 1] (8-bit values / 255,
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
        Layout first = null;
        Path firstFile = null;
        for (Path f : files) {
            Layout s = header(f);
            if (first == null) {
                first = s;
                firstFile = f;
            } else if (s.colours() != first.colours() || s.height() != first.height() || s.width() != first.width()) {
                throw new DataException(f + ": image is " + s.describe() + " but " + firstFile + " is "
                        + first.describe() + "; all images of a folder dataset must have the same size and colour "
                        + "channels");
            }
        }
        int[] l = new int[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.get(i);
        }
        return new ImageFolderDataset(root, classes, files.toArray(new Path[0]), l, first.shape());
    }

    /** What an image holds: its size and colour channels, alpha counted apart (it is dropped when read). */
    record Layout(int colours, boolean alpha, boolean palette, int height, int width) {
        int[] shape() {
            return new int[] {colours, height, width};
        }

        /** All the channels of the file, alpha included. */
        int channels() {
            return colours + (alpha ? 1 : 0);
        }

        /** "4 channels (RGBA)", "1 channel (grey)", "3 channels (RGB, palette)". */
        String channelText() {
            String kind = colours == 1 ? (alpha ? "grey and alpha" : "grey") : alpha ? "RGBA" : "RGB";
            return channels() + " channel" + (channels() == 1 ? "" : "s") + " (" + kind + (palette ? ", palette" : "")
                    + ")";
        }

        /** "4×3 with 4 channels (RGBA)". */
        String describe() {
            return width + "×" + height + " with " + channelText();
        }
    }

    /** "28×28 with 1 channel (grey)": what a [C, H, W] sample shape asks of an image. */
    static String describeShape(int[] chw) {
        return chw[2] + "×" + chw[1] + " with " + chw[0] + " channel" + (chw[0] == 1 ? " (grey)" : chw[0] == 3
                ? "s (RGB)" : "s");
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /** What the image formats the reader knows are called in messages. */
    static final String FORMATS = "a PNG, JPEG, BMP or GIF image";

    /** An image that cannot be read, with a plain reason ("file not found", "truncated or corrupt"). */
    static DataException unreadable(Path f, String why, Throwable cause) {
        return new DataException("cannot read image " + f + ": " + why, cause);
    }

    /** The layout of a colour model: grey (1 colour) or colour and palette (3), alpha apart. */
    private static Layout layout(Path f, ColorModel cm, int h, int w) {
        boolean alpha = cm.hasAlpha();
        if (cm instanceof IndexColorModel) {
            return new Layout(3, alpha, true, h, w);
        }
        int n = cm.getNumColorComponents();
        if (n == 1 || n == 3) {
            return new Layout(n, alpha, false, h, w);
        }
        throw unreadable(f, "unsupported colour model with " + n + " colour components (only grey and RGB images"
                + (n == 4 ? "; CMYK is not supported" : "") + ")", null);
    }

    /** What a reader does with an opened image. */
    private interface ReadStep<T> {
        T apply(ImageReader r) throws IOException;
    }

    /**
     * Opens {@code f} with the first image reader that knows its format and applies {@code step};
     * a missing file, an unknown format, or a decoder that fails or warns (a truncated JPEG only
     * warns) is a {@link DataException} saying so in plain words.
     */
    private static <T> T withReader(Path f, ReadStep<T> step) {
        if (!Files.exists(f)) {
            throw unreadable(f, "file not found", null);
        }
        if (Files.isDirectory(f)) {
            throw unreadable(f, "it is a folder, not " + FORMATS, null);
        }
        if (!Files.isReadable(f)) {
            throw unreadable(f, "permission denied", null);
        }
        String format = "image";
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw unreadable(f, "cannot open the file", null);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw unreadable(f, "not " + FORMATS, null);
            }
            ImageReader r = readers.next();
            format = r.getFormatName().toUpperCase(Locale.ROOT);
            List<String> warnings = new ArrayList<>();
            r.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                r.setInput(in, true, true);
                T result = step.apply(r);
                if (!warnings.isEmpty()) {
                    throw unreadable(f, "truncated or corrupt " + format + " data (the decoder reports: "
                            + warnings.get(0) + ")", null);
                }
                return result;
            } finally {
                r.dispose();
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw unreadable(f, "truncated or corrupt " + format + " data", e);
        }
    }

    /**
     * How an image differs from what the model takes: "the image has 4 channels (RGBA); the model
     * expects 1 (grey)", "the image is 32×32; the model expects 28×28".
     */
    static String mismatch(Layout l, int[] chw) {
        boolean sized = l.width() == chw[2] && l.height() == chw[1];
        boolean coloured = l.colours() == chw[0];
        if (sized) {
            return "the image has " + l.channelText() + "; the model expects " + chw[0]
                    + (chw[0] == 1 ? " (grey)" : chw[0] == 3 ? " (RGB)" : "");
        }
        if (coloured) {
            return "the image is " + l.width() + "×" + l.height() + "; the model expects " + chw[2] + "×" + chw[1];
        }
        return "the image is " + l.describe() + "; the model expects " + describeShape(chw);
    }

    /** The size and channels of an image file, from its header only. */
    static Layout header(Path f) {
        return withReader(f, r -> {
            int w = r.getWidth(0);
            int h = r.getHeight(0);
            ImageTypeSpecifier t = r.getRawImageType(0);
            if (t == null) {
                Iterator<ImageTypeSpecifier> types = r.getImageTypes(0);
                if (!types.hasNext()) {
                    throw unreadable(f, "no known pixel layout", null);
                }
                t = types.next();
            }
            return layout(f, t.getColorModel(), h, w);
        });
    }

    /**
     * This dataset with its classes in {@code order}, which must name the same classes (label k
     * is then the folder named {@code order.get(k)}).
     *
     * @throws IllegalArgumentException if {@code order} names other classes than the folders
     */
    public ImageFolderDataset inClassOrder(List<String> order) {
        if (order.equals(classes)) {
            return this;
        }
        if (order.size() != classes.size() || !new java.util.HashSet<>(order).equals(new java.util.HashSet<>(classes))) {
            throw new IllegalArgumentException(root + ": the classes " + order + " are not the class folders "
                    + classes);
        }
        int[] map = new int[classes.size()];
        for (int k = 0; k < map.length; k++) {
            map[k] = order.indexOf(classes.get(k));
        }
        int[] l = new int[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = map[labels[i]];
        }
        return new ImageFolderDataset(root, order, files, l, shape);
    }

    /**
     * How sample {@code i}'s image differs from {@code chw} (the model's input), naming its file
     * and its real channels: "F: the image has 4 channels (RGBA); the model expects 1 (grey)".
     */
    public String describeMismatch(int i, int[] chw) {
        return files[i] + ": " + mismatch(header(files[i]), chw);
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
     * Decodes an image (PNG, JPEG, BMP or GIF) into {@code [C, H, W]} floats in [0, 1] at
     * {@code dst[offset]}: grey images give one channel, colour images three; an alpha channel is
     * dropped (as torchvision's loader does with {@code .convert("RGB")}). The image must have
     * exactly {@code shape}'s size and colour channels; otherwise, or when it is missing,
     * truncated or not an image, a {@link DataException} names the file. (Predicting converts
     * images of any size and colour with {@link ImageInput} instead.)
     *
     * @return whether the image had an alpha channel, which was dropped
     */
    public static boolean decode(Path f, int[] shape, float[] dst, int offset) {
        Pixels p = read(f);
        if (p.width() != shape[2] || p.height() != shape[1] || p.channels() != shape[0]) {
            throw new DataException(f + ": " + mismatch(p.layout(), shape));
        }
        System.arraycopy(p.data(), 0, dst, offset, p.data().length);
        return p.alphaDropped();
    }

    /**
     * An image as the file holds it: {@code [channels, height, width]} floats in [0, 1], row-major,
     * with 1 channel (grey) or 3 (R, G, B; palette images expanded); any alpha channel is dropped.
     *
     * @param data the pixels, {@code channels * height * width} of them
     * @param palette whether the file stored a palette (indexed colours)
     * @param alphaDropped whether the file had an alpha channel, which is not in {@code data}
     */
    public record Pixels(float[] data, int channels, int height, int width, boolean palette, boolean alphaDropped) {
        /** What the file held, for messages. */
        Layout layout() {
            return new Layout(channels, alphaDropped, palette, height, width);
        }

        /** "640×480 RGB", "28×28 grey". */
        public String describe() {
            return width + "×" + height + " " + (channels == 1 ? "grey" : "RGB");
        }
    }

    /**
     * Reads and decodes an image file (PNG, JPEG, BMP or GIF) as it is, without resizing: 8-bit
     * values become v / 255, 16-bit grey v / 65535; colour is read as 8-bit sRGB.
     *
     * @throws DataException naming the file and the reason when it is missing, not a file, not
     *     readable, not an image, truncated or corrupt, or of an unsupported colour model (CMYK)
     */
    public static Pixels read(Path f) {
        BufferedImage img = withReader(f, r -> r.read(0));
        int h = img.getHeight();
        int w = img.getWidth();
        ColorModel cm = img.getColorModel();
        Layout l = layout(f, cm, h, w);
        int plane = h * w;
        float[] dst = new float[l.colours() * plane];
        if (l.colours() == 1) {
            Raster r = img.getRaster();
            int bits = cm.getComponentSize(0);
            float max = (float) ((1L << bits) - 1);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    dst[o + x] = row[x] / max;
                }
            }
        } else {
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int k = 0; k < plane; k++) {
                int p = argb[k];
                dst[k] = ((p >> 16) & 0xff) / 255f;
                dst[plane + k] = ((p >> 8) & 0xff) / 255f;
                dst[2 * plane + k] = (p & 0xff) / 255f;
            }
        }
        return new Pixels(dst, l.colours(), h, w, l.palette(), l.alpha());
    }

    @Override
    public String toString() {
        return "ImageFolderDataset[" + root + ": " + files.length + " × " + shape[0] + "×" + shape[1] + "×" + shape[2]
                + ", " + classes.size() + " classes]";
    }
}
