package dev.cnnc.train.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a run's history ({@link MetricsLog}) as {@code metrics.png} with JFreeChart, headless:
 * the run's title over three panels that share an x axis in epochs (optimizer steps fall at
 * fractions of their epoch, an epoch's numbers at its end):
 *
 * <ul>
 *   <li>loss: each step's loss (faint), its exponential moving average ({@link #smoothed}), the
 *       epoch's mean training loss and the test loss after it;
 *   <li>accuracy: training and test accuracy per epoch, in percent;
 *   <li>learning rate: per step, or per epoch for a run without {@code steps.csv}.
 * </ul>
 *
 * Axes choose round tick values (1, 2 or 5 times a power of ten; whole epochs), with grid lines.
 */
public final class Plot {
    static {
        System.setProperty("java.awt.headless", "true"); // before AWT starts: no display is needed or used
    }

    /** The image's width in pixels: readable at 100%. */
    public static final int WIDTH = 1200;
    /** The image's height in pixels. */
    public static final int HEIGHT = 900;

    static final Color TRAIN = new Color(0x1f77b4);
    static final Color TEST = new Color(0xd62728);
    static final Color LEARNING_RATE = new Color(0x2ca02c);
    /** Raw per-step losses: the training colour, mostly transparent. */
    private static final Color STEP = new Color(0x1f77b4 | 0x66000000, true);
    /** Their moving average. */
    private static final Color SMOOTHED = new Color(0xff7f0e);
    private static final Color GRID = new Color(0xd0d0d0);
    private static final int TITLE_HEIGHT = 44;
    /** Per-epoch lines have a dot at each epoch up to this many epochs (more would merge into a bar). */
    private static final int MAX_DOTTED_EPOCHS = 40;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font PANEL_TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** The three panels of the image, each a chart of its own. */
    record Panels(JFreeChart loss, JFreeChart accuracy, JFreeChart learningRate) {
    }

    private Plot() {
    }

    /** Draws {@code log} under {@code title} and writes the PNG to {@code png} atomically. */
    public static void write(MetricsLog log, String title, Path png) {
        BufferedImage img = draw(panels(log), title);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MetricsLog.write(png, out.toByteArray());
    }

    /** The loss, accuracy and learning-rate charts of {@code log}. */
    static Panels panels(MetricsLog log) {
        List<MetricsLog.Epoch> epochs = log.epochs();
        List<MetricsLog.Step> steps = log.steps();
        double[] at = stepPositions(steps);

        XYSeries stepLoss = new XYSeries("loss per step", false);
        XYSeries smoothLoss = new XYSeries("loss per step, moving average", false);
        double[] losses = steps.stream().mapToDouble(MetricsLog.Step::loss).toArray();
        double[] smooth = smoothed(losses, span(losses.length));
        double[] rates = steps.stream().mapToDouble(MetricsLog.Step::learningRate).toArray();
        for (int i : thinned(losses)) {
            add(stepLoss, at[i], losses[i]);
        }
        for (int i : thinned(smooth)) {
            add(smoothLoss, at[i], smooth[i]);
        }
        XYSeries trainLoss = new XYSeries("train (epoch mean)", false);
        String evaluated = log.evaluated().equals("val") ? "validation" : "test"; // the set evaluated after each epoch
        XYSeries testLoss = new XYSeries(evaluated, false);
        XYSeries trainAccuracy = new XYSeries("train (epoch mean)", false);
        XYSeries testAccuracy = new XYSeries(evaluated, false);
        XYSeries rate = new XYSeries(steps.isEmpty() ? "per epoch" : "per step", false);
        for (MetricsLog.Epoch e : epochs) {
            add(trainLoss, e.epoch(), e.trainLoss());
            add(testLoss, e.epoch(), e.testLoss());
            add(trainAccuracy, e.epoch(), 100 * e.trainAccuracy());
            add(testAccuracy, e.epoch(), 100 * e.testAccuracy());
            if (steps.isEmpty()) {
                add(rate, e.epoch(), e.learningRate());
            }
        }
        for (int i : thinned(rates)) {
            add(rate, at[i], rates[i]);
        }

        boolean dots = epochs.size() <= MAX_DOTTED_EPOCHS;
        XYPlot loss = plot("loss");
        if (!steps.isEmpty()) {
            addSeries(loss, stepLoss, STEP, 1f, false);
            addSeries(loss, smoothLoss, SMOOTHED, 2f, false);
        }
        addSeries(loss, trainLoss, TRAIN, 2.5f, dots);
        addSeries(loss, testLoss, TEST, 2.5f, dots);
        XYPlot accuracy = plot("accuracy (%)");
        addSeries(accuracy, trainAccuracy, TRAIN, 2.5f, dots);
        addSeries(accuracy, testAccuracy, TEST, 2.5f, dots);
        XYPlot learningRate = plot("learning rate");
        addSeries(learningRate, rate, LEARNING_RATE, 2f, steps.isEmpty() && dots);
        // From 0: schedules decay towards it, and a constant rate is a level line rather than noise.
        ((NumberAxis) learningRate.getRangeAxis()).setAutoRangeIncludesZero(true);
        for (XYPlot p : new XYPlot[] {loss, accuracy, learningRate}) {
            keepRangeReadable(p);
        }

        return new Panels(chart("Loss", loss), chart("Accuracy", accuracy), chart("Learning rate", learningRate));
    }

