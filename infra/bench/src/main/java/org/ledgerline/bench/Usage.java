package org.ledgerline.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the machine did during a measured window: how busy all its cores were (every process: platform, PostgreSQL,
 * Kafka and driver, from Linux's {@code /proc/stat}) and how much of the window this JVM spent in garbage collection.
 * A row at 100 % CPU measures queueing for the cores, not the code path alone.
 */
final class Usage {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final long[] cpuStart = cpuTicks();
    private final long gcStartMillis = gcMillis();
    private final long startNanos = System.nanoTime();

    static Usage start() {
        return new Usage();
    }

    /** For example "CPU 97 % busy, GC pauses 4.2 % of the time"; the CPU part is left out where /proc/stat is missing. */
    String describe() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double gc = (gcMillis() - gcStartMillis) / 1e3 / seconds * 100;
        long[] cpuEnd = cpuTicks();
        if (cpuStart == null || cpuEnd == null) {
            return "GC pauses %.1f %% of the time".formatted(gc);
        }
        long total = 0;
        long idle = 0;
        for (int i = 0; i < Math.min(cpuStart.length, cpuEnd.length); i++) {
            long delta = cpuEnd[i] - cpuStart[i];
            total += delta;
            if (i == 3 || i == 4) {   // idle, iowait
                idle += delta;
            }
        }
        double busy = total == 0 ? 0 : 100.0 * (total - idle) / total;
        return "CPU %.0f %% busy, GC pauses %.1f %% of the time".formatted(busy, gc);
    }

    /** The first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal (guest is in user). */
    private static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).getFirst().trim().split("\\s+");
            return Arrays.stream(fields, 1, Math.min(fields.length, 9)).mapToLong(Long::parseLong).toArray();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long gcMillis() {
        // Pauses only: G1's and ZGC's concurrent cycles run beside the application and have beans of their own.
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .filter(gc -> !gc.getName().contains("Concurrent") && !gc.getName().contains("Cycles"))
                                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                                .filter(time -> time > 0).sum();
    }
}
