package io.nacastream.bench;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.aedat.Aedat31Writer;
import io.nacastream.ingest.recording.aedat.Aedat4Compression;
import io.nacastream.ingest.recording.aedat.Aedat4Writer;
import io.nacastream.ingest.recording.nacs.NacsWriter;
import io.nacastream.ingest.recording.open.Recordings;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench readers}: decode speed of every reader on one core, from a file in the page cache. Each real sample
 * of ../shared/data/real is grown to about {@code events} events (its body repeated after its header, or its
 * events re-written by our writers for AEDAT 3.1, uncompressed AEDAT 4.0 and nacs), read once to warm up and
 * {@code runs} times measured; the median is reported against issue 4's 50 M events/s target.
 */
public final class ReaderBench {

    private final Path data;
    private final Path dir;
    private final long events;
    private final int runs;
    private final PrintStream out;

    /** A benchmark of the samples in {@code data}, writing its files to {@code dir}. */
    public ReaderBench(Path data, Path dir, long events, int runs, PrintStream out) {
        this.data = data;
        this.dir = dir;
        this.events = events;
        this.runs = runs;
        this.out = out;
    }

    /** Builds the files, measures, prints a table; returns the medians (M ev/s) in table order. */
    public List<double[]> run() throws IOException {
        Files.createDirectories(dir);
        String[][] cases = {
            {"aedat2 (DVS128)", "aedat2/MovingDarkBox.aedat", "repeat"},
            {"aedat3.1 (DVS128, re-packed)", "aedat2/MovingDarkBox.aedat", "aedat31"},
            {"aedat4 LZ4, DV's packets", "aedat4/sample.aedat4", "repeat"},
            {"aedat4 uncompressed", "aedat4/sample.aedat4", "aedat4"},
            {"evt2 (Gen3)", "evt2/evt2_sample.raw", "repeat"},
            {"evt3 (Gen4.1)", "evt3/evt3_sample.raw", "repeat"},
            {"dat (N-CARS)", "dat/sample_ncars.dat", "repeat"},
            {"nmnist", "nmnist/sample_nmnist.bin", "repeat"},
            {"nacs (ours)", "aedat2/MovingDarkBox.aedat", "nacs"},
        };
        out.printf("%-30s %12s %10s %14s %10s%n", "reader", "events", "MB", "median M ev/s", "target 50");
        List<double[]> results = new ArrayList<>();
        for (String[] c : cases) {
            Path sample = data.resolve(c[1]);
            if (!Files.isRegularFile(sample)) {
                out.printf("%-30s skipped: %s is absent%n", c[0], sample);
                continue;
            }
            Path file = build(sample, c[2], dir.resolve(c[0].replaceAll("[^a-z0-9]+", "_") + ext(sample, c[2])));
            long n = read(file);
            double[] rates = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                read(file);
                rates[r] = n / ((System.nanoTime() - t0) / 1e9) / 1e6;
            }
            Arrays.sort(rates);
            double median = rates[runs / 2];
            results.add(new double[] {n, Files.size(file), median});
            out.printf(Locale.ROOT, "%-30s %,12d %10.1f %14.1f %10s%n", c[0], n, Files.size(file) / 1e6, median,
                    median >= 50 ? "met" : "NOT MET");
            Files.delete(file);
        }
        return results;
    }

    private static String ext(Path sample, String how) {
        String n = sample.getFileName().toString();
        return how.equals("nacs") ? ".nacs" : how.equals("aedat31") ? ".aedat" : n.substring(n.lastIndexOf('.'));
    }

    private static long read(Path file) throws IOException {
        EventBatch batch = new EventBatch(EventBatch.DEFAULT_CAPACITY);
        long n = 0;
        try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
            int k;
            while ((k = reader.read(batch)) > 0) {
                n += k;
            }
        }
        return n;
    }

    Path build(Path sample, String how, Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(sample);
        long headerEnd;
        long sampleEvents;
        SensorGeometry g;
        String dataTable = null;
        try (EventReader reader = Recordings.open(sample, ReadOptions.defaults())) {
            headerEnd = reader.bytesRead();
            g = reader.info().geometry();
            for (String h : reader.info().header()) {
                if (h.startsWith("data table at ")) {
                    dataTable = h.substring("data table at ".length());
                }
            }
            sampleEvents = 0;
            EventBatch b = new EventBatch(EventBatch.DEFAULT_CAPACITY);
            int k;
            while ((k = reader.read(b)) > 0) {
                sampleEvents += k;
            }
        }
        long repeats = Math.max(1, (events + sampleEvents - 1) / sampleEvents);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
            if (how.equals("repeat")) {
                byte[] header = Arrays.copyOf(bytes, (int) headerEnd);
                int bodyEnd = bytes.length;
                if (dataTable != null && Long.parseLong(dataTable) > 0) {
                    bodyEnd = (int) Long.parseLong(dataTable);
                    patchLong(header, Long.parseLong(dataTable), -1); // no FileDataTable in the grown file
                }
                out.write(header);
                for (long r = 0; r < repeats; r++) {
                    out.write(bytes, (int) headerEnd, bodyEnd - (int) headerEnd);
                }
                return target;
            }
            List<EventPacket> packets = WriterInput.packets(sample, g);
            long span = packets.get(packets.size() - 1).lastTimestampUs() - packets.get(0).firstTimestampUs() + 1;
            if (how.equals("aedat31")) {
                Aedat31Writer w = new Aedat31Writer(out, 1, "DVS128");
                for (long r = 0; r < repeats; r++) {
                    for (EventPacket p : packets) {
                        w.write(WriterInput.shift(p, r * span));
                    }
                }
            } else if (how.equals("aedat4")) {
                Aedat4Writer w = new Aedat4Writer(out, g, "bench", Aedat4Compression.NONE);
                for (long r = 0; r < repeats; r++) {
                    for (EventPacket p : packets) {
                        w.write(WriterInput.shift(p, r * span));
                    }
                }
            } else {
                NacsWriter w = new NacsWriter(out);
                for (long r = 0; r < repeats; r++) {
                    for (EventPacket p : packets) {
                        w.write(WriterInput.shift(p, r * span));
                    }
                }
            }
        }
        return target;
    }

    private static void patchLong(byte[] header, long value, long replacement) {
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 8 <= header.length; i++) {
            if (b.getLong(i) == value) {
                b.putLong(i, replacement);
                return;
            }
        }
    }

    /** Real events as packets, and time-shifted copies. */
    static final class WriterInput {
        private WriterInput() {
        }

        static List<EventPacket> packets(Path sample, SensorGeometry g) throws IOException {
            List<EventPacket> packets = new ArrayList<>();
            PacketAssembler a = new PacketAssembler("bench", g.width(), g.height(), 8192, 20_000, packets::add);
            try (EventReader reader = Recordings.open(sample, ReadOptions.defaults())) {
                new MonotonicTime().pump(reader, a);
            }
            a.flush();
            return packets;
        }

        static EventPacket shift(EventPacket p, long us) {
            if (us == 0) {
                return p;
            }
            EventPacket.Builder b = EventPacket.builder(p.sensorId(), p.width(), p.height(), p.size());
            for (int i = 0; i < p.size(); i++) {
                b.add(p.x(i), p.y(i), p.on(i), p.timestampUs(i) + us);
            }
            return b.build();
        }
    }
}
