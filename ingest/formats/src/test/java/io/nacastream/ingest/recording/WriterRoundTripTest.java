package io.nacastream.ingest.recording;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.recording.aedat.Aedat31Writer;
import io.nacastream.ingest.recording.aedat.Aedat4Compression;
import io.nacastream.ingest.recording.aedat.Aedat4Writer;
import io.nacastream.ingest.recording.nacs.NacsWriter;
import io.nacastream.ingest.recording.nmnist.NmnistWriter;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.ingest.recording.prophesee.RawWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Writer → reader round trips for every writable format, on real events and on edge-case timestamps. */
class WriterRoundTripTest {

    @TempDir
    Path dir;

    /** Writes packets in one format; the format's reader must give the same events back. */
    interface Writer {
        void write(OutputStream out, SensorGeometry g, List<EventPacket> packets) throws IOException;
    }

    static List<EventPacket> packets(Path file, ReadOptions options, int maxEvents) throws IOException {
        List<EventPacket> out = new ArrayList<>();
        try (EventReader reader = Recordings.open(file, options)) {
            SensorGeometry g = reader.info().geometry();
            PacketAssembler assembler = new PacketAssembler("cam", g.width(), g.height(), maxEvents, Long.MAX_VALUE,
                    out::add);
            new MonotonicTime().pump(reader, assembler);
            assembler.flush();
        }
        return out;
    }

    /** Edge cases: µs around 2^12, 2^24 and 2^31 boundaries, multi-loop gaps, sensor corners, both polarities. */
    static List<EventPacket> edgeCases(SensorGeometry g) {
        long[] ts = {0, 0, 5, 4095, 4096, 4097, 16_777_215, 16_777_216, 16_777_216, 40_000_000, 2_147_483_647L,
            2_147_483_648L, 3_000_000_000L, 3_000_004_095L};
        EventPacket.Builder a = EventPacket.builder("cam", g.width(), g.height(), 16);
        EventPacket.Builder b = EventPacket.builder("cam", g.width(), g.height(), 16);
        for (int i = 0; i < ts.length; i++) {
            int x = i % 3 == 0 ? 0 : i % 3 == 1 ? g.width() - 1 : i % g.width();
            int y = i % 2 == 0 ? g.height() - 1 : (i * 7) % g.height();
            (i < ts.length / 2 ? a : b).add(x, y, i % 2 == 0, ts[i]);
        }
        return List.of(a.build(), b.build());
    }

