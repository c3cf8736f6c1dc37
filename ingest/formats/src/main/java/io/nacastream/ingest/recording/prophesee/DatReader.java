package io.nacastream.ingest.recording.prophesee;

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

/**
 * Reads Prophesee DAT: the "% " header, an event-type byte and an event-size byte, then 8-byte little-endian events
 * {@code uint32 t, uint32 (x: bits 0–13, y: bits 14–27, p: bits 28–31)}. Only CD event files (type 0 Event2D or
 * 12 EventCD) hold polarity events. Legacy files without a header are type 0. Timestamps are unwrapped past 2^32 µs.
 * Without Width/Height keys the size defaults to the ATIS/Gen1 sensor, 304x240.
 */
public final class DatReader extends AbstractEventReader {

    /** Sensor of DAT files that do not state their size: ATIS / Prophesee Gen1. */
    public static final SensorGeometry ATIS = new SensorGeometry(304, 240);

    private final int width;
    private final int height;
    private long previous = -1;
    private long epoch;

    /** Parses the header of {@code in}. */
    public DatReader(ByteInput in, ReadOptions options) throws IOException {
        super(in);
        PropheseeHeader header = PropheseeHeader.read(in);
        List<String> lines = new ArrayList<>(header.lines());
        if (header.present()) {
            if (!in.request(2)) {
                throw in.error("truncated after the header: no event type and size bytes");
            }
            int type = in.buffer()[in.position()] & 0xFF;
            int size = in.buffer()[in.position() + 1] & 0xFF;
            if (type != 0 && type != 12) {
                throw in.error("DAT event type " + type + " holds no CD events (expected 0 or 12)");
            }
            if (size != 8) {
                throw in.error(in.offset() + 1, "DAT event size " + size + " (expected 8)");
            }
            in.position(in.position() + 2);
            lines.add("event type " + type);
        }
        SensorGeometry geometry = options.geometry().orElse(header.geometry() != null ? header.geometry() : ATIS);
        width = geometry.width();
        height = geometry.height();
        info(new RecordingInfo(RecordingFormat.DAT, geometry, "", lines));
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        while (batch.free() > 0) {
            if (!in.request(8)) {
                checkNoTrailingBytes(8);
                break;
            }
            byte[] b = in.buffer();
            int p = in.position();
            int end = p + Math.min(in.available() / 8, batch.free()) * 8;
            for (; p < end; p += 8) {
                long raw = Integer.toUnsignedLong(Bytes.i32le(b, p));
                if (raw < previous && previous - raw > 0x8000_0000L) {
                    epoch += 1L << 32;
                }
                previous = raw;
                int w = Bytes.i32le(b, p + 4);
                int x = w & 0x3FFF;
                int y = (w >>> 14) & 0x3FFF;
                int pol = w >>> 28;
                if (x >= width || y >= height || pol > 1) {
                    in.position(p);
                    throw pol > 1 ? in.error("polarity " + pol + " (expected 0 or 1)") : outside(in.offset(), x, y);
                }
                batch.add(x, y, pol == 1, epoch + raw);
            }
            in.position(p);
        }
        return batch.size() == 0 ? -1 : batch.size();
    }
}
