package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.AbstractEventReader;
import io.nacastream.ingest.recording.Aedat2Convention;
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
 * Reads jAER AEDAT 1.0/2.0: '#' header lines, then big-endian {@code int32 address, int32 timestamp} records
 * (AEDAT 1.0: {@code int16 address}). Addresses follow the chip named in the {@code # AEChip:} line: DVS128
 * (bits 1–7 x, 8–14 y, bit 0 polarity, bit 15 external event) or DAVIS (bits 12–21 x, 22–30 y, bit 11 polarity,
 * bit 31 APS/IMU); files without that line (jAER before 2014) are DVS128. Special, external, APS and IMU records
 * are skipped. Timestamps are 32-bit µs, unwrapped to 64 bits.
 */
public final class Aedat2Reader extends AbstractEventReader {

    private final boolean davis;
    private final boolean jaer;
    private final int recordBytes;
    private final int width;
    private final int height;
    private long previousRaw = -1;
    private long epoch;

    /** Parses the header of {@code in}. */
    public Aedat2Reader(ByteInput in, ReadOptions options) throws IOException {
        super(in);
        List<String> header = new ArrayList<>(HashHeader.read(in, "End Of ASCII Header").lines());
        boolean version1 = !header.isEmpty() && header.get(0).startsWith("#!AER-DAT1");
        String chip = header.stream().filter(l -> l.contains("AEChip:"))
                .map(l -> l.substring(l.indexOf("AEChip:") + 7).trim()).findFirst().orElse("");
        String lower = chip.toLowerCase(Locale.ROOT);
        davis = lower.contains("davis");
        SensorGeometry fromHeader;
        if (davis) {
            fromHeader = lower.contains("346") ? new SensorGeometry(346, 260)
                    : lower.contains("240") ? new SensorGeometry(240, 180)
                    : lower.contains("640") ? new SensorGeometry(640, 480) : null;
        } else if (chip.isEmpty() || lower.endsWith("dvs128") || lower.contains("dvs128")) {
            fromHeader = new SensorGeometry(128, 128);
        } else {
            throw in.error("AEChip '" + chip + "' is neither a DVS128 nor a DAVIS; its address layout is unknown");
        }
        SensorGeometry geometry = options.geometryOr(fromHeader, in, "DAVIS chip " + chip);
        width = geometry.width();
        height = geometry.height();
        jaer = options.aedat2Convention() == Aedat2Convention.JAER;
        recordBytes = version1 ? 6 : 8;
        header.add("convention: " + options.aedat2Convention() + (davis ? ", DAVIS addresses" : ", DVS128 addresses"));
        info(new RecordingInfo(RecordingFormat.AEDAT2, geometry, chip.isEmpty() ? "DVS128" : chip, header));
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        int rec = recordBytes;
        while (batch.free() > 0) {
            if (!in.request(rec)) {
                checkNoTrailingBytes(rec);
                break;
            }
            byte[] b = in.buffer();
            int p = in.position();
            int records = Math.min(in.available() / rec, batch.free() + 4096);
            int end = p + records * rec;
            for (; p < end && batch.free() > 0; p += rec) {
                int address = rec == 8 ? Bytes.i32be(b, p) : Bytes.i16be(b, p) & 0xFFFF;
                long raw = Integer.toUnsignedLong(Bytes.i32be(b, p + rec - 4));
                if (raw < previousRaw && previousRaw - raw > 0x8000_0000L) {
                    epoch += 1L << 32;
                }
                previousRaw = raw;
                long t = epoch + raw;
                int x;
                int y;
                boolean on;
                if (davis) {
                    if ((address & 0x8000_0400) != 0) { // APS or IMU sample, or external input event
                        skipped++;
                        continue;
                    }
                    x = (address >>> 12) & 0x3FF;
                    y = (address >>> 22) & 0x1FF;
                    on = (address & 0x800) != 0;
                } else {
                    if ((address & 0x8000_8000) != 0) { // jAER special event or DVS128 sync input
                        skipped++;
                        continue;
                    }
                    x = (address >>> 1) & 0x7F;
                    y = (address >>> 8) & 0x7F;
                    on = ((address & 1) != 0) != jaer; // jAER: raw bit 0 = 0 is ON
                }
                if (jaer) {
                    x = width - 1 - x;
                    y = height - 1 - y;
                }
                if (x < 0 || y < 0 || x >= width || y >= height) {
                    in.position(p);
                    throw outside(in.offset(), x, y);
                }
                batch.add(x, y, on, t);
            }
            in.position(p);
        }
        return batch.size() == 0 ? -1 : batch.size();
    }
}
