package org.ledgerline.bench;

/**
 * One figure of the table: a value (or p50 / p99 / p99.9), whether more is better, and the machine limit it is
 * compared with (a key of the limit rows), if any.
 */
record Measure(
        String key,
        String label,
        String unit,
        double[] values,
        boolean higherIsBetter,
        int ratioIndex,
        String limitKey,
        String note)
        implements java.io.Serializable {

    static Measure rate(String key, String label, String unit, double value, String limitKey, String note) {
        return new Measure(key, label, unit, new double[] {value}, true, 0, limitKey, note);
    }

    static Measure latency(String key, String label, double[] millis, String note) {
        return new Measure(key, label, "ms", millis, false, Math.min(1, millis.length - 1), null, note);
    }

    double headline() {
        return values[ratioIndex];
    }

    /** ours / peer for throughput, peer / ours for latency: above 1 means ours is better. */
    double ratioTo(Measure peer) {
        return higherIsBetter ? headline() / peer.headline() : peer.headline() / headline();
    }
}
