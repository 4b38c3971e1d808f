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
 * Kafka and driver, from Linux's {@code /proc/stat}), the CPU time this JVM (platform, broker and driver) plus the
 * platform's other node JVMs ({@code --nodes}) and PostgreSQL's processes spent per operation, the SQL statements and
 * transactions the platform's database ran per operation (measured by PostgreSQL itself, {@link DatabaseCounters}),
 * and how much of the window this JVM spent in garbage collection. A row at 100 % CPU measures queueing for the
 * cores, not the code path alone; CPU, statements and transactions per operation are what the code path costs, and
 * they compare across runs where throughput on a busy, noisy machine does not.
 */
final class Usage {

    /**
     * What the windows measure besides this JVM: the platform's other node JVMs, PostgreSQL's postmaster (its
     * processes only; 0: every process named postgres) and the platform's database. Set by {@link Platform} while it
     * runs; the default measures this JVM and every postgres process, and no database.
     */
    record Watched(List<ProcessHandle> otherJvms, long postmasterPid, DatabaseCounters database) {
        static final Watched NOTHING = new Watched(List.of(), 0, null);
    }

    private static volatile Watched watched = Watched.NOTHING;

    static void watch(Watched what) {
        watched = what;
    }

    static void unwatch() {
        watched = Watched.NOTHING;
    }

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Linux reports process CPU in USER_HZ ticks, 100 per second on every architecture it supports for /proc. */
    private static final double TICKS_PER_SECOND = 100;

    private final Watched what = watched;
    private final long[] cpuStart = cpuTicks();
    private final long jvmCpuStart = jvmCpuNanos();
    private final Map<Long, Long> otherJvmsStart = processTicks(what.otherJvms());
    private final Map<Long, Long> postgresStart = postgresTicks(what.postmasterPid());
    private final DatabaseCounters.Counts databaseStart = counts(what);
    private final long gcStartMillis = gcMillis();
    private final long startNanos = System.nanoTime();

    static Usage start() {
        return new Usage();
    }

    /**
     * For example "CPU 97 % busy, CPU per op: JVM 2.10 ms, PostgreSQL 0.61 ms, statements/op 12.0, transactions/op
     * 3.0, GC pauses 4.2 % of the time"; a CPU part is left out where its source is missing (no /proc, or PostgreSQL's
     * processes not visible), a database figure PostgreSQL cannot give is "not measured".
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
            double nanos = jvmCpuEnd - jvmCpuStart;
            if (what.otherJvms().isEmpty()) {
                parts.add("JVM %.2f ms".formatted(nanos / 1e6 / operations));
            } else {
                // The platform's other nodes: their JVMs' CPU added, so the figure stays the whole platform's.
                nanos += delta(otherJvmsStart, processTicks(what.otherJvms())) / TICKS_PER_SECOND * 1e9;
                parts.add("JVM %.2f ms (%d JVMs)"
                        .formatted(nanos / 1e6 / operations, what.otherJvms().size() + 1));
            }
        }
        Map<Long, Long> postgresEnd = postgresTicks(what.postmasterPid());
        if (!postgresEnd.isEmpty()) {
            parts.add("PostgreSQL %.2f ms"
                    .formatted(delta(postgresStart, postgresEnd) / TICKS_PER_SECOND * 1e3 / operations));
        }
        String database =
                what.database() == null ? "" : what.database().describe(databaseStart, counts(what), operations) + ", ";
        return (parts.isEmpty() ? "" : "CPU per op: " + String.join(", ", parts) + ", ") + database;
    }

    /** Ticks between two readings; a process that started in the window counts from zero, one that ended is lost. */
    private static long delta(Map<Long, Long> start, Map<Long, Long> end) {
        return end.entrySet().stream()
                .mapToLong(e -> e.getValue() - start.getOrDefault(e.getKey(), 0L))
                .filter(delta -> delta > 0)
                .sum();
    }

    private static DatabaseCounters.Counts counts(Watched what) {
        return what.database() == null ? null : what.database().read();
    }

    /** User + system ticks of the given processes (their threads included), by pid. */
    private static Map<Long, Long> processTicks(List<ProcessHandle> processes) {
        Map<Long, Long> ticks = new HashMap<>();
        for (ProcessHandle process : processes) {
            long[] stat = stat(Path.of("/proc", Long.toString(process.pid())));
            if (stat != null) {
                ticks.put(process.pid(), stat[1]);
            }
        }
        return ticks;
    }

    /** {ppid, utime + stime} of a process from its /proc/<pid>/stat, or null (gone, not Linux). */
    private static long[] stat(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int close = stat.lastIndexOf(')');
            // After "(comm)": state is field 3, ppid field 4; utime and stime are fields 14 and 15.
            String[] fields = stat.substring(close + 2).split(" ");
            return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU time of this JVM's process (all threads), or -1 where the JVM does not say. */
    private static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * User + system ticks of every process named {@code postgres} (the server and its backends), by pid; with a
     * postmaster's pid only that server's: the postmaster and its children (another cluster on the machine, such as
     * a shared local server beside the bench's own, is left out).
     */
    private static Map<Long, Long> postgresTicks(long postmasterPid) {
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
                            // After "(comm)": state is field 3, ppid 4; utime and stime are fields 14 and 15.
                            String[] fields = stat.substring(close + 2).split(" ");
                            long pid = Long.parseLong(dir.getFileName().toString());
                            if (postmasterPid > 0
                                    && pid != postmasterPid
                                    && Long.parseLong(fields[1]) != postmasterPid) {
                                return;
                            }
                            ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
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
