package dev.cnnc.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of a {@link Dataset}, made on a background thread a few batches ahead of the consumer.
 *
 * <p>Per sample, in this order: the dataset's pixels in [0, 1] → the augmentation steps, in list
 * order → normalization {@code (x - mean[c]) / std[c]} (float arithmetic; one number or one per
 * channel) → the batch, NCHW.
 *
 * <p>Reproducible: the order of epoch e is a Fisher–Yates shuffle seeded from (seed, e) (or 0..n-1
 * without shuffling), and the augmentations of a sample draw from a {@link Random} seeded from
 * (seed, e, sample index), so the same seed gives the same batches, bit for bit, whatever the
 * threads' timing or the number of workers.
 *
 * <p>Use from one consumer thread:
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(ds).batchSize(64).seed(1).augment(augs).build()) {
 *     for (int e = 0; e < epochs; e++) {
 *         for (Batch b : loader.epoch(e)) { ... b.images(), b.labels(), b.size() ... }
 *     }
 * }
 * }</pre>
 * The producer starts at the first {@link #epoch} call and goes on into the following epochs, so
 * consecutive epochs flow without a pause; asking for another epoch (or again for the same one, or
 * after leaving one unfinished) restarts it there. Buffers come from a pool of prefetch + 2 batches
 * and are reused: a {@link Batch} is valid until the next call on the iterator. A failure on the
 * loader thread (an unreadable image, an augmentation error) is thrown to the consumer as a
 * {@link DataException} with the failure as cause. {@link #close} stops the threads.
 */
public final class DataLoader implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Normalization normalization; // or null
    private final List<Augmentation> augmentations;
    private final int workers;
    private final int c;
    private final int h;
    private final int w;
    private final int sampleLen;
    private final int batches;
    private final Slot[] slots;
    private final BlockingQueue<Slot> free;
    private final BlockingQueue<Item> queue;
    private final ExecutorService pool;
    private final int id = IDS.incrementAndGet();

    private volatile Thread producer;
    private Thread lastProducer; // for threadsAlive() after close
    private Slot held; // the slot of the batch the consumer has now
    private int nextEpoch = -1; // the epoch whose first item is at the head of the queue, when atBoundary
    private boolean atBoundary;
    private DataException failure;
    private volatile boolean closed;
    private long waitNanos;

    /** Reusable buffers of one batch. */
    private static final class Slot {
        final float[] images;
        final int[] labels;

        Slot(int batch, int sampleLen) {
            images = new float[batch * sampleLen];
            labels = new int[batch];
        }
    }

    private interface Item {
    }

    private record BatchItem(int epoch, Slot slot, Batch batch) implements Item {
    }

    private record EndItem(int epoch) implements Item {
    }

    private record ErrorItem(Throwable error) implements Item {
    }

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.augmentations = List.copyOf(b.augmentations);
        this.workers = b.workers;
        int[] shape = dataset.sampleShape();
        this.c = shape[0];
        this.h = shape[1];
        this.w = shape[2];
        this.sampleLen = c * h * w;
        this.normalization = Normalization.of(b.mean, b.std, shape);
        for (Augmentation a : augmentations) {
            a.check(c, h, w);
        }
        int n = dataset.size();
        this.batches = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
        int poolSize = b.prefetch + 2;
        this.slots = new Slot[poolSize];
        this.free = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            slots[i] = new Slot(batchSize, sampleLen);
        }
        this.queue = new ArrayBlockingQueue<>(poolSize + 2);
        if (workers > 1) {
            AtomicInteger k = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "cnnc-data-worker-" + id + "-" + k.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.pool = null;
        }
    }

    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** Options of a {@link DataLoader}; see the setters for defaults. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 64;
        private boolean shuffle = true;
        private long seed;
        private boolean dropLast;
        private double[] mean;
        private double[] std;
        private List<Augmentation> augmentations = List.of();
        private int prefetch = 3;
        private int workers = 1;

        private Builder(Dataset dataset) {
            if (dataset == null) {
                throw new IllegalArgumentException("no dataset");
            }
            this.dataset = dataset;
        }

        /** Samples per batch (default 64). */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be ≥ 1, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /** Shuffle each epoch (default true); false gives samples in dataset order. */
        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        /** Seed of the shuffles and augmentations (default 0). */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Drop the last batch when it is short (default false: it comes with its real size). */
        public Builder dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        /**
         * Normalization {@code (x - mean[c]) / std[c]} after augmentation; each array holds one
         * number or one per channel; null for none (default: none). Either may be null alone
         * (mean 0 or std 1).
         */
        public Builder normalize(double[] mean, double[] std) {
            this.mean = mean == null ? null : mean.clone();
            this.std = std == null ? null : std.clone();
            return this;
        }

        /** Augmentation steps, applied in order to every sample (default none). */
        public Builder augment(List<Augmentation> steps) {
            this.augmentations = List.copyOf(steps);
            return this;
        }

        /** Batches made ahead of the consumer, 1..16 (default 3). */
        public Builder prefetch(int n) {
            if (n < 1 || n > 16) {
                throw new IllegalArgumentException("prefetch must be in 1..16, got " + n);
            }
            this.prefetch = n;
            return this;
        }

        /**
         * Threads that decode and augment the samples of a batch (default 1: the loader thread
         * alone); more help with expensive samples (image files, rotations of large images). The
         * result does not depend on it.
         */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be ≥ 1, got " + n);
            }
            this.workers = n;
            return this;
        }

        /**
         * @throws IllegalArgumentException if mean/std do not match the channel count, a std is
         *     not positive, or an augmentation does not apply to the data (e.g. hue on grey images)
         */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch: ⌈n / batch⌉, or ⌊n / batch⌋ with drop_last. */
    public int batchesPerEpoch() {
        return batches;
    }

    /** Samples per epoch: n, or batches · batch with drop_last. */
    public int samplesPerEpoch() {
        return dropLast ? batches * batchSize : dataset.size();
    }

    /** Total time the consumer has waited for a batch, in nanoseconds (0 when the loader keeps ahead). */
    public long waitNanos() {
        return waitNanos;
    }

    /** The sample order of an epoch: a permutation of 0..n-1 (the identity without shuffling). */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random r = new Random(mix(mix(seed ^ 0x5EEDL) + epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** Seed of the augmentation generator of sample {@code index} in {@code epoch}. */
    long sampleSeed(int epoch, int index) {
        return mix(mix(mix(seed ^ 0xA0A0A0A0L) + epoch) + index);
    }

    /** SplitMix64's finalizer: a bijective mix of 64 bits. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The batches of epoch {@code epoch} (epochs count from 0), in order; iterate it once. A batch
     * is valid until the next call on the iterator.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public Iterable<Batch> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be ≥ 0, got " + epoch);
        }
        ensureOpen();
        release();
        if (failure != null) {
            throw failure;
        }
        if (producer == null || !atBoundary || nextEpoch != epoch) {
            restart(epoch);
        }
        atBoundary = false;
        return () -> new EpochIterator(epoch);
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final int epoch;
        private BatchItem peeked;
        private boolean done;

        EpochIterator(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public boolean hasNext() {
            ensureOpen();
            if (done) {
                return false;
            }
            if (peeked != null) {
                return true;
            }
            release();
            Item it = take();
            if (it instanceof EndItem) {
                if (((EndItem) it).epoch() != epoch) {
                    throw new IllegalStateException("data loader out of step: end of epoch " + ((EndItem) it).epoch()
                            + " while reading epoch " + epoch);
                }
                done = true;
                atBoundary = true;
                nextEpoch = epoch + 1;
                return false;
            }
            BatchItem b = (BatchItem) it;
            if (b.epoch() != epoch) {
                throw new IllegalStateException("data loader out of step: a batch of epoch " + b.epoch()
                        + " while reading epoch " + epoch + " (use one iterator per epoch() call)");
            }
            peeked = b;
            return true;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("end of epoch " + epoch);
            }
            BatchItem b = peeked;
            peeked = null;
            held = b.slot();
            return b.batch();
        }
    }

    /** Gives the consumer's batch buffer back to the pool. */
    private void release() {
        if (held != null) {
            free.add(held);
            held = null;
        }
    }

    private Item take() {
        Item it = queue.poll();
        if (it == null) {
            long t0 = System.nanoTime();
            try {
                while (it == null) {
                    it = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (it == null && closed) {
                        throw new IllegalStateException("data loader is closed");
                    }
                    if (it == null && (producer == null || !producer.isAlive()) && queue.isEmpty()) {
                        failure = new DataException("data loader thread stopped without a result");
                        throw failure;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("interrupted while waiting for a batch", e);
            } finally {
                waitNanos += System.nanoTime() - t0;
            }
        }
        if (it instanceof ErrorItem) {
            Throwable t = ((ErrorItem) it).error();
            String msg = t.getMessage() != null ? t.getMessage() : t.toString();
            failure = new DataException(t instanceof DataException ? msg : "data loader failed: " + msg, t);
            throw failure;
        }
        return it;
    }

    private void restart(int epoch) {
        stopProducer();
        queue.clear();
        held = null;
        free.clear();
        free.addAll(Arrays.asList(slots));
        Thread t = new Thread(() -> produce(epoch), "cnnc-data-loader-" + id);
        t.setDaemon(true);
        producer = t;
        lastProducer = t;
        t.start();
    }

    private void stopProducer() {
        Thread t = producer;
        producer = null;
        if (t == null) {
            return;
        }
        t.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void produce(int startEpoch) {
        try {
            for (int e = startEpoch; ; e++) {
                int[] order = order(e);
                for (int b = 0; b < batches; b++) {
                    Slot s = free.take();
                    int start = b * batchSize;
                    int n = Math.min(batchSize, order.length - start);
                    fill(s, order, start, n, e);
                    if (n < batchSize) {
                        Arrays.fill(s.images, n * sampleLen, s.images.length, 0f);
                        Arrays.fill(s.labels, n, batchSize, 0);
                    }
                    queue.put(new BatchItem(e, s, new Batch(s.images, s.labels, n)));
                }
                queue.put(new EndItem(e));
            }
        } catch (InterruptedException e) {
            // stopped by close() or a restart
        } catch (Throwable t) {
            try {
                queue.put(new ErrorItem(t));
            } catch (InterruptedException e) {
                // stopped meanwhile: nobody to tell
            }
        }
    }

    private void fill(Slot s, int[] order, int start, int n, int epoch) throws InterruptedException {
        if (pool == null || n < 2) {
            fillRange(s, order, start, 0, n, epoch, new Random());
            return;
        }
        int parts = Math.min(workers, n);
        List<Future<?>> fs = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            fs.add(pool.submit(() -> {
                fillRange(s, order, start, from, to, epoch, new Random());
                return null;
            }));
        }
        // wait for every part, even when interrupted or when one fails: a part still running must not
        // write into a buffer that a restarted producer has taken again
        Throwable first = null;
        boolean interrupted = false;
        for (Future<?> f : fs) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            throw new InterruptedException();
        }
        if (first instanceof RuntimeException) {
            throw (RuntimeException) first;
        }
        if (first instanceof Error) {
            throw (Error) first;
        }
        if (first != null) {
            throw new DataException(String.valueOf(first), first);
        }
    }

    private static final ThreadLocal<float[]> SAMPLE = ThreadLocal.withInitial(() -> new float[0]);

    /** Samples [from, to) of the batch starting at order[start]. */
    private void fillRange(Slot s, int[] order, int start, int from, int to, int epoch, Random rnd) {
        boolean aug = !augmentations.isEmpty();
        float[] tmp = null;
        if (aug) {
            tmp = SAMPLE.get();
            if (tmp.length < sampleLen) {
                tmp = new float[sampleLen];
                SAMPLE.set(tmp);
            }
        }
        for (int k = from; k < to; k++) {
            int idx = order[start + k];
            int off = k * sampleLen;
            if (aug) {
                dataset.copySample(idx, tmp, 0);
                rnd.setSeed(sampleSeed(epoch, idx));
                for (Augmentation a : augmentations) {
                    a.apply(tmp, c, h, w, rnd);
                }
                System.arraycopy(tmp, 0, s.images, off, sampleLen);
            } else {
                dataset.copySample(idx, s.images, off);
            }
            if (normalization != null) {
                normalization.apply(s.images, off);
            }
            s.labels[k] = dataset.label(idx);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("data loader is closed");
        }
    }

    /** Whether a thread of this loader is still running (for tests). */
    boolean threadsAlive() {
        Thread t = lastProducer;
        return (t != null && t.isAlive()) || (pool != null && !pool.isTerminated());
    }

    /** Stops the loader thread and the workers; waits for them. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProducer();
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }
}
