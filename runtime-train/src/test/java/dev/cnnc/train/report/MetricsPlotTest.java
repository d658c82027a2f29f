package dev.cnnc.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics.png}: its size, that it shows the curves, and round ticks. */
class MetricsPlotTest {
    /** Six epochs of 40 steps: a noisy falling loss, a rising accuracy and a cosine learning rate. */
    static MetricsLog synthetic() {
        MetricsLog log = new MetricsLog();
        java.util.Random noise = new java.util.Random(7);
        int perEpoch = 40;
        int epochs = 6;
        for (int e = 1; e <= epochs; e++) {
            for (int k = 1; k <= perEpoch; k++) {
                long step = (long) (e - 1) * perEpoch + k;
                double t = (double) step / (epochs * perEpoch);
                log.addStep(new MetricsLog.Step(step, e, 2.3 * Math.exp(-3 * t) + 0.2 * noise.nextDouble(),
                        0.05 * (1 + Math.cos(Math.PI * t)) / 2));
            }
            double loss = 2.3 * Math.exp(-3.0 * e / epochs);
            log.add(new MetricsLog.Epoch(e, loss + 0.1, 0.5 + 0.07 * e, loss + 0.15, 0.48 + 0.065 * e,
                    0.05 * (1 + Math.cos(Math.PI * e / epochs)) / 2, 3.2));
        }
        return log;
    }

