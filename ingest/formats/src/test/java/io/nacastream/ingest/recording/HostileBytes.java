package io.nacastream.ingest.recording;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.aedat.Aedat31Writer;
import io.nacastream.ingest.recording.aedat.Aedat4Compression;
import io.nacastream.ingest.recording.aedat.Aedat4Writer;
import io.nacastream.ingest.recording.nacs.NacsWriter;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.ingest.recording.prophesee.RawWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared by the fuzz and corruption tests: valid files to damage, and the contract a damaged file must meet. */
final class HostileBytes {

    private HostileBytes() {
    }

    /** A valid recording of {@code packet} in {@code format} (AEDAT 2.0, DAT and N-MNIST are built by hand). */
    static byte[] valid(RecordingFormat format, EventPacket packet, Aedat4Compression compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SensorGeometry g = new SensorGeometry(packet.width(), packet.height());
        switch (format) {
            case NACS -> new NacsWriter(out).write(packet);
            case AEDAT31 -> new Aedat31Writer(out, 1, "DVS128").write(packet);
            case AEDAT4 -> new Aedat4Writer(out, g, "cam", compression).write(packet);
            case EVT2, EVT3 -> new RawWriter(out, format, g).write(packet);
            case AEDAT2 -> {
                out.write("#!AER-DAT2.0\r\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n".getBytes());
                for (int i = 0; i < packet.size(); i++) {
                    int a = (packet.y(i) & 0x7F) << 8 | (packet.x(i) & 0x7F) << 1 | (packet.on(i) ? 1 : 0);
                    out.write(new byte[] {0, 0, (byte) (a >> 8), (byte) a});
                    int t = (int) packet.timestampUs(i);
                    out.write(new byte[] {(byte) (t >> 24), (byte) (t >> 16), (byte) (t >> 8), (byte) t});
                }
            }
            case DAT -> {
                out.write("% Data file containing Event2D events.\n% Version 2\n% Width 304\n% Height 240\n".getBytes());
                out.write(new byte[] {0, 8});
                byte[] rec = new byte[8];
                for (int i = 0; i < packet.size(); i++) {
                    Bytes.put32le(rec, 0, (int) packet.timestampUs(i));
                    Bytes.put32le(rec, 4, (packet.x(i) & 0x3FFF) | (packet.y(i) & 0x3FFF) << 14
                            | (packet.on(i) ? 1 << 28 : 0));
                    out.write(rec);
                }
            }
            case NMNIST -> {
                for (int i = 0; i < packet.size(); i++) {
                    int t = (int) (packet.timestampUs(i) & 0x7FFFFF);
                    out.write(new byte[] {(byte) (packet.x(i) % 34), (byte) (packet.y(i) % 34),
                        (byte) ((packet.on(i) ? 0x80 : 0) | t >> 16), (byte) (t >> 8), (byte) t});
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads {@code bytes} as {@code format} to the end: it must either decode events that lie on the sensor, or fail
     * with a {@link RecordingFormatException} naming the source and an offset inside the data. Any other exception
     * (index out of bounds, OutOfMemoryError, ...) escapes and fails the caller.
     */
    static long readAll(byte[] bytes, RecordingFormat format, boolean detect) {
        ReadOptions options = detect ? ReadOptions.defaults() : ReadOptions.defaults().withFormat(format);
        String name = "fuzzed." + format.id();
        try (EventReader reader = Recordings.open(ByteInput.of(bytes, name), options)) {
            SensorGeometry g = reader.info().geometry();
            EventBatch batch = new EventBatch(256);
            long events = 0;
            int n;
            while ((n = reader.read(batch)) > 0) {
                assertTrue(n <= batch.capacity());
                for (int i = 0; i < n; i++) {
                    assertTrue(g.contains(batch.x(i), batch.y(i)), "event off the sensor");
                }
                events += n;
                assertTrue(events <= bytes.length, "more events than bytes");
            }
            return events;
        } catch (RecordingFormatException e) {
            assertTrue(e.getMessage().startsWith(name + ": at byte "), e.getMessage());
            assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, "offset " + e.offset() + " of " + bytes.length + ": " + e.getMessage());
            return -1;
        } catch (IOException e) {
            throw new AssertionError("unexpected I/O error on in-memory bytes", e);
        }
    }
}
