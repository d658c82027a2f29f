package dev.cnnc.train.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.data.ImageFolderDataset;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Npy;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data checks of train and eval, before any kernel is built (issue 17): class order by name,
 * both splits' classes, empty splits, image sizes; run's labels.
 */
class DataChecksTest {
    static final int[] INPUT = {3, 4, 4};

    @TempDir
    Path tmp;

    /** One 4x4 image per class in {@code split}, filled with its class's colour; size 4 unless given. */
    private Path folder(String split, int size, String... classes) throws IOException {
        Path root = tmp.resolve(split);
        for (String c : classes) {
            Path d = Files.createDirectories(root.resolve(c));
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            int rgb = c.equals("red") ? 0xff0000 : c.equals("green") ? 0x00ff00 : c.equals("blue") ? 0x0000ff
                    : 0x808080;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img.setRGB(x, y, rgb);
                }
            }
            ImageIO.write(img, "png", d.resolve("a.png").toFile());
        }
        return root;
    }

    private static CommandFailure fails(Runnable r) {
        CommandFailure f = assertThrows(CommandFailure.class, r::run);
        assertEquals(CommandFailure.MODEL_ERROR, f.code());
        return f;
    }

    /** The red of sample i: its first pixel's channel 0. */
    private static float red(Dataset ds, int i) {
        float[] px = new float[ds.sampleLength()];
        ds.copySample(i, px, 0);
        return px[0];
    }

    @Test
    void theModelsClassOrderGivesTheLabelsByName() throws IOException {
        ImageFolderDataset train = ImageFolderDataset.open(folder("train", 4, "red", "green", "blue"));
        ImageFolderDataset test = ImageFolderDataset.open(folder("test", 4, "red", "green", "blue"));
        assertEquals(List.of("blue", "green", "red"), train.classes()); // folders alphabetical, as torchvision
        Runs.Splits s = Runs.checkData("M", INPUT, 3, List.of("red", "green", "blue"), "data", train, test);
        for (Dataset ds : List.of(s.train(), s.test())) {
            assertEquals(List.of("red", "green", "blue"), ds.classes());
            for (int i = 0; i < ds.size(); i++) {
                // label 0 is "red" and its images are red
                assertEquals(ds.label(i) == 0 ? 1f : 0f, red(ds, i), "sample " + i + " label " + ds.label(i));
                assertTrue(((ImageFolderDataset) ds).file(i).toString().contains(ds.classes().get(ds.label(i))));
            }
        }
        // without a list, or with the folders' own order, the data is used as it is
        assertSame(train, Runs.checkData("M", INPUT, 3, List.of(), "data", train, test).train());
        assertSame(train, Runs.checkData("M", INPUT, 3, List.of("blue", "green", "red"), "data", train, test).train());
    }

    @Test
    void aClassListNamingOtherClassesIsAnErrorNamingBothLists() throws IOException {
        ImageFolderDataset train = ImageFolderDataset.open(folder("train", 4, "red", "green", "blue"));
        ImageFolderDataset test = ImageFolderDataset.open(folder("test", 4, "red", "green", "blue"));
        CommandFailure f = fails(() -> Runs.checkData("M", INPUT, 3, List.of("red", "green", "yellow"), "data",
                train, test));
        assertEquals("the classes [red, green, yellow] do not match the class folders of " + tmp.resolve("train")
                + " [blue, green, red] (no folder for yellow; not in the list: blue); the list must name each class "
                + "folder once, and its order gives the labels", f.getMessage());
        f = fails(() -> Runs.checkData("M", INPUT, 3, List.of("red", "red", "blue"), "data", train, test));
        assertTrue(f.getMessage().contains("the list names a class twice"), f.getMessage());
    }

    @Test
    void splitsWithDifferentClassesAreAnErrorBeforeTraining() throws IOException {
        ImageFolderDataset train = ImageFolderDataset.open(folder("train", 4, "red", "green", "blue"));
        ImageFolderDataset test = ImageFolderDataset.open(folder("test", 4, "red", "green", "yellow"));
        CommandFailure f = fails(() -> Runs.checkData("M", INPUT, 3, List.of(), "data", train, test));
        assertEquals("the training and test splits have different classes: " + tmp.resolve("train")
                + " has [blue, green, red], " + tmp.resolve("test") + " has [green, red, yellow] (both need the same "
                + "class folders)", f.getMessage());
    }

    @Test
    void anEmptySplitIsAnErrorNamingIt() throws IOException {
        ImageFolderDataset train = ImageFolderDataset.open(folder("train", 4, "red", "green", "blue"));
        Dataset empty = train.first(1).first(0); // first(0) is all; an empty one is built below
        Dataset none = new Dataset() {
            @Override
            public int size() {
                return 0;
            }

            @Override
            public int[] sampleShape() {
                return INPUT;
            }

            @Override
            public List<String> classes() {
                return train.classes();
            }

            @Override
            public int label(int i) {
                throw new IndexOutOfBoundsException();
            }

            @Override
            public void copySample(int i, float[] dst, int offset) {
                throw new IndexOutOfBoundsException();
            }
        };
        assertEquals(1, empty.size());
        CommandFailure f = fails(() -> Runs.checkData("M", INPUT, 3, List.of(), "mnist", train, none));
        assertEquals("mnist (test split): the test split has no samples", f.getMessage());
        f = fails(() -> Runs.checkData("M", INPUT, 3, List.of(), "mnist", none, train));
        assertEquals("mnist (training split): the training split has no samples", f.getMessage());
    }

    @Test
    void aTestSplitOfAnotherImageSizeNamesAFile() throws IOException {
        ImageFolderDataset train = ImageFolderDataset.open(folder("train", 4, "red", "green", "blue"));
        ImageFolderDataset test = ImageFolderDataset.open(folder("test", 6, "red", "green", "blue"));
        CommandFailure f = fails(() -> Runs.checkData("M", INPUT, 3, List.of(), "data", train, test));
        assertEquals(tmp.resolve("test/blue/a.png") + ": the image is 6×6; the model expects 4×4 (the images of "
                + tmp.resolve("test") + " must fit the model's input [3, 4, 4])", f.getMessage());
        // and the model's channels, truthfully
        f = fails(() -> Runs.checkData("M", new int[] {1, 4, 4}, 3, List.of(), "data", train, train));
        assertTrue(f.getMessage().startsWith(tmp.resolve("train/blue/a.png") + ": the image has 3 channels (RGB); "
                + "the model expects 1 (grey)"), f.getMessage());
    }

    @Test
    void checkpointsCarryTheirClassNames() throws IOException {
        Path f = tmp.resolve("w.safetensors");
        StateDict d = new StateDict();
        d.put("w", HostTensor.ofFloats(new long[] {1}, 1f));
        d.putMetadata(Checkpoints.CLASSES, Checkpoints.classesValue(List.of("red", "green", "blue")));
        Safetensors.write(f, d);
        assertEquals(List.of("red", "green", "blue"), Runs.checkpointClasses(f, 3));
        assertNull(Runs.checkpointClasses(f, 4)); // another model's: not used
        assertNull(Checkpoints.classes(Map.of()));
        assertNull(Checkpoints.classes(Map.of("classes", "not json")));
        assertNull(Checkpoints.classes(Map.of("classes", "[1, 2]")));
        Recipe r = new Recipe(1, 1, 0, "sgd", "sgd", 0.1, 0, 0, "constant", Map.of(), 0, 0, 1, List.of(), null,
                null, null, List.of("a", "b", "c"), "ce", "fp32");
        assertEquals(List.of("red", "green", "blue"), Runs.classNames(List.of("red", "green", "blue"), r, 3, null));
        assertEquals(List.of("a", "b", "c"), Runs.classNames(null, r, 3, null)); // older checkpoints: the model's
    }

    @Test
    void labelsMustBeIntegersInRange() {
        Path floats = tmp.resolve("f.npy");
        Npy.write(floats, HostTensor.ofFloats(new long[] {2}, 0f, 1f));
        CommandFailure f = fails(() -> Runs.readLabels(floats, 2, 3));
        assertEquals(floats + ": labels must be integers in [0, 3), found <f4 (floating point); save them as an "
                + "integer array (np.int64)", f.getMessage());
        Path big = tmp.resolve("big.npy");
        Npy.write(big, HostTensor.ofLongs(new long[] {2}, 1, 1L << 40));
        f = fails(() -> Runs.readLabels(big, 2, 3));
        assertEquals(big + ": label 1099511627776 (sample 1) is not in [0, 3): labels must be integers in [0, 3)",
                f.getMessage());
        Path scalar = tmp.resolve("s.npy");
        Npy.write(scalar, HostTensor.ofLongs(new long[0], 1));
        f = fails(() -> Runs.readLabels(scalar, 2, 3));
        assertEquals(scalar + ": expected 2 labels [2], found a single number (a 0-d array)", f.getMessage());
        Path ok = tmp.resolve("ok.npy");
        Npy.write(ok, HostTensor.ofInts(new long[] {2}, 2, 0));
        assertArrayEquals(new int[] {2, 0}, Runs.readLabels(ok, 2, 3));
    }
}