    /**
     * Where each step falls on the epoch axis: the {@code k}-th of an epoch's {@code n} steps at
     * {@code epoch - 1 + k / n}, so the last one meets the epoch's own numbers.
     */
    private static double[] stepPositions(List<MetricsLog.Step> steps) {
        Map<Integer, Integer> perEpoch = new HashMap<>();
        steps.forEach(s -> perEpoch.merge(s.epoch(), 1, Integer::sum));
        Map<Integer, Integer> seen = new HashMap<>();
        double[] at = new double[steps.size()];
        for (int i = 0; i < at.length; i++) {
            int epoch = steps.get(i).epoch();
            int k = seen.merge(epoch, 1, Integer::sum);
            at[i] = epoch - 1 + (double) k / perEpoch.get(epoch);
        }
        return at;
    }

    /**
     * How many steps the loss's moving average spans: the square root of the run's steps, at
     * least 1 (no smoothing) and at most 100, so that it follows the trend without the batches'
     * noise in short runs and long ones alike.
     */
    static int span(int steps) {
        return (int) Math.max(1, Math.min(100, Math.round(Math.sqrt(steps))));
    }

    /**
     * The exponential moving average of {@code values} over about {@code span} values (weight
     * {@code 2 / (span + 1)} on the newest), corrected for its start at zero as Adam's moments
     * are, so the first values are not pulled down. Non-finite values are skipped (their average
     * is the previous one's, NaN before the first finite value).
     */
    static double[] smoothed(double[] values, int span) {
        double beta = 1 - 2.0 / (span + 1);
        double[] out = new double[values.length];
        double average = 0;
        double weight = 0; // 1 - beta^n after n finite values
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                average = beta * average + (1 - beta) * values[i];
                weight = beta * weight + (1 - beta);
            }
            out[i] = weight > 0 ? average / weight : Double.NaN;
        }
        return out;
    }

    /**
     * The indices of the points of a line to draw: all of them when there are at most
     * {@code 2 * WIDTH} (two per pixel across); else, of each of {@code WIDTH} consecutive runs
     * of about equal length, those of its smallest and its largest finite value, in order, so
     * that the thinned line keeps the envelope of the whole one (a long run's hundred thousand
     * steps draw in a fraction of the time).
     */
    static int[] thinned(double[] y) {
        int n = y.length;
        if (n <= 2 * WIDTH) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        java.util.stream.IntStream.Builder kept = java.util.stream.IntStream.builder();
        for (int run = 0; run < WIDTH; run++) {
            int from = (int) ((long) n * run / WIDTH);
            int to = (int) ((long) n * (run + 1) / WIDTH);
            int low = -1;
            int high = -1;
            for (int i = from; i < to; i++) {
                if (Double.isFinite(y[i])) {
                    low = low < 0 || y[i] < y[low] ? i : low;
                    high = high < 0 || y[i] > y[high] ? i : high;
                }
            }
            if (low >= 0) {
                kept.add(Math.min(low, high));
                if (high != low) {
                    kept.add(Math.max(low, high));
                }
            }
        }
        return kept.build().toArray();
    }

    /** Adds a point unless its value is NaN or infinite (a diverging run's last numbers). */
    private static void add(XYSeries series, double x, double y) {
        if (Double.isFinite(x) && Double.isFinite(y)) {
            series.add(x, y);
        }
    }

    /** An empty panel: "epoch" across, {@code yLabel} up, round ticks, grid lines, white. */
    private static XYPlot plot(String yLabel) {
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setStandardTickUnits(NumberAxis.createStandardTickUnits());
        y.setAutoRangeIncludesZero(false);
        for (NumberAxis a : new NumberAxis[] {x, y}) {
            a.setAutoRangeStickyZero(false); // a margin below a 0 too: no point on an axis
            a.setLabelFont(LABEL_FONT);
            a.setTickLabelFont(TICK_FONT);
            a.setAxisLinePaint(Color.DARK_GRAY);
            a.setTickMarkPaint(Color.DARK_GRAY);
        }
        XYPlot p = new XYPlot(null, x, y, null);
        p.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // the first series added lies at the bottom
        p.setBackgroundPaint(Color.WHITE);
        p.setOutlinePaint(Color.GRAY);
        p.setDomainGridlinesVisible(true);
        p.setRangeGridlinesVisible(true);
        p.setDomainGridlinePaint(GRID);
        p.setRangeGridlinePaint(GRID);
        p.setDomainGridlineStroke(new BasicStroke(1f));
        p.setRangeGridlineStroke(new BasicStroke(1f));
        p.setNoDataMessage("no epoch finished yet");
        p.setNoDataMessageFont(LABEL_FONT);
        return p;
    }

    /**
     * Makes the y axis span at least a tenth of its largest value, so that numbers that hardly
     * change (a constant learning rate, one epoch's accuracies) get a few round ticks rather
     * than ten labels that differ in their eighth digit.
     */
    private static void keepRangeReadable(XYPlot plot) {
        double largest = 0;
        for (int d = 0; d < plot.getDatasetCount(); d++) {
            XYDataset data = plot.getDataset(d);
            for (int s = 0; data != null && s < data.getSeriesCount(); s++) {
                for (int i = 0; i < data.getItemCount(s); i++) {
                    largest = Math.max(largest, Math.abs(data.getYValue(s, i)));
                }
            }
        }
        if (largest > 0) {
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeMinimumSize(largest / 10);
        }
    }

    /**
     * Adds {@code series} to {@code plot}, over those added before, as a line of its own colour
     * and width, with a dot at each point if {@code dots} (per-epoch numbers: a run of one epoch
     * has a single point).
     */
    private static void addSeries(XYPlot plot, XYSeries series, Color color, float width, boolean dots) {
        int index = 0;
        while (plot.getDataset(index) != null) {
            index++;
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, dots);
        r.setSeriesPaint(0, color);
        r.setSeriesStroke(0, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Shape dot = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        r.setSeriesShape(0, dot);
        r.setDrawSeriesLineAsPath(true);
        plot.setDataset(index, new XYSeriesCollection(series));
        plot.setRenderer(index, r);
    }

    /** A panel's chart: titled, with a legend under it, on white. */
    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart c = new JFreeChart(title, PANEL_TITLE_FONT, plot, true);
        c.setBackgroundPaint(Color.WHITE);
        c.setAntiAlias(true);
        c.setTextAntiAlias(true);
        LegendTitle legend = c.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(LABEL_FONT);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        return c;
    }

    /**
     * The image: {@code title} across the top, the loss panel under it at full width, the
     * accuracy and learning-rate panels side by side below.
     */
    static BufferedImage draw(Panels panels, String title) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setPaint(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            TextTitle heading = new TextTitle(title, TITLE_FONT);
            heading.setPaint(Color.BLACK);
            heading.arrange(g); // lays the text out
            heading.draw(g, new Rectangle2D.Double(0, 0, WIDTH, TITLE_HEIGHT));
            int lossHeight = (HEIGHT - TITLE_HEIGHT) / 2 + 40;
            panels.loss().draw(g, new Rectangle2D.Double(0, TITLE_HEIGHT, WIDTH, lossHeight));
            double lower = TITLE_HEIGHT + lossHeight;
            panels.accuracy().draw(g, new Rectangle2D.Double(0, lower, WIDTH / 2.0, HEIGHT - lower));
            panels.learningRate().draw(g, new Rectangle2D.Double(WIDTH / 2.0, lower, WIDTH / 2.0, HEIGHT - lower));
        } finally {
            g.dispose();
        }
        return img;
    }
}