    void roundTrip(Writer writer, RecordingFormat format, SensorGeometry g, List<EventPacket> packets)
            throws IOException {
        Path file = dir.resolve("out." + format.id());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writer.write(out, g, packets);
        }
        try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
            assertEquals(format, reader.info().format(), "detected from the written header");
            assertEquals(g, reader.info().geometry());
            EventBatch batch = new EventBatch(512);
            int p = 0;
            int i = 0;
            long n = 0;
            while (reader.read(batch) > 0) {
                for (int k = 0; k < batch.size(); k++) {
                    while (i == packets.get(p).size()) {
                        p++;
                        i = 0;
                    }
                    EventPacket want = packets.get(p);
                    assertArrayEquals(new long[] {want.timestampUs(i), want.x(i), want.y(i), want.on(i) ? 1 : 0},
                            new long[] {batch.timestampUs(k), batch.x(k), batch.y(k), batch.on(k) ? 1 : 0},
                            "event " + n + " of " + format);
                    i++;
                    n++;
                }
            }
            assertEquals(packets.stream().mapToLong(EventPacket::size).sum(), n, "event count of " + format);
        }
    }

    static final Writer NACS = (out, g, packets) -> {
        NacsWriter w = new NacsWriter(out);
        for (EventPacket p : packets) {
            w.write(p);
        }
    };

    static Writer aedat4(Aedat4Compression c) {
        return (out, g, packets) -> {
            Aedat4Writer w = new Aedat4Writer(out, g, "test camera <1>", c);
            for (EventPacket p : packets) {
                w.write(p);
            }
        };
    }

    static Writer raw(RecordingFormat f) {
        return (out, g, packets) -> {
            RawWriter w = new RawWriter(out, f, g);
            for (EventPacket p : packets) {
                w.write(p);
            }
        };
    }

    static final Writer AEDAT31 = (out, g, packets) -> {
        Aedat31Writer w = new Aedat31Writer(out, 1, "DVS128");
        for (EventPacket p : packets) {
            w.write(p);
        }
    };

    @Test
    void nmnistByteExactOnTheRealSampleAndAcrossTimestampEpochs() throws IOException {
        Path real = RealData.file("nmnist/sample_nmnist.bin");
        List<EventPacket> packets = packets(real, ReadOptions.defaults(), 1000);
        Path copy = dir.resolve("copy.bin");
        try (NmnistWriter w = new NmnistWriter(new BufferedOutputStream(Files.newOutputStream(copy)))) {
            for (EventPacket p : packets) {
                w.write(p);
            }
        }
        assertArrayEquals(Files.readAllBytes(real), Files.readAllBytes(copy), "the very bytes of the real sample");

        EventPacket long_ = EventPacket.builder("cam", 34, 34, 8).add(0, 0, true, 0).add(33, 33, false, 8_388_607)
                .add(1, 2, true, 8_388_608).add(3, 4, false, 20_000_000).add(5, 6, true, 50_000_000).build();
        Path file = dir.resolve("long.bin");
        try (NmnistWriter w = new NmnistWriter(Files.newOutputStream(file))) {
            w.write(long_);
        }
        assertEquals(5 * (5 + 5), Files.size(file), "5 events and 5 overflow markers (one per 2^23 µs)");
        List<EventPacket> back = packets(file, ReadOptions.defaults(), 100);
        assertEquals(1, back.size());
        assertEquals(long_, back.get(0));
        assertThrows(IllegalArgumentException.class, () -> new NmnistWriter(OutputStream.nullOutputStream())
                .write(EventPacket.builder("cam", 300, 300, 1).add(10, 250, true, 0).build()));
    }

    @Test
    void aedat31OnRealDvs128EventsRepacked() throws IOException {
        // a derived fixture: the real MovingDarkBox events, re-containerised as AEDAT 3.1 packets
        List<EventPacket> packets = packets(RealData.file("aedat2/MovingDarkBox.aedat"), ReadOptions.defaults(), 5000);
        roundTrip(AEDAT31, RecordingFormat.AEDAT31, new SensorGeometry(128, 128), packets);
        roundTrip(AEDAT31, RecordingFormat.AEDAT31, new SensorGeometry(128, 128), edgeCases(new SensorGeometry(128, 128)));
    }

    @ParameterizedTest
    @EnumSource(Aedat4Compression.class)
    void aedat4OnRealDvXplorerEvents(Aedat4Compression compression) throws IOException {
        List<EventPacket> packets = packets(RealData.file("aedat4/sample.aedat4"), ReadOptions.defaults(), 4000);
        SensorGeometry g = new SensorGeometry(320, 240);
        roundTrip(aedat4(compression), RecordingFormat.AEDAT4, g, packets);
        roundTrip(aedat4(compression), RecordingFormat.AEDAT4, g, edgeCases(g));
    }

    @Test
    void evt3OnRealGen41Events() throws IOException {
        List<EventPacket> packets = packets(RealData.file("evt3/evt3_sample.raw"), ReadOptions.defaults(), 7000);
        SensorGeometry g = new SensorGeometry(1280, 720);
        roundTrip(raw(RecordingFormat.EVT3), RecordingFormat.EVT3, g, packets);
        roundTrip(raw(RecordingFormat.EVT3), RecordingFormat.EVT3, g, edgeCases(g));
    }

    @Test
    void evt2OnRealGen3Events() throws IOException {
        List<EventPacket> packets = packets(RealData.file("evt2/evt2_sample.raw"), ReadOptions.defaults(), 7000);
        SensorGeometry g = new SensorGeometry(640, 480);
        roundTrip(raw(RecordingFormat.EVT2), RecordingFormat.EVT2, g, packets);
        roundTrip(raw(RecordingFormat.EVT2), RecordingFormat.EVT2, g, edgeCases(g));
    }

    @Test
    void nacsOnRealEventsAndEdgeCases() throws IOException {
        List<EventPacket> packets = packets(RealData.file("dat/sample_ncars.dat"), ReadOptions.defaults(), 300);
        roundTrip(NACS, RecordingFormat.NACS, new SensorGeometry(304, 240), packets);
        SensorGeometry g = new SensorGeometry(346, 260);
        roundTrip(NACS, RecordingFormat.NACS, g, edgeCases(g));
    }
}
