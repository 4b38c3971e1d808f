package org.ledgerline.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one configuration (ours, the peer, or the machine's limits), in the order they were taken. */
final class Results {

    final String name;
    final Map<String, Measure> measures = new LinkedHashMap<>();

    Results(String name) {
        this.name = name;
    }

    void add(Measure measure) {
        measures.put(measure.key(), measure);
        System.out.printf(
                "[%s] %s: %s %s (%s)%n",
                name,
                measure.label(),
                Report.format(measure),
                measure.unit(),
                measure.note() == null ? "" : measure.note());
    }

    /** A figure taken elsewhere (a child JVM, which printed it already). */
    void put(Measure measure) {
        measures.put(measure.key(), measure);
    }

    Measure get(String key) {
        return measures.get(key);
    }
}
