package dev.cnnc.train.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Draws a run's loss and accuracy per epoch (train and test) as a PNG, headless. */
public final class Plot {
    private static final int W = 1000;
    private static final int H = 420;
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color TEST = new Color(0xd62728);

    private Plot() {
    }

    public static void write(MetricsLog log, String title, Path png) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.BLACK);
            g.drawString(title, 20, 22);
            List<MetricsLog.Epoch> e = log.epochs();
            panel(g, e, 20, 40, W / 2 - 30, H - 80, "loss", MetricsLog.Epoch::trainLoss, MetricsLog.Epoch::testLoss,
                    false);
            panel(g, e, W / 2 + 10, 40, W / 2 - 30, H - 80, "accuracy (%)", x -> 100 * x.trainAccuracy(),
                    x -> 100 * x.testAccuracy(), true);
            g.setColor(TRAIN);
            g.drawString("train", 20, H - 12);
            g.setColor(TEST);
            g.drawString("test", 80, H - 12);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        MetricsLog.write(png, out.toByteArray());
    }

    private static void panel(Graphics2D g, List<MetricsLog.Epoch> epochs, int x, int y, int w, int h, String name,
                              ToDoubleFunction<MetricsLog.Epoch> train, ToDoubleFunction<MetricsLog.Epoch> test,
                              boolean percent) {
        int left = x + 55;
        int bottom = y + h - 25;
        int right = x + w;
        int top = y + 20;
        g.setColor(Color.BLACK);
        g.drawString(name, x, y + 12);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, bottom, left, top);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (MetricsLog.Epoch e : epochs) {
            for (double v : new double[] {train.applyAsDouble(e), test.applyAsDouble(e)}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return;
        }
        double pad = Math.max(1e-9, (hi - lo) * 0.08);
        lo -= pad;
        hi += pad;
        if (!percent) {
            lo = Math.max(0, lo);
        }
        int n = epochs.size();
        g.setColor(Color.GRAY);
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            int py = bottom - (int) Math.round((bottom - top) * (v - lo) / (hi - lo));
            g.drawString(String.format(Locale.ROOT, percent ? "%.1f" : "%.3f", v), x, py + 4);
        }
        for (int i = 0; i < n; i++) {
            int px = n == 1 ? (left + right) / 2 : left + (right - left) * i / (n - 1);
            g.drawString(Integer.toString(epochs.get(i).epoch()), px - 4, bottom + 16);
        }
        g.setStroke(new BasicStroke(2f));
        line(g, epochs, train, TRAIN, left, right, top, bottom, lo, hi);
        line(g, epochs, test, TEST, left, right, top, bottom, lo, hi);
    }

    private static void line(Graphics2D g, List<MetricsLog.Epoch> epochs, ToDoubleFunction<MetricsLog.Epoch> f, Color c,
                             int left, int right, int top, int bottom, double lo, double hi) {
        g.setColor(c);
        int n = epochs.size();
        int px0 = -1;
        int py0 = -1;
        for (int i = 0; i < n; i++) {
            double v = f.applyAsDouble(epochs.get(i));
            if (!Double.isFinite(v)) {
                continue;
            }
            int px = n == 1 ? (left + right) / 2 : left + (right - left) * i / (n - 1);
            int py = bottom - (int) Math.round((bottom - top) * (v - lo) / (hi - lo));
            g.fillOval(px - 3, py - 3, 6, 6);
            if (px0 >= 0) {
                g.drawLine(px0, py0, px, py);
            }
            px0 = px;
            py0 = py;
        }
    }
}
