package io.nacastream.bench;

import com.sun.management.GcInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * For one benchmark run: samples lag (events published but not yet learned), heap and RSS every 250 ms, and prints a
 * progress line every {@code reportSeconds} (0: never).
 */
public final class RunSampler {
    private final AtomicLong published;
    private final AtomicLong learned;
    private final int reportSeconds;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxLag;
    private volatile long maxHeap;
    private volatile long maxRss;

    RunSampler(AtomicLong published, AtomicLong learned, int reportSeconds, PrintStream out) {
        this.published = published;
        this.learned = learned;
        this.reportSeconds = reportSeconds;
        this.out = out;
        this.thread = new Thread(this::loop, "e2e-sampler");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    private void loop() {
        long start = System.nanoTime();
        long nextReport = reportSeconds * 1_000_000_000L;
        while (running) {
            LockSupport.parkNanos(250_000_000L);
            long p = published.get();
            long l = learned.get();
            maxLag = Math.max(maxLag, p - l);
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            maxHeap = Math.max(maxHeap, heap);
            long rss = rssBytes();
            maxRss = Math.max(maxRss, rss);
            long elapsed = System.nanoTime() - start;
            if (reportSeconds > 0 && elapsed >= nextReport) {
                nextReport += reportSeconds * 1_000_000_000L;
                out.printf(Locale.ROOT, "  t=%3.0fs published %,d learned %,d lag %,d heap %d MB, after the last "
                                + "GC %d MB; RSS %d MB%n", elapsed / 1e9, p, l, p - l, heap >> 20,
                        heapAfterGcMb(), rss >> 20);
            }
        }
    }

    long maxLag() {
        return maxLag;
    }

    long maxHeapMb() {
        return maxHeap >> 20;
    }

    long maxRssMb() {
        return maxRss >> 20;
    }

    /**
     * Heap in use right after the most recent collection (young or old), in MiB: the live set plus what the young
     * collection promoted. A leak shows as this figure rising from one sample to the next; -1 before any GC.
     */
    static long heapAfterGcMb() {
        GcInfo latest = null;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean g) {
                GcInfo info = g.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return -1;
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getType() == MemoryType.HEAP ? latest.getMemoryUsageAfterGc().get(pool.getName())
                    : null;
            used += u == null ? 0 : u.getUsed();
        }
        return used >> 20;
    }

    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux: RSS is not reported
        }
        return -1;
    }
}
