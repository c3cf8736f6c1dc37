package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a Prophesee RAW file that Metavision tools open: a header with {@code evt}, {@code format} and
 * {@code geometry} keys ending in {@code % end}, then the EVT 3.0 or EVT 2.0 word stream.
 */
public final class RawWriter implements Closeable {

    private final OutputStream out;
    private final Evt3WordWriter evt3;
    private final Evt2WordWriter evt2;

    /** Starts a file of {@code format} (EVT2 or EVT3) for a sensor of {@code geometry}. */
    public RawWriter(OutputStream out, RecordingFormat format, SensorGeometry geometry) throws IOException {
        if (format != RecordingFormat.EVT2 && format != RecordingFormat.EVT3) {
            throw new IllegalArgumentException("RAW files hold EVT2 or EVT3, not " + format);
        }
        this.out = out;
        boolean three = format == RecordingFormat.EVT3;
        this.evt3 = three ? new Evt3WordWriter() : null;
        this.evt2 = three ? null : new Evt2WordWriter();
        String header = "% evt " + (three ? "3.0" : "2.0") + "\n"
                + "% format " + (three ? "EVT3" : "EVT2") + ";height=" + geometry.height() + ";width=" + geometry.width()
                + "\n% geometry " + geometry.width() + "x" + geometry.height() + "\n"
                + "% integrator_name naca-stream\n% end\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends the packet's events. */
    public void write(EventPacket packet) throws IOException {
        out.write(evt3 != null ? evt3.encode(packet) : evt2.encode(packet));
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
