package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.recording.AbstractEventReader;
import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventDataException;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.RecordingInfo;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.IOException;

/**
 * Reads a Prophesee RAW file (EVT 2.0 or EVT 3.0): the "% " header, then the word stream decoded in place by an
 * {@link Evt2Decoder} or {@link Evt3Decoder}. The sensor size comes from the header's {@code format} or
 * {@code geometry} keys, else from the plugin name (Gen3 640x480, Gen4.1/IMX636 1280x720, GenX320 320x320).
 */
public final class RawReader extends AbstractEventReader {

    private final WordDecoder decoder;

    /** Parses the header of {@code in}; {@code format} is EVT2 or EVT3 (from the header when detected). */
    public RawReader(ByteInput in, ReadOptions options, RecordingFormat format) throws IOException {
        super(in);
        PropheseeHeader header = PropheseeHeader.read(in);
        if (header.evt().equals("2.1")) {
            throw in.error("EVT 2.1 is not supported; record in EVT 3.0 or EVT 2.0");
        }
        SensorGeometry geometry = options.geometryOr(header.geometry(), in, "no format, geometry or known plugin_name");
        decoder = format == RecordingFormat.EVT2 ? new Evt2Decoder(geometry) : new Evt3Decoder(geometry);
        String source = header.lines().stream().filter(l -> l.startsWith("serial_number"))
                .map(l -> l.substring("serial_number".length()).trim()).findFirst().orElse("");
        info(new RecordingInfo(format, geometry, source, header.lines()));
    }

    /** The format a RAW header declares (EVT2 or EVT3), or null. */
    public static RecordingFormat declared(PropheseeHeader header) {
        return switch (header.evt()) {
            case "2.0" -> RecordingFormat.EVT2;
            case "3.0" -> RecordingFormat.EVT3;
            default -> null;
        };
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        int word = decoder.wordBytes();
        while (batch.free() >= decoder.maxEventsPerWord()) {
            if (!in.request(word)) {
                checkNoTrailingBytes(word);
                break;
            }
            int p = in.position();
            try {
                in.position(decoder.decode(in.buffer(), p, in.limit(), batch));
            } catch (EventDataException e) {
                in.position(e.index());
                throw in.error(e.getMessage());
            }
        }
        skipped = decoder.skipped();
        return batch.size() == 0 ? -1 : batch.size();
    }
}
