package io.nacastream.ingest.recording.nmnist;

import io.nacastream.ingest.recording.AbstractEventReader;
import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.RecordingInfo;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.IOException;
import java.util.List;

/**
 * Reads the N-MNIST / N-Caltech101 binary format: no header, 5 bytes per event: x (u8), y (u8), then bit 39 =
 * polarity (1 = ON) and 23 bits of timestamp µs. A record with y = 240 is a timestamp-overflow marker: later
 * timestamps gain 2^23 µs (the field's width; the original MATLAB/Python readers add 2^13, which no N-MNIST sample
 * triggers). The size defaults to N-MNIST's 34x34; pass 240x180 for N-Caltech101.
 */
public final class NmnistReader extends AbstractEventReader {

    /** N-MNIST sensor crop. */
    public static final SensorGeometry NMNIST = new SensorGeometry(34, 34);
    private static final int OVERFLOW_Y = 240;

    private final int width;
    private final int height;
    private long epoch;

    /** A reader over {@code in}. */
    public NmnistReader(ByteInput in, ReadOptions options) {
        super(in);
        SensorGeometry geometry = options.geometry().orElse(NMNIST);
        width = geometry.width();
        height = geometry.height();
        info(new RecordingInfo(RecordingFormat.NMNIST, geometry, "ATIS", List.of("5-byte events, no header")));
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        while (batch.free() > 0) {
            if (!in.request(5)) {
                checkNoTrailingBytes(5);
                break;
            }
            byte[] b = in.buffer();
            int p = in.position();
            int end = p + Math.min(in.available() / 5, batch.free()) * 5;
            for (; p < end; p += 5) {
                int x = b[p] & 0xFF;
                int y = b[p + 1] & 0xFF;
                int b2 = b[p + 2] & 0xFF;
                if (y == OVERFLOW_Y) {
                    epoch += 1L << 23;
                    skipped++;
                    continue;
                }
                if (x >= width || y >= height) {
                    in.position(p);
                    throw outside(in.offset(), x, y);
                }
                long t = epoch + ((b2 & 0x7F) << 16 | (b[p + 3] & 0xFF) << 8 | (b[p + 4] & 0xFF));
                batch.add(x, y, b2 >= 0x80, t);
            }
            in.position(p);
        }
        return batch.size() == 0 ? -1 : batch.size();
    }
}
