package io.nacastream.ingest.recording.nacs;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.AbstractEventReader;
import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.RecordingFormatException;
import io.nacastream.ingest.recording.RecordingInfo;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.wire.MalformedPacketException;
import io.nacastream.ingest.wire.PacketCodec;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@link NacsFormat} recording frame by frame, each frame checked by {@link PacketCodec} (CRC included).
 * The first packet fixes the sensor id and size; later packets must match the size.
 */
public final class NacsReader extends AbstractEventReader {

    private EventPacket current;
    private int next;
    private final SensorGeometry geometry;

    /** Checks the magic and reads the first packet of {@code in}. */
    public NacsReader(ByteInput in, ReadOptions options) throws IOException {
        super(in);
        if (!in.request(NacsFormat.MAGIC.length)
                || !Arrays.equals(Arrays.copyOfRange(in.buffer(), in.position(), in.position() + 8), NacsFormat.MAGIC)) {
            throw in.error("not a naca-stream recording: missing NACSREC1");
        }
        in.position(in.position() + NacsFormat.MAGIC.length);
        current = nextPacket();
        SensorGeometry fromData = current == null ? null : new SensorGeometry(current.width(), current.height());
        geometry = options.geometryOr(fromData, in, "the recording holds no packet");
        info(new RecordingInfo(RecordingFormat.NACS, geometry, current == null ? "" : current.sensorId(),
                List.of("wire format v" + PacketCodec.VERSION)));
    }

    private EventPacket nextPacket() throws IOException {
        if (!in.request(4)) {
            checkNoTrailingBytes(4);
            return null;
        }
        long at = in.offset();
        long length = Integer.toUnsignedLong(Bytes.i32be(in.buffer(), in.position()));
        if (length > NacsFormat.MAX_FRAME || length > in.remaining() - 4) {
            throw in.error("frame claims " + length + " bytes but " + Math.max(0, in.remaining() - 4)
                    + " are left (limit " + NacsFormat.MAX_FRAME + ")");
        }
        in.position(in.position() + 4);
        if (!in.request((int) length)) {
            throw in.error("truncated frame: " + in.available() + " of " + length + " bytes");
        }
        byte[] frame = Arrays.copyOfRange(in.buffer(), in.position(), in.position() + (int) length);
        in.position(in.position() + (int) length);
        try {
            EventPacket packet = PacketCodec.decode(frame);
            if (geometry != null && (packet.width() != geometry.width() || packet.height() != geometry.height())) {
                throw new RecordingFormatException(in.name(), at, "packet for a " + packet.width() + "x"
                        + packet.height() + " sensor in a " + geometry + " recording");
            }
            return packet;
        } catch (MalformedPacketException e) {
            throw new RecordingFormatException(in.name(), at + 4 + e.offset(), e.getMessage(), e);
        }
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        while (batch.free() > 0 && current != null) {
            int n = Math.min(current.size() - next, batch.free());
            for (int i = next; i < next + n; i++) {
                batch.add(current.x(i), current.y(i), current.on(i), current.timestampUs(i));
            }
            next += n;
            if (next == current.size()) {
                current = nextPacket();
                next = 0;
            }
        }
        return batch.size() == 0 ? -1 : batch.size();
    }
}
