package dev.cnnc.train.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The datasets known by name: {@code fashion-mnist} and {@code mnist}, both in the IDX format
 * (see {@link IdxDataset}). Each has a default directory, overridable per call:
 * <ul>
 *   <li>{@code fashion-mnist}: {@value #FASHION_MNIST_DIR}, where Debian's package
 *       {@code dataset-fashion-mnist} installs it;</li>
 *   <li>{@code mnist}: {@value #MNIST_DIR} (Debian does not package MNIST; put the four files there
 *       or pass another directory).</li>
 * </ul>
 * The files are {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each plain or with
 * {@code .gz} (the plain one is used when both exist).
 */
public final class Datasets {
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String MNIST_DIR = "/usr/share/datasets/mnist";

    /** Fashion-MNIST's class names in label order (Xiao, Rasul and Vollgraf, 2017). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** MNIST's class names: the digits. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private record Known(String defaultDir, List<String> classes, String install) {
    }

    private static final Map<String, Known> KNOWN = new TreeMap<>(Map.of(
            "fashion-mnist", new Known(FASHION_MNIST_DIR, FASHION_MNIST_CLASSES,
                    "install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)"),
            "mnist", new Known(MNIST_DIR, MNIST_CLASSES,
                    "Debian does not package MNIST: put its four IDX files (train-images-idx3-ubyte.gz, "
                            + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) in "
                            + MNIST_DIR)));

    private Datasets() {
    }

    /** The names {@link #open} knows, sorted. */
    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    /** Whether {@link #open} knows {@code name}. */
    public static boolean isKnown(String name) {
        return KNOWN.containsKey(name);
    }

    /** The class names of a known dataset, in label order. */
    public static List<String> classes(String name) {
        return known(name).classes();
    }

    /** The directory a known dataset is read from when no other is given. */
    public static Path defaultDir(String name) {
        return Path.of(known(name).defaultDir());
    }

    /**
     * Opens the training ({@code train}) or test ({@code t10k}) split of a known dataset.
     *
     * @param dir the directory holding the IDX files, or null for the dataset's default directory
     * @throws DataException for an unknown name, a missing file (saying how to install it) or a malformed one
     */
    public static Dataset open(String name, Path dir, boolean train) {
        Known k = known(name);
        Path d = dir != null ? dir : Path.of(k.defaultDir());
        String prefix = train ? "train" : "t10k";
        Path images = find(name, k, d, dir == null, prefix + "-images-idx3-ubyte");
        Path labels = find(name, k, d, dir == null, prefix + "-labels-idx1-ubyte");
        return IdxDataset.open(images, labels, k.classes());
    }

    private static Path find(String name, Known k, Path dir, boolean defaultDir, String base) {
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        String how = defaultDir
                ? k.install() + ", or give the directory that holds the files"
                : "give the directory that holds the " + name + " IDX files (by default " + k.defaultDir() + ": "
                        + k.install() + ")";
        throw new DataException(name + ": missing file " + plain + "[.gz]; " + how);
    }

    private static Known known(String name) {
        Known k = KNOWN.get(name);
        if (k == null) {
            throw new DataException("unknown dataset '" + name + "'; known datasets: "
                    + String.join(", ", KNOWN.keySet()));
        }
        return k;
    }
}
