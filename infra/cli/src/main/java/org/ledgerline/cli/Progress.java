package org.ledgerline.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A one-line progress bar: {@code [#####.....]  45,000 / 100,000 events  12,345 events/s  ETA 0:05}. On a terminal
 * it redraws in place; into a pipe or file it writes a line every few seconds, so logs stay readable.
 */
final class Progress {

    private static final int WIDTH = 30;
    private static final long PIPE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintWriter out;
    private final String label;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrinted;
    private long lastDone = -1;
    private long lastAt = started;
    private double rate;

    Progress(PrintWriter out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    void update(long done, long total, String state) {
        long now = System.nanoTime();
        done = Math.max(0, Math.min(done, Math.max(total, 0)));
        if (lastDone >= 0 && now > lastAt && done >= lastDone) {
            double instant = (done - lastDone) / ((now - lastAt) / 1e9);
            rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant; // smoothed: polls are not evenly spaced
        }
        lastDone = done;
        lastAt = now;
        if (!terminal && now - lastPrinted < PIPE_EVERY_NANOS && lastPrinted != 0) {
            return;
        }
        lastPrinted = now;
        String line = render(done, total, state);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The summary after the last update; returns the average rate. */
    double finish(long done, String outcome) {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        double average = done / seconds;
        if (terminal) {
            out.println();
        }
        out.printf("%s: %s, %,d events in %s (%,.0f events/s)%n", label, outcome, done, clock(seconds), average);
        out.flush();
        return average;
    }

    String render(long done, long total, String state) {
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String eta = rate > 0 && total > done ? clock((total - done) / rate) : "-";
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        return String.format(
                "%s [%s] %3d%% %,d / %,d events  %,.0f events/s  ETA %s  %s",
                label, bar, percent, done, total, rate, eta, state);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
