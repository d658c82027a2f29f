package dev.cnnc.train;

import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.Locale;
import java.util.Map;

/**
 * The train section's {@code early_stop(patience, metric = test_loss, min_delta = 0)}, as Keras's
 * {@code EarlyStopping}: after each epoch the trainer {@linkplain #observe observes} the epoch's
 * {@link #metric}; a value improves on the best so far when it is lower by more than
 * {@code min_delta} (a loss) or higher by more than {@code min_delta} (an accuracy). After
 * {@code patience} epochs in a row without an improvement the run ends (the first epoch always
 * improves). Not thread-safe; one per run.
 */
public final class EarlyStop {
    private final int patience;
    private final String metric;
    private final double minDelta;
    private final boolean higherIsBetter;
    private double best;
    private int bestEpoch;
    private int since;

    public EarlyStop(int patience, String metric, double minDelta) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1: " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("min_delta must not be negative: " + minDelta);
        }
        if (!dev.cnnc.train.optim.Schedule.METRICS.contains(metric)) {
            throw new IllegalArgumentException("early_stop: unknown metric " + metric);
        }
        this.patience = patience;
        this.metric = metric;
        this.minDelta = minDelta;
        this.higherIsBetter = metric.endsWith("accuracy");
        this.best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** From the catalog's options ({@link TrainingCatalogs#STOPPING}); those left out take its defaults. */
    public static EarlyStop of(Map<String, ?> options) {
        ComponentSpec spec = TrainingCatalogs.STOPPING.require("early_stop");
        for (String k : options.keySet()) {
            if (spec.option(k) == null) {
                throw new IllegalArgumentException("early_stop has no option `" + k + "`");
            }
        }
        if (!(options.get("patience") instanceof Number p)) {
            throw new IllegalArgumentException("early_stop needs option `patience` (an integer)");
        }
        Object m = options.get("metric");
        Object d = options.get("min_delta");
        return new EarlyStop(p.intValue(), m == null ? (String) spec.option("metric").defaultValue() : m.toString(),
                d == null ? spec.defaultOf("min_delta") : ((Number) d).doubleValue());
    }

    public String metric() {
        return metric;
    }

    /**
     * Takes the metric's value after 1-based epoch {@code epoch}; true when the run should end
     * (then {@link #reason} says why).
     */
    public boolean observe(int epoch, double value) {
        boolean better = higherIsBetter ? value > best + minDelta : value < best - minDelta;
        if (better) {
            best = value;
            bestEpoch = epoch;
            since = 0;
        } else {
            since++;
        }
        return since >= patience;
    }

    /** Why the run ended, for the line the trainer prints. */
    public String reason() {
        return String.format(Locale.ROOT, "%s has not improved%s for %d epoch%s (best %.4f at epoch %d)",
                metric.replace('_', ' '), minDelta > 0 ? " by more than "
                        + java.math.BigDecimal.valueOf(minDelta).stripTrailingZeros().toPlainString() : "",
                since, since == 1 ? "" : "s", best, bestEpoch);
    }

    @Override
    public String toString() {
        return "early_stop(patience=" + patience + ", metric=" + metric + ", min_delta=" + minDelta + ")";
    }
}
