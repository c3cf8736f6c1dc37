package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.AbstractEventReader;
import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.RecordingInfo;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads cAER AEDAT 3.0/3.1 (the DVS128 Gesture format): '#' header lines up to {@code #!END-HEADER}, then packets
 * of a 28-byte little-endian header and {@code capacity × size} bytes of events. Polarity packets (type 1) give
 * events {@code x = data>>17, y = data>>2 (15 bits each), ON = bit 1}, skipping invalid ones (bit 0 clear), with
 * {@code t = overflow << 31 | ts}; other packet types are skipped whole.
 */
public final class Aedat31Reader extends AbstractEventReader {

    /** Bytes of a packet header. */
    public static final int PACKET_HEADER = 28;
    /** Event type of polarity packets. */
    public static final int POLARITY = 1;
    private static final long MAX_PACKET_BYTES = 1L << 30;

    private final int width;
    private final int height;
    /** Polarity events left to decode in the current packet. */
    private int eventsLeft;
    /** Bytes to skip after them (capacity beyond eventNumber). */
    private long tailBytes;
    private long overflow;

    /** Parses the header of {@code in}. */
    public Aedat31Reader(ByteInput in, ReadOptions options) throws IOException {
        super(in);
        HashHeader parsed = HashHeader.read(in, "#!END-HEADER");
        List<String> header = new ArrayList<>(parsed.lines());
        String source = header.stream().filter(l -> l.startsWith("#Source ") && l.indexOf(':') > 0)
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("");
        boolean ended = parsed.ended();
        if (!ended && header.stream().anyMatch(l -> l.startsWith("#!AER-DAT3.1"))) {
            throw in.error("AEDAT 3.1 header has no #!END-HEADER line");
        }
        SensorGeometry geometry = options.geometryOr(geometryOf(source), in, "source '" + source + "'");
        width = geometry.width();
        height = geometry.height();
        info(new RecordingInfo(RecordingFormat.AEDAT31, geometry, source, header));
    }

    /** Sensor size implied by a cAER source name, or null. */
    static SensorGeometry geometryOf(String source) {
        String s = source.toUpperCase(Locale.ROOT);
        if (s.startsWith("DVS128")) {
            return new SensorGeometry(128, 128);
        }
        if (s.startsWith("DAVIS346")) {
            return new SensorGeometry(346, 260);
        }
        if (s.startsWith("DAVIS240")) {
            return new SensorGeometry(240, 180);
        }
        if (s.startsWith("DAVIS640") || s.startsWith("DVXPLORER")) {
            return new SensorGeometry(640, 480);
        }
        return null;
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        while (batch.free() > 0) {
            if (eventsLeft == 0) {
                if (tailBytes > 0 && !in.skip(tailBytes)) {
                    throw in.error("truncated inside a packet body");
                }
                tailBytes = 0;
                if (!nextPolarityPacket()) {
                    break;
                }
                continue;
            }
            if (!in.request(8)) {
                throw in.error("truncated inside a polarity packet: " + eventsLeft + " events missing");
            }
            byte[] b = in.buffer();
            int p = in.position();
            int n = Math.min(Math.min(eventsLeft, in.available() / 8), batch.free());
            int end = p + 8 * n;
            long high = overflow;
            for (; p < end; p += 8) {
                int data = Bytes.i32le(b, p);
                if ((data & 1) == 0) {
                    skipped++;
                    continue;
                }
                int x = (data >>> 17) & 0x7FFF;
                int y = (data >>> 2) & 0x7FFF;
                if (x >= width || y >= height) {
                    in.position(p);
                    throw outside(in.offset(), x, y);
                }
                int ts = Bytes.i32le(b, p + 4);
                if (ts < 0) {
                    in.position(p);
                    throw in.error("negative timestamp " + ts);
                }
                batch.add(x, y, (data & 2) != 0, high | ts);
            }
            eventsLeft -= n;
            in.position(p);
        }
        return batch.size() == 0 ? -1 : batch.size();
    }

    /** Skips non-polarity packets; positions at the events of the next polarity packet, or returns false at EOF. */
    private boolean nextPolarityPacket() throws IOException {
        while (true) {
            if (!in.request(PACKET_HEADER)) {
                checkNoTrailingBytes(PACKET_HEADER);
                return false;
            }
            long at = in.offset();
            byte[] b = in.buffer();
            int p = in.position();
            int type = Bytes.i16le(b, p);
            int size = Bytes.i32le(b, p + 4);
            int tsOffset = Bytes.i32le(b, p + 8);
            int tsOverflow = Bytes.i32le(b, p + 12);
            int capacity = Bytes.i32le(b, p + 16);
            int number = Bytes.i32le(b, p + 20);
            if (size < 0 || capacity < 0 || number < 0 || number > capacity || tsOverflow < 0) {
                throw in.error(at, "bad packet header: type " + type + ", event size " + size + ", capacity "
                        + capacity + ", number " + number + ", overflow " + tsOverflow);
            }
            long body = (long) capacity * size;
            if (body > MAX_PACKET_BYTES || body > in.remaining() - PACKET_HEADER) {
                throw in.error(at, "packet claims " + body + " bytes of events but "
                        + Math.max(0, in.remaining() - PACKET_HEADER) + " bytes are left");
            }
            in.position(p + PACKET_HEADER);
            if (type != POLARITY) {
                skipped += number;
                if (!in.skip(body)) {
                    throw in.error("truncated inside a packet body");
                }
                continue;
            }
            if (size != 8 || tsOffset != 4) {
                throw in.error(at, "polarity packet with event size " + size + " and timestamp offset " + tsOffset
                        + " (expected 8 and 4)");
            }
            overflow = (long) tsOverflow << 31;
            eventsLeft = number;
            tailBytes = (long) (capacity - number) * size;
            if (number > 0) {
                return true;
            }
        }
    }
}
