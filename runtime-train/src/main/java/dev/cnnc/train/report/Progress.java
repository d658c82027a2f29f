package dev.cnnc.train.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of one epoch: on a terminal a bar redrawn in place (batches done, loss, accuracy,
 * images/s, ETA); otherwise plain log lines, at most one per {@code logEvery} seconds, so CI
 * logs stay readable.
 */
public final class Progress {
    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final LongSupplier clock;
    private final double logEvery;
    private final long start;
    private long lastLog;
    private long lastDraw;

    /**
     * @param terminal whether {@code out} is an interactive terminal ({@code System.console() != null})
     * @param total    batches in the epoch
     * @param logEvery seconds between plain log lines
     * @param clock    nanoseconds (System::nanoTime; tests pass a fake)
     */
    public Progress(PrintWriter out, boolean terminal, String label, long total, double logEvery, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.logEvery = logEvery;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastLog = start;
        this.lastDraw = start - 1_000_000_000L;
    }

    /** After each batch: batches done, samples done, running mean loss and accuracy. */
    public void update(long done, long samples, double loss, double accuracy) {
        long now = clock.getAsLong();
        double elapsed = (now - start) / 1e9;
        double rate = elapsed > 0 ? samples / elapsed : 0;
        double eta = done > 0 ? elapsed * (total - done) / done : Double.NaN;
        if (terminal) {
            if (now - lastDraw < 100_000_000L && done < total) {
                return; // redraw at most ten times a second
            }
            lastDraw = now;
            int width = 24;
            int filled = (int) (width * done / Math.max(1, total));
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  loss %.4f  acc %.2f%%  %.0f img/s  ETA %s ", label,
                    "=".repeat(filled), " ".repeat(width - filled), done, total, loss, 100 * accuracy, rate,
                    time(eta));
            out.flush();
        } else if ((now - lastLog) / 1e9 >= logEvery && done < total) {
            lastLog = now;
            out.printf(Locale.ROOT, "%s %d/%d batches  loss %.4f  acc %.2f%%  %.0f img/s  ETA %s%n", label, done, total,
                    loss, 100 * accuracy, rate, time(eta));
            out.flush();
        }
    }

    /** Ends the bar's line on a terminal. */
    public void finish() {
        if (terminal) {
            out.print("\r" + " ".repeat(110) + "\r");
            out.flush();
        }
    }

    static String time(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
