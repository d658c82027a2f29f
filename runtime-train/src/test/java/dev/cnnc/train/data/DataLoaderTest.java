package dev.cnnc.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /**
     * n samples of [c, h, w]; pixel k of sample i is ((i·7 + k) mod 1009) / 1008, so the samples are
     * all different (for n ≤ 1009); label i mod 10. Optionally fails on one sample.
     */
    static final class Synthetic implements Dataset {
        final int n;
        final int[] shape;
        final int failAt;
        final CountDownLatch reads;

        Synthetic(int n, int c, int h, int w, int failAt) {
            this.n = n;
            this.shape = new int[] {c, h, w};
            this.failAt = failAt;
            this.reads = new CountDownLatch(1);
        }

        Synthetic(int n, int c, int h, int w) {
            this(n, c, h, w, -1);
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public int[] sampleShape() {
            return shape;
        }

        @Override
        public List<String> classes() {
            return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        }

        @Override
        public int label(int i) {
            return i % 10;
        }

        @Override
        public void copySample(int i, float[] dst, int offset) {
            reads.countDown();
            if (i == failAt) {
                throw new DataException("sample " + i + ": unreadable (test)");
            }
            for (int k = 0; k < sampleLength(); k++) {
                dst[offset + k] = ((i * 7 + k) % 1009) / 1008f;
            }
        }

        /** The sample whose images start at images[off]: inverts pixel 0 and checks the rest. */
        int identify(float[] images, int off) {
            for (int i = 0; i < n; i++) {
                boolean same = true;
                for (int k = 0; k < sampleLength() && same; k++) {
                    same = images[off + k] == ((i * 7 + k) % 1009) / 1008f;
                }
                if (same) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static List<Integer> samplesOf(Synthetic ds, DataLoader loader, int epoch) {
        List<Integer> seen = new ArrayList<>();
        int len = ds.sampleLength();
        for (Batch b : loader.epoch(epoch)) {
            for (int k = 0; k < b.size(); k++) {
                int i = ds.identify(b.images(), k * len);
                assertTrue(i >= 0, "batch holds a dataset sample");
                assertEquals(ds.label(i), b.labels()[k], "label of sample " + i);
                seen.add(i);
            }
        }
        return seen;
    }

    @Test
    void everySampleOncePerEpochWithAPartialLastBatch() {
        Synthetic ds = new Synthetic(103, 1, 2, 3);
        try (DataLoader loader = DataLoader.builder(ds).batchSize(10).seed(5).build()) {
            assertEquals(11, loader.batchesPerEpoch());
            assertEquals(103, loader.samplesPerEpoch());
            for (int e = 0; e < 3; e++) {
                List<Integer> sizes = new ArrayList<>();
                List<Integer> seen = new ArrayList<>();
                for (Batch b : loader.epoch(e)) {
                    sizes.add(b.size());
                    assertEquals(60, b.images().length);
                    for (int k = 0; k < b.size(); k++) {
                        seen.add(ds.identify(b.images(), k * 6));
                    }
                    for (int k = b.size() * 6; k < 60; k++) {
                        assertEquals(0f, b.images()[k], "the rest of a short batch is zero");
                    }
                }
                assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3), sizes);
                assertEquals(103, seen.size());
                List<Integer> sorted = new ArrayList<>(seen);
                sorted.sort(null);
                for (int i = 0; i < 103; i++) {
                    assertEquals(i, sorted.get(i));
                }
                assertNotEquals(sorted, seen, "shuffled");
                assertEquals(Arrays.stream(loader.order(e)).boxed().toList(), seen, "the epoch follows order(e)");
            }
        }
    }

    @Test
    void dropLast() {
        Synthetic ds = new Synthetic(103, 1, 2, 3);
        try (DataLoader loader = DataLoader.builder(ds).batchSize(10).dropLast(true).build()) {
            assertEquals(10, loader.batchesPerEpoch());
            assertEquals(100, loader.samplesPerEpoch());
            int batches = 0;
            for (Batch b : loader.epoch(0)) {
                assertEquals(10, b.size());
                batches++;
            }
            assertEquals(10, batches);
        }
        try (DataLoader loader = DataLoader.builder(ds).batchSize(200).dropLast(true).build()) {
            assertFalse(loader.epoch(0).iterator().hasNext(), "no full batch: an empty epoch");
            assertFalse(loader.epoch(1).iterator().hasNext());
        }
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasets() {
        Synthetic ds = new Synthetic(25, 1, 2, 2);
        try (DataLoader loader = DataLoader.builder(ds).batchSize(8).shuffle(false).build()) {
            List<Integer> want = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                want.add(i);
            }
            assertEquals(want, samplesOf(ds, loader, 0));
            assertEquals(want, samplesOf(ds, loader, 1));
        }
    }

    @Test
    void sameSeedSameOrderDifferentSeedOrEpochDifferentOrder() {
        Synthetic ds = new Synthetic(50, 1, 2, 2);
        try (DataLoader a = DataLoader.builder(ds).batchSize(7).seed(42).build();
                DataLoader b = DataLoader.builder(ds).batchSize(7).seed(42).build();
                DataLoader c = DataLoader.builder(ds).batchSize(7).seed(43).build()) {
            List<Integer> a0 = samplesOf(ds, a, 0);
            List<Integer> a1 = samplesOf(ds, a, 1);
            assertEquals(a0, samplesOf(ds, b, 0));
            assertEquals(a1, samplesOf(ds, b, 1));
            assertNotEquals(a0, a1, "another epoch, another order");
            assertNotEquals(a0, samplesOf(ds, c, 0), "another seed, another order");
            // asking for an epoch out of sequence gives the same batches as in sequence
            assertEquals(a0, samplesOf(ds, a, 0));
            assertEquals(a1, samplesOf(ds, a, 1));
        }
    }

    private static List<float[]> collect(DataLoader loader, int epoch) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : loader.epoch(epoch)) {
            out.add(Arrays.copyOf(b.images(), b.size() * loader.dataset().sampleLength()));
            out.add(toFloats(b.labels(), b.size()));
        }
        return out;
    }

    private static float[] toFloats(int[] labels, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = labels[i];
        }
        return f;
    }

    private static List<Augmentation> augs() {
        return List.of(Augmentations.create("translate", Map.of("pixels", 2)), Augmentations.create("hflip", Map.of()),
                Augmentations.create("rotate", Map.of("degrees", 15.0)),
                Augmentations.create("cutout", Map.of("size", 2, "p", 0.5)));
    }

    private static void assertSameBatches(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch item " + i);
        }
    }

    private static boolean sameBatches(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void sameSeedSameAugmentedPixelsWhateverTheWorkers() {
        Synthetic ds = new Synthetic(90, 2, 6, 6);
        try (DataLoader one = DataLoader.builder(ds).batchSize(16).seed(7).augment(augs()).build();
                DataLoader three = DataLoader.builder(ds).batchSize(16).seed(7).augment(augs()).workers(3)
                        .prefetch(1).build();
                DataLoader other = DataLoader.builder(ds).batchSize(16).seed(8).augment(augs()).build()) {
            List<float[]> e0 = collect(one, 0);
            List<float[]> e1 = collect(one, 1);
            assertSameBatches(e0, collect(three, 0));
            assertSameBatches(e1, collect(three, 1));
            assertFalse(sameBatches(e0, collect(other, 0)));
            assertFalse(sameBatches(e0, e1));
            // again, out of sequence: the same
            assertSameBatches(e0, collect(one, 0));
            // augmentation changed the pixels: some samples are not found as they are in the dataset
            int changed = 0;
            for (int i = 0; i < e0.size(); i += 2) {
                float[] imgs = e0.get(i);
                for (int k = 0; k < imgs.length / 72; k++) {
                    changed += ds.identify(imgs, k * 72) < 0 ? 1 : 0;
                }
            }
            assertTrue(changed > 45, "augmented samples: " + changed);
        }
    }

    @Test
    void normalizationPerChannelAndOneNumber() {
        Synthetic ds = new Synthetic(4, 2, 1, 3);
        double[] mean = {0.25, 0.5};
        double[] std = {0.5, 0.2};
        try (DataLoader l = DataLoader.builder(ds).batchSize(4).shuffle(false).normalize(mean, std).build();
                DataLoader one = DataLoader.builder(ds).batchSize(4).shuffle(false)
                        .normalize(new double[] {0.3}, new double[] {0.7}).build()) {
            Batch b = l.epoch(0).iterator().next();
            Batch o = one.epoch(0).iterator().next();
            float[] raw = new float[6];
            for (int i = 0; i < 4; i++) {
                ds.copySample(i, raw, 0);
                for (int ch = 0; ch < 2; ch++) {
                    for (int k = 0; k < 3; k++) {
                        float x = raw[ch * 3 + k];
                        assertEquals((x - (float) mean[ch]) / (float) std[ch], b.images()[i * 6 + ch * 3 + k]);
                        assertEquals((x - 0.3f) / 0.7f, o.images()[i * 6 + ch * 3 + k]);
                    }
                }
            }
            // sample 3, channel 1, pixel 0: x = (21 + 3) / 1008 → (x - 0.5) / 0.2 = -2.380952...
            assertEquals((24 / 1008.0 - 0.5) / 0.2, b.images()[3 * 6 + 3], 1e-6);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(ds).normalize(new double[] {0.1, 0.2, 0.3}, null).build());
        assertEquals("mean has 3 values; give one number or one per channel (2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(ds).normalize(null, new double[] {0}).build());
        assertEquals("std must be > 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(ds)
                .augment(List.of(Augmentations.create("hue", Map.of("delta", 0.1)))).build());
        assertEquals("augmentation hue needs 3-channel (RGB) images; the data has 2 channels", e.getMessage());
    }

    @Test
    void augmentationsComeBeforeNormalization() {
        Synthetic ds = new Synthetic(1, 1, 1, 4);
        Augmentation setHalf = (img, c, h, w, rnd) -> Arrays.fill(img, 0, c * h * w, 0.5f);
        try (DataLoader l = DataLoader.builder(ds).batchSize(1).augment(List.of(setHalf))
                .normalize(new double[] {0.1}, new double[] {2}).build()) {
            Batch b = l.epoch(0).iterator().next();
            for (int k = 0; k < 4; k++) {
                assertEquals((0.5f - 0.1f) / 2f, b.images()[k]);
            }
        }
    }

    @Test
    void consecutiveEpochsAndAbandonedEpochs() {
        Synthetic ds = new Synthetic(30, 1, 1, 2);
        try (DataLoader a = DataLoader.builder(ds).batchSize(4).seed(3).build();
                DataLoader ref = DataLoader.builder(ds).batchSize(4).seed(3).build()) {
            List<Integer> want2 = samplesOf(ds, ref, 2);
            Iterator<Batch> it = a.epoch(0).iterator();
            it.next();
            it.next(); // leave epoch 0 after two batches
            assertEquals(want2, samplesOf(ds, a, 2));
            assertEquals(samplesOf(ds, ref, 3), samplesOf(ds, a, 3));
        }
    }

    @Test
    void abandonedEpochsWithWorkersGiveTheSameBatches() {
        Synthetic ds = new Synthetic(400, 1, 8, 8);
        try (DataLoader a = DataLoader.builder(ds).batchSize(32).seed(9).augment(augs()).workers(3).build();
                DataLoader ref = DataLoader.builder(ds).batchSize(32).seed(9).augment(augs()).build()) {
            List<float[]> want = collect(ref, 1);
            for (int round = 0; round < 5; round++) {
                Iterator<Batch> it = a.epoch(0).iterator();
                for (int k = 0; k <= round; k++) {
                    it.next();
                }
                assertSameBatches(want, collect(a, 1));
            }
        }
    }

    @Test
    void buffersAreReused() {
        Synthetic ds = new Synthetic(200, 1, 2, 2);
        try (DataLoader l = DataLoader.builder(ds).batchSize(2).prefetch(2).build()) {
            java.util.Set<float[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (Batch b : l.epoch(0)) {
                arrays.add(b.images());
            }
            assertTrue(arrays.size() <= 4, "a pool of prefetch + 2 buffers, not one per batch: " + arrays.size());
        }
    }

    @Test
    void loaderErrorsReachTheConsumer() {
        Synthetic ds = new Synthetic(100, 1, 2, 2, 57);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (DataLoader l = DataLoader.builder(ds).batchSize(8).shuffle(false).build()) {
                int batches = 0;
                DataException e = null;
                try {
                    for (Batch b : l.epoch(0)) {
                        batches++;
                    }
                } catch (DataException x) {
                    e = x;
                }
                assertTrue(e != null, "the failure is thrown");
                assertEquals("sample 57: unreadable (test)", e.getMessage());
                assertEquals(DataException.class, e.getCause().getClass());
                assertEquals(7, batches, "batches before the one with sample 57 arrive");
                DataException again = assertThrows(DataException.class, () -> l.epoch(1));
                assertEquals("sample 57: unreadable (test)", again.getMessage());
            }
        });
        Augmentation broken = (img, c, h, w, rnd) -> {
            throw new IllegalStateException("boom");
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (DataLoader l = DataLoader.builder(new Synthetic(10, 1, 2, 2)).augment(List.of(broken)).workers(2)
                    .build()) {
                DataException e = assertThrows(DataException.class, () -> l.epoch(0).iterator().hasNext());
                assertEquals("data loader failed: boom", e.getMessage());
                assertSame(IllegalStateException.class, e.getCause().getClass());
            }
        });
    }

    @Test
    void closeStopsTheThreads() throws InterruptedException {
        Synthetic ds = new Synthetic(1000, 1, 4, 4);
        DataLoader l = DataLoader.builder(ds).batchSize(10).workers(2).build();
        Iterator<Batch> it = l.epoch(0).iterator();
        it.next();
        ds.reads.await();
        Thread.sleep(50); // the producer fills the pool and blocks
        assertTrue(l.threadsAlive());
        l.close();
        assertFalse(l.threadsAlive(), "no loader thread after close");
        l.close(); // twice is fine
        assertThrows(IllegalStateException.class, () -> l.epoch(1));
        assertThrows(IllegalStateException.class, it::hasNext);
    }

    /** Fashion-MNIST at batch 64 with [translate(2), hflip]: prints images/s; asserts only correctness. */
    @Test
    void fashionMnistThroughput() {
        long tl = System.nanoTime();
        Dataset ds = Datasets.open("fashion-mnist", null, true);
        System.out.printf("fashion-mnist train split loaded in %.2f s%n", (System.nanoTime() - tl) / 1e9);
        List<Augmentation> augs = List.of(Augmentations.create("translate", Map.of("pixels", 2)),
                Augmentations.create("hflip", Map.of()));
        try (DataLoader l = DataLoader.builder(ds).batchSize(64).seed(1).augment(augs)
                .normalize(new double[] {0.2860}, new double[] {0.3530}).build()) {
            for (int e = 0; e < 3; e++) {
                long t0 = System.nanoTime();
                long wait0 = l.waitNanos();
                int images = 0;
                int batches = 0;
                int labelSum = 0;
                for (Batch b : l.epoch(e)) {
                    images += b.size();
                    batches++;
                    labelSum += b.labels()[0];
                }
                double s = (System.nanoTime() - t0) / 1e9;
                assertEquals(60_000, images);
                assertEquals(938, batches);
                assertTrue(labelSum > 0);
                System.out.printf("fashion-mnist loader, batch 64, [translate(2), hflip]: epoch %d: %.0f images/s "
                        + "(%.2f s; consumer waited %.2f s)%n", e, images / s, s, (l.waitNanos() - wait0) / 1e9);
            }
            // a consumer that works 0.5 ms per batch (about a small model's training step) should not wait
            long t0 = System.nanoTime();
            long wait0 = l.waitNanos();
            int images = 0;
            for (Batch b : l.epoch(3)) {
                images += b.size();
                long until = System.nanoTime() + 500_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            assertEquals(60_000, images);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("fashion-mnist loader with a consumer busy 0.5 ms per batch: %.2f s for %d batches, "
                    + "consumer waited %.3f s%n", s, l.batchesPerEpoch(), (l.waitNanos() - wait0) / 1e9);
        }
    }
}
