package com.mi.poco.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A live progress bar on one terminal line (done/total, rate, ETA), redrawn at most 4 times a
 * second; where the output is not a terminal (CI, a log file), one plain line every 5 seconds.
 */
final class Progress {

    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long unitSize;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private long lastDone = -1;

    Progress(PrintStream out, String label, String unit) {
        this(out, label, unit, 1);
    }

    /** Counts in units of {@code unitSize} (1 << 20 to count bytes and show MB). */
    Progress(PrintStream out, String label, String unit, long unitSize) {
        this.out = out;
        this.label = label;
        this.unit = unit;
        this.unitSize = unitSize;
        this.terminal = System.console() != null;
    }

    synchronized void update(long done, long total) {
        long now = System.nanoTime();
        if (done == lastDone || now - lastDrawn < (terminal ? 250_000_000L : 5_000_000_000L) && done < total) {
            return;
        }
        lastDrawn = now;
        lastDone = done;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 && total > done ? duration((long) ((total - done) / rate)) : "-";
        int width = 30;
        int filled = total == 0 ? width : (int) Math.min(width, width * done / total);
        String line = String.format(Locale.ROOT, "%-8s [%s%s] %3d%% %,d/%,d %s  %,.0f %s/s  ETA %s", label,
                "#".repeat(filled), ".".repeat(width - filled), total == 0 ? 100 : 100 * done / total,
                done / unitSize, total / unitSize, unit, rate / unitSize, unit, eta);
        out.print(terminal ? "\r" + line : line + System.lineSeparator());
        out.flush();
    }

    synchronized void finish(long done, long total) {
        lastDrawn = 0;
        if (done != lastDone) {
            update(done, total);
        }
        if (terminal) {
            out.println();
        }
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60)
                : seconds >= 60 ? "%dm%02ds".formatted(seconds / 60, seconds % 60) : seconds + "s";
    }
}
