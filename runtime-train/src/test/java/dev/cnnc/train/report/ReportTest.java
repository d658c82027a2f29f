package dev.cnnc.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static MetricsLog sample() {
        MetricsLog log = new MetricsLog();
        log.add(new MetricsLog.Epoch(1, 0.9, 0.7, 0.8, 0.75, 0.01, 12.5));
        log.add(new MetricsLog.Epoch(2, 0.5, 0.82, 0.55, 0.8, 0.005, 12.1));
        log.add(new MetricsLog.Epoch(3, 0.4, 0.86, 0.45, 0.84, 0.001, 12.0));
        return log;
    }

    @Test
    void csvRoundTrips(@TempDir Path dir) {
        Path f = dir.resolve("metrics.csv");
        sample().writeCsv(f);
        assertEquals(sample().epochs(), MetricsLog.readCsv(f).epochs());
    }

    @Test
    void plotIsAPngWithBothCurves(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("metrics.png");
        Plot.write(sample(), "LeNet5 on fashion-mnist", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1000, img.getWidth());
        int blue = 0;
        int red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                blue += rgb == 0x1f77b4 ? 1 : 0;
                red += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertTrue(blue > 100 && red > 100, "train and test curves drawn: " + blue + " / " + red);
        assertNotEquals(0, Files.size(png));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
