package dev.cnnc.train.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Progress of one epoch: on a terminal a bar redrawn in place (batches done, loss, accuracy,
 * images/s, ETA), fitted to the terminal's width so that a redraw never wraps onto a new line;
 * otherwise plain log lines, at most one per {@code logEvery} seconds, so CI logs stay readable.
 * A run interrupted while a bar is drawn ends the bar's line ({@link #interrupted}).
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
    private final IntSupplier columns;
    private int width = -1;
    private long widthAt;
    private long done;
    private int drawn; // characters of the bar's line now on screen

    /** The bar on screen now, if any: what an interrupt must end. */
    private static volatile Progress active;

    /**
     * @param terminal whether {@code out} is an interactive terminal ({@code System.console() != null})
     * @param total    batches in the epoch
     * @param logEvery seconds between plain log lines
     * @param clock    nanoseconds (System::nanoTime; tests pass a fake)
     */
    public Progress(PrintWriter out, boolean terminal, String label, long total, double logEvery, LongSupplier clock) {
        this(out, terminal, label, total, logEvery, clock, Terminal::columns);
    }

    /** As the other constructor, with the terminal's width in columns from {@code columns} (tests pass a fixed one). */
    public Progress(PrintWriter out, boolean terminal, String label, long total, double logEvery, LongSupplier clock,
                    IntSupplier columns) {
        this.columns = columns;
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.logEvery = logEvery;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastLog = start;
        this.lastDraw = start - 1_000_000_000L;
        active = this;
    }

    /** After each batch: batches done, samples done, running mean loss and accuracy. */
    public void update(long done, long samples, double loss, double accuracy) {
        long now = clock.getAsLong();
        double elapsed = (now - start) / 1e9;
        double rate = elapsed > 0 ? samples / elapsed : 0;
        double eta = done > 0 ? elapsed * (total - done) / done : Double.NaN;
        this.done = done;
        if (terminal) {
            if (now - lastDraw < 100_000_000L && done < total) {
                return; // redraw at most ten times a second
            }
            lastDraw = now;
            if (width < 0 || now - widthAt > 2_000_000_000L) {
                width = columns.getAsInt(); // again every 2 s: the window may have been resized
                widthAt = now;
            }
            String line = line(width - 1, done, loss, accuracy, rate, eta); // (the last column would wrap)
            // pad over what the last redraw left, then back to the line's start
            out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            drawn = line.length();
            out.flush();
        } else if ((now - lastLog) / 1e9 >= logEvery && done < total) {
            lastLog = now;
            out.printf(Locale.ROOT, "%s %d/%d batches  loss %.4f  acc %.2f%%  %.0f img/s  ETA %s%n", label, done, total,
                    loss, 100 * accuracy, rate, time(eta));
            out.flush();
        }
    }

    /**
     * The bar's line in at most {@code max} characters: the bar shrinks first (to 10), then the
     * parts go (images/s, accuracy, ETA, loss), then the line is cut.
     */
    String line(int max, long done, double loss, double accuracy, double rate, double eta) {
        String count = done + "/" + total;
        String[] parts = {String.format(Locale.ROOT, "  loss %.4f", loss),
            String.format(Locale.ROOT, "  acc %.2f%%", 100 * accuracy), String.format(Locale.ROOT, "  %.0f img/s", rate),
            "  ETA " + time(eta)};
        int[] dropOrder = {2, 1, 3, 0}; // images/s first, then accuracy, the ETA, the loss
        for (int dropped = 0; dropped <= parts.length; dropped++) {
            int keep = parts.length - dropped;
            StringBuilder t = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                boolean gone = false;
                for (int d = 0; d < dropped; d++) {
                    gone |= dropOrder[d] == i;
                }
                t.append(gone ? "" : parts[i]);
            }
            String tail = t.toString();
            int fixed = label.length() + 4 + count.length() + tail.length(); // "label [bar] count tail"
            int bar = Math.min(30, max - fixed);
            if (bar >= 10 || keep == 0) {
                bar = Math.max(bar, 0);
                int filled = (int) (bar * done / Math.max(1, total));
                String s = label + " [" + "=".repeat(filled) + " ".repeat(bar - filled) + "] " + count + tail;
                return s.length() <= max ? s : s.substring(0, Math.max(0, max));
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Ends the bar's line on a terminal. */
    public void finish() {
        if (terminal) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
            out.flush();
        }
        if (active == this) {
            active = null;
        }
    }

    /**
     * After an interrupt (Ctrl-C): ends the line of the bar on screen, if any, so that what is
     * printed next starts on a line of its own; returns where the epoch under way had got to
     * ("epoch 2/10, batch 120/938"), or null when none was.
     */
    public static String interrupted() {
        Progress p = active;
        if (p == null) {
            return null;
        }
        active = null;
        if (p.terminal && p.drawn > 0) {
            p.out.println();
            p.out.flush();
        }
        return p.label + ", batch " + p.done + "/" + p.total;
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
