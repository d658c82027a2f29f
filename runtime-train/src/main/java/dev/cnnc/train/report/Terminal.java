package dev.cnnc.train.report;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The width of the terminal a command runs in. */
final class Terminal {
    /** Columns assumed where no terminal says otherwise. */
    static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    /**
     * The terminal's width in columns: {@code $COLUMNS} where the shell exports it, else what
     * {@code stty size} reports for {@code /dev/tty} (the controlling terminal), else 80.
     */
    static int columns() {
        Integer env = parse(System.getenv("COLUMNS"));
        if (env != null) {
            return env;
        }
        File tty = new File("/dev/tty");
        if (tty.exists()) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(500, TimeUnit.MILLISECONDS) && p.exitValue() == 0) {
                    String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                            .trim().split("\\s+");
                    Integer cols = rowsCols.length == 2 ? parse(rowsCols[1]) : null;
                    if (cols != null) {
                        return cols;
                    }
                } else {
                    p.destroy();
                }
            } catch (java.io.IOException e) {
                // no stty: the default
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return DEFAULT_COLUMNS;
    }

    private static Integer parse(String s) {
        if (s == null || !s.trim().matches("\\d{1,4}")) {
            return null;
        }
        int n = Integer.parseInt(s.trim());
        return n >= 20 ? n : null;
    }
}
