package io.nacastream.ingest.dataset;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormatException;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.open.Recordings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays samples end to end on one stream's timeline: each sample is read (one at a time, so never the whole dataset
 * in memory), its first event moved to the stream's cursor, cut into packets as the publisher does, and given a
 * label segment from its first event to its last (exclusive: the events of the last microsecond are unlabelled, so
 * the segment closes with the sample's last packet); the next sample starts a quiet gap later. Every sample must come from the sensor size
 * of the first (a stream has one geometry).
 */
public final class SamplePlayer {

    /**
     * A sample placed on the stream.
     *
     * @param entry   the sample and whether it is learned
     * @param segment its label segment (class, stream time covered, learn flag)
     * @param packets its events, shifted onto the stream's time, in packets
     * @param events  number of events
     */
    public record Placed(SampleOrder.Entry entry, LabelSegment segment, List<EventPacket> packets, long events) {
    }

    private final String streamId;
    private final long gapUs;
    private final int packetEvents;
    private final long packetUs;
    private final ReadOptions read;
    private SensorGeometry geometry;
    private String firstSample;
    private long cursorUs;
    private long emptySamples;

    /**
     * A player for stream {@code streamId} starting at stream time 0, leaving {@code gapUs} of silence between
     * samples, with packets of at most {@code packetEvents} events and {@code packetUs} µs.
     */
    public SamplePlayer(String streamId, long gapUs, int packetEvents, long packetUs, ReadOptions read) {
        if (gapUs < 0) {
            throw new IllegalArgumentException("the gap between samples must be >= 0, got " + gapUs);
        }
        this.streamId = streamId;
        this.gapUs = gapUs;
        this.packetEvents = packetEvents;
        this.packetUs = packetUs;
        this.read = read;
    }

    /**
     * Reads {@code entry}'s sample and places it after the previous one; null for a sample without events (counted,
     * skipped). A format problem is a {@link RecordingFormatException} naming the file; a sample of another sensor
     * size than the first an {@link IllegalArgumentException} naming both.
     */
    public Placed place(SampleOrder.Entry entry) throws IOException {
        SampleDataset.Sample sample = entry.sample();
        try (EventReader reader = Recordings.open(sample.file(), read)) {
            SensorGeometry g = reader.info().geometry();
            if (geometry == null) {
                geometry = g;
                firstSample = sample.name();
            } else if (!geometry.equals(g)) {
                throw new IllegalArgumentException("sample " + sample.name() + " is from a " + g + " sensor but "
                        + firstSample + " was " + geometry + "; a dataset streams as one sensor (pass --geometry=WxH "
                        + "for header-less formats)");
            }
            List<EventPacket> packets = new ArrayList<>();
            PacketAssembler assembler = new PacketAssembler(streamId, g.width(), g.height(), packetEvents, packetUs,
                    packets::add);
            MonotonicTime time = new MonotonicTime();
            long[] first = {Long.MIN_VALUE};
            long[] last = {0};
            long start = cursorUs;
            long events = time.pump(reader, (x, y, on, t) -> {
                if (first[0] == Long.MIN_VALUE) {
                    first[0] = t;
                }
                last[0] = start + (t - first[0]);
                assembler.accept(x, y, on, last[0]);
            });
            assembler.flush();
            if (events == 0) {
                emptySamples++;
                return null;
            }
            // the segment ends at the last event (exclusive), so a stream that reaches it closes the segment at once
            // and its verdict comes out with the sample, not with the next one; a sample of one instant covers 1 µs
            long end = Math.max(last[0], start + 1);
            cursorUs = end + gapUs;
            return new Placed(entry, new LabelSegment(streamId, sample.classId(), start, end, entry.learn()), packets,
                    events);
        }
    }

    /** Stream time where the next sample will start. */
    public long cursorUs() {
        return cursorUs;
    }

    /** The stream's sensor size (that of its first sample), or null before it. */
    public SensorGeometry geometry() {
        return geometry;
    }

    /** Samples skipped because they held no event. */
    public long emptySamples() {
        return emptySamples;
    }
}