    @Test
    void writesAPngOfTheExpectedSizeShowingEveryCurve(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("metrics.png");
        Plot.write(synthetic(), "LeNet5 (run)", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Plot.WIDTH, img.getWidth());
        assertEquals(Plot.HEIGHT, img.getHeight());
        assertEquals(1200, Plot.WIDTH);
        assertEquals(900, Plot.HEIGHT);
        long notWhite = 0;
        long train = 0;
        long test = 0;
        long rate = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                notWhite += rgb != 0xFFFFFF ? 1 : 0;
                train += near(rgb, Plot.TRAIN) ? 1 : 0;
                test += near(rgb, Plot.TEST) ? 1 : 0;
                rate += near(rgb, Plot.LEARNING_RATE) ? 1 : 0;
            }
        }
        assertTrue(notWhite > img.getWidth() * img.getHeight() / 50, "drawn on: " + notWhite + " pixels");
        assertTrue(train > 200 && test > 200 && rate > 200, "train, test and learning-rate curves drawn: " + train
                + " / " + test + " / " + rate);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    private static boolean near(int rgb, Color c) {
        int dr = ((rgb >> 16) & 0xFF) - c.getRed();
        int dg = ((rgb >> 8) & 0xFF) - c.getGreen();
        int db = (rgb & 0xFF) - c.getBlue();
        return dr * dr + dg * dg + db * db < 30 * 30;
    }

    @Test
    void ticksAreRoundAndEpochsWhole() {
        Plot.Panels panels = Plot.panels(synthetic());
        Plot.draw(panels, "ticks"); // the axes choose their tick units while drawing
        for (JFreeChart chart : new JFreeChart[] {panels.loss(), panels.accuracy(), panels.learningRate()}) {
            NumberAxis y = (NumberAxis) chart.getXYPlot().getRangeAxis();
            double size = y.getTickUnit().getSize();
            double mantissa = size / Math.pow(10, Math.floor(Math.log10(size) + 1e-9));
            assertTrue(Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6,
                    chart.getTitle().getText() + ": tick unit " + size + " is not 1, 2 or 5 times a power of ten");
            double first = Math.ceil(y.getLowerBound() / size) * size;
            assertTrue(first <= y.getUpperBound(), chart.getTitle().getText() + ": at least one tick");
            assertEquals("epoch", chart.getXYPlot().getDomainAxis().getLabel());
            NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
            double epochs = x.getTickUnit().getSize();
            assertEquals(Math.rint(epochs), epochs, "whole epochs on the x axis");
        }
        assertEquals("loss", panels.loss().getXYPlot().getRangeAxis().getLabel());
        assertEquals("accuracy (%)", panels.accuracy().getXYPlot().getRangeAxis().getLabel());
        assertEquals("learning rate", panels.learningRate().getXYPlot().getRangeAxis().getLabel());
        assertEquals(4, panels.loss().getXYPlot().getLegendItems().getItemCount(), "step, average, train, test");
    }

    @Test
    void aConstantLearningRateGetsRoundTicksFromZero() {
        MetricsLog log = new MetricsLog();
        for (int s = 1; s <= 20; s++) {
            log.addStep(new MetricsLog.Step(s, (s + 9) / 10, 1.0 / s, 0.01));
        }
        log.add(new MetricsLog.Epoch(1, 0.5, 0.9, 0.5, 0.9, 0.01, 1));
        log.add(new MetricsLog.Epoch(2, 0.4, 0.9, 0.45, 0.9, 0.01, 1));
        Plot.Panels panels = Plot.panels(log);
        Plot.draw(panels, "constant");
        NumberAxis rate = (NumberAxis) panels.learningRate().getXYPlot().getRangeAxis();
        assertTrue(rate.getLowerBound() <= 0 && rate.getLowerBound() > -0.001, "from 0 (and a margin): "
                + rate.getLowerBound());
        assertTrue(rate.getTickUnit().getSize() >= 0.001, "tick unit " + rate.getTickUnit().getSize());
        NumberAxis accuracy = (NumberAxis) panels.accuracy().getXYPlot().getRangeAxis();
        assertTrue(accuracy.getTickUnit().getSize() >= 1, "tick unit " + accuracy.getTickUnit().getSize());
    }

    @Test
    void aLongRunIsThinnedKeepingItsEnvelope() {
        double[] y = new double[100_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(i * 0.37) + (i == 54_321 ? 10 : 0) - (i == 77_777 ? 10 : 0);
        }
        y[3] = Double.NaN;
        int[] kept = Plot.thinned(y);
        assertTrue(kept.length <= 2 * Plot.WIDTH, kept.length + " points");
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "in order");
        }
        assertTrue(java.util.Arrays.stream(kept).anyMatch(i -> i == 54_321), "the highest value kept");
        assertTrue(java.util.Arrays.stream(kept).anyMatch(i -> i == 77_777), "the lowest value kept");
        assertTrue(java.util.Arrays.stream(kept).noneMatch(i -> i == 3), "NaN skipped");
    }

    @Test
    void aRunWithoutStepsOrEpochsStillDraws(@TempDir Path dir) throws IOException {
        MetricsLog old = new MetricsLog();
        synthetic().epochs().forEach(old::add);
        Plot.write(old, "an older run: no steps.csv", dir.resolve("old.png"));
        Plot.write(new MetricsLog(), "no epoch yet", dir.resolve("empty.png"));
        assertEquals(Plot.WIDTH, ImageIO.read(dir.resolve("old.png").toFile()).getWidth());
        assertEquals(Plot.HEIGHT, ImageIO.read(dir.resolve("empty.png").toFile()).getHeight());
    }

    @Test
    void theMovingAverageFollowsTheTrendFromTheFirstValue() {
        assertArrayEquals(new double[] {2, 2, 2}, Plot.smoothed(new double[] {2, 2, 2}, 10), 1e-12);
        assertArrayEquals(new double[] {4, 4}, Plot.smoothed(new double[] {4, 4}, 1), 1e-12);
        double[] s = Plot.smoothed(new double[] {Double.NaN, 1, Double.POSITIVE_INFINITY, 3}, 3);
        assertTrue(Double.isNaN(s[0]));
        assertEquals(1, s[1], 1e-12);
        assertEquals(1, s[2], 1e-12, "a non-finite value keeps the average");
        assertEquals((0.5 * 1 * 0.5 + 0.5 * 3) / (1 - 0.25), s[3], 1e-12);
        assertEquals(1, Plot.span(0));
        assertEquals(Plot.WIDTH, Plot.thinned(new double[Plot.WIDTH]).length, "few points: all of them");
        assertEquals(3, Plot.span(10));
        assertEquals(14, Plot.span(200));
        assertEquals(100, Plot.span(1_000_000));
    }
}
