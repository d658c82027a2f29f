package dev.cnnc.train;

import dev.cnnc.runtime.opencl.ClBuffer;
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
        double[] hostD = m.fp64() ? new double[m.batch() * m.sampleLength()] : null;
        for (Batch b : loader.epoch(epoch)) {
            upload(m, ex, b, hostD);
            ex.run("forward_inference");
            ex.run("zero_grads"); // the loss phase adds into the output's gradient: keep it bounded
            ex.run("loss");
            read(m, ex, m.loss(), losses);
            read(m, ex, m.logits(), logits);
            double sum = 0;
            for (int i = 0; i < b.size(); i++) {
                sum += losses[i];
            }
            c.addLoss(sum, b.size());
            c.add(logits, b.labels(), b.size());
        }
        return c;
    }

    /** Writes a batch's images (converted for fp64 programs) and labels. */
    static void upload(ModelBinding m, Executor ex, Batch b, double[] hostD) {
        ClBuffer in = ex.buffer(m.input());
        if (m.fp64()) {
            float[] src = b.images();
            for (int i = 0; i < hostD.length; i++) {
                hostD[i] = src[i];
            }
            in.write(hostD);
        } else {
            in.write(b.images());
        }
        ex.buffer(m.labels()).write(b.labels());
    }

    /** Reads reals into floats whatever the program's precision. */
    static void read(ModelBinding m, Executor ex, int buffer, float[] into) {
        if (m.fp64()) {
            double[] d = new double[into.length];
            ex.buffer(buffer).read(d);
            for (int i = 0; i < d.length; i++) {
                into[i] = (float) d[i];
            }
        } else {
            ex.buffer(buffer).read(into);
        }
    }
}
