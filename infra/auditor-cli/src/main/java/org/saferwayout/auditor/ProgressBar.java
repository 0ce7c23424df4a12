package org.saferwayout.auditor;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn at most five times a second; silent when switched off. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDrawn;

    ProgressBar(PrintWriter out, String label, boolean enabled) {
        this.out = out;
        this.label = label;
        this.enabled = enabled;
    }

    void update(long done, long total) {
        long now = System.nanoTime();
        if (!enabled || now - lastDrawn < 200_000_000L) {
            return;
        }
        lastDrawn = now;
        draw(done, total);
    }

    void done(long done, long total) {
        if (enabled) {
            draw(done, total);
            out.println();
        }
    }

    private void draw(long done, long total) {
        double seconds = Math.max(System.nanoTime() - started, 1) / 1e9;
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0;
        int filled = (int) Math.round(fraction * WIDTH);
        out.printf("\r%s [%s%s] %3d%% %,d/%,d events, %,.0f/s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(fraction * 100), done, Math.max(total, done), done / seconds);
        out.flush();
    }
}
