package dev.cnnc.train;

import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.data.Batch;
import dev.cnnc.train.data.DataLoader;
import dev.cnnc.train.metrics.Classification;

/**
 * Runs a model in inference mode over a data loader's epoch and gathers classification
 * metrics and the mean loss. A short last batch is padded by the loader; only its real
 * samples are counted.
 */
public final class Evaluation {
    private Evaluation() {
    }

    public static Classification run(ModelBinding m, Executor ex, DataLoader loader, int epoch) {
        Classification c = new Classification(m.classes());
        float[] logits = new float[m.batch() * m.classes()];
        float[] losses = new float[m.batch()];
        for (Batch b : loader.epoch(epoch)) {
            upload(m, ex, b);
            ex.run(ModelBinding.EVALUATION);
            ex.run("zero_grads"); // the loss phase adds into the output's gradient: keep it bounded
            ex.run("loss");
            Reals.read(ex.buffer(m.loss()), losses, m.fp64());
            Reals.read(ex.buffer(m.logits()), logits, m.fp64());
            int bad = NonFinite.count(logits, b.size() * m.classes()) + NonFinite.count(losses, b.size());
            if (bad > 0) {
                throw new NonFinite.NonFiniteException("the model's outputs (logits) or losses hold " + bad
                        + " NaN or infinite values in a batch of " + b.size() + " samples");
            }
            double sum = 0;
            for (int i = 0; i < b.size(); i++) {
                sum += losses[i];
            }
            c.addLoss(sum, b.size());
            c.add(logits, b.labels(), b.size());
        }
        return c;
    }

    /** Writes a batch's images and labels. */
    static void upload(ModelBinding m, Executor ex, Batch b) {
        Reals.write(ex.buffer(m.input()), b.images(), m.fp64());
        ex.buffer(m.labels()).write(b.labels());
    }
}
