package io.nacastream.ingest.recording;

import java.io.IOException;

/** Shared bookkeeping of the file readers: the input, the header facts and the skipped count. */
public abstract class AbstractEventReader implements EventReader {

    /** The bytes being decoded. */
    protected final ByteInput in;
    /** Records that carried no polarity event. */
    protected long skipped;
    private RecordingInfo info;

    /** A reader over {@code in}; subclasses call {@link #info(RecordingInfo)} once the header is parsed. */
    protected AbstractEventReader(ByteInput in) {
        this.in = in;
    }

    /** Sets the header facts. */
    protected final void info(RecordingInfo value) {
        this.info = value;
    }

    @Override
    public final RecordingInfo info() {
        return info;
    }

    @Override
    public final long bytesRead() {
        return in.offset();
    }

    @Override
    public final long totalBytes() {
        return in.size();
    }

    @Override
    public final long skipped() {
        return skipped;
    }

    /** An error for an event outside the sensor, suggesting the size option. */
    protected final RecordingFormatException outside(long at, int x, int y) {
        return in.error(at, "event (" + x + "," + y + ") lies outside the " + info.geometry()
                + " sensor; if the sensor is larger, pass its size, e.g. --geometry 640x480");
    }

    /** Fails when a record was cut short by the end of the source. */
    protected final void checkNoTrailingBytes(int recordBytes) throws IOException {
        if (in.available() > 0) {
            throw in.error("truncated: " + in.available() + " trailing bytes do not make a whole " + recordBytes
                    + "-byte record");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
