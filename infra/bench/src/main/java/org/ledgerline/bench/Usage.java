package org.ledgerline.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the machine did during a measured window: how busy all its cores were (every process: platform, PostgreSQL,
 * Kafka and driver, from Linux's {@code /proc/stat}), the CPU time this JVM (platform, broker and driver) and
 * PostgreSQL's processes spent per operation, and how much of the window this JVM spent in garbage collection.
 * A row at 100 % CPU measures queueing for the cores, not the code path alone; CPU per operation is what the code
 * path costs, and it compares across runs where throughput on a busy, noisy machine does not.
 */
final class Usage {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Linux reports process CPU in USER_HZ ticks, 100 per second on every architecture it supports for /proc. */
    private static final double TICKS_PER_SECOND = 100;

    private final long[] cpuStart = cpuTicks();
    private final long jvmCpuStart = jvmCpuNanos();
    private final Map<Long, Long> postgresStart = postgresTicks();
    private final long gcStartMillis = gcMillis();
    private final long startNanos = System.nanoTime();

    static Usage start() {
        return new Usage();
    }

    /**
     * For example "CPU 97 % busy, CPU per op: JVM 2.10 ms, PostgreSQL 0.61 ms, GC pauses 4.2 % of the time"; a part
     * is left out where its source is missing (no /proc, or PostgreSQL's processes not visible).
     */
    String describe(long operations) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double gc = (gcMillis() - gcStartMillis) / 1e3 / seconds * 100;
        String perOperation = perOperation(operations);
        long[] cpuEnd = cpuTicks();
        if (cpuStart == null || cpuEnd == null) {
            return "%sGC pauses %.1f %% of the time".formatted(perOperation, gc);
        }
        long total = 0;
        long idle = 0;
        for (int i = 0; i < Math.min(cpuStart.length, cpuEnd.length); i++) {
            long delta = cpuEnd[i] - cpuStart[i];
            total += delta;
            if (i == 3 || i == 4) { // idle, iowait
                idle += delta;
            }
        }
        double busy = total == 0 ? 0 : 100.0 * (total - idle) / total;
        return "CPU %.0f %% busy, %sGC pauses %.1f %% of the time".formatted(busy, perOperation, gc);
    }

    /** "CPU per op: JVM 2.10 ms, PostgreSQL 0.61 ms, " or the parts of it that can be known. */
    private String perOperation(long operations) {
        if (operations <= 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        long jvmCpuEnd = jvmCpuNanos();
        if (jvmCpuStart >= 0 && jvmCpuEnd >= 0) {
            parts.add("JVM %.2f ms".formatted((jvmCpuEnd - jvmCpuStart) / 1e6 / operations));
        }
        Map<Long, Long> postgresEnd = postgresTicks();
        if (!postgresEnd.isEmpty()) {
            // A backend that started in the window counts from zero; one that ended in it is lost (pools keep theirs).
            long ticks = postgresEnd.entrySet().stream()
                    .mapToLong(e -> e.getValue() - postgresStart.getOrDefault(e.getKey(), 0L))
                    .filter(delta -> delta > 0)
                    .sum();
            parts.add("PostgreSQL %.2f ms".formatted(ticks / TICKS_PER_SECOND * 1e3 / operations));
        }
        return parts.isEmpty() ? "" : "CPU per op: " + String.join(", ", parts) + ", ";
    }

    /** CPU time of this JVM's process (all threads), or -1 where the JVM does not say. */
    private static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** User + system ticks of every process named {@code postgres} (the server and its backends), by pid. */
    private static Map<Long, Long> postgresTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes
                    .filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(dir -> {
                        try {
                            String stat = Files.readString(dir.resolve("stat"));
                            int open = stat.indexOf('(');
                            int close = stat.lastIndexOf(')');
                            if (open < 0
                                    || close < open
                                    || !stat.substring(open + 1, close).equals("postgres")) {
                                return;
                            }
                            // After "(comm)": state is field 3; utime and stime are fields 14 and 15.
                            String[] fields = stat.substring(close + 2).split(" ");
                            ticks.put(
                                    Long.parseLong(dir.getFileName().toString()),
                                    Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                        } catch (IOException | RuntimeException e) {
                            // The process ended while being read, or is not readable: left out.
                        }
                    });
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }

    /** The first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal (guest is in user). */
    private static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).getFirst().trim().split("\\s+");
            return Arrays.stream(fields, 1, Math.min(fields.length, 9))
                    .mapToLong(Long::parseLong)
                    .toArray();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long gcMillis() {
        // Pauses only: G1's and ZGC's concurrent cycles run beside the application and have beans of their own.
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc ->
                        !gc.getName().contains("Concurrent") && !gc.getName().contains("Cycles"))
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(time -> time > 0)
                .sum();
    }
}
