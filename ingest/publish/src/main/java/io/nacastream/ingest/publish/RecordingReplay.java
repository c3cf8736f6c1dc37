package io.nacastream.ingest.publish;

import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Publishes one recording as a stream, once or looped: pass after pass, each pass's timestamps shifted by a whole
 * number of periods ({@link RecordingSpan#periodUs()}: the recording's span plus a seam gap of one mean inter-event
 * interval) so stream time keeps increasing, until a given span of stream time, counted from the first event, is
 * published (the last pass is cut there). Every encoding is made from the shifted events, so the camera payloads
 * carry shifted time too. Label segments are sent when stream time reaches their start, before the events they
 * cover.
 */
public final class RecordingReplay {

    /** Opens the recording afresh, once per pass (and once more to measure it when looped). */
    @FunctionalInterface
    public interface Opener {
        /** A reader at the recording's start. */
        EventReader open() throws IOException;
    }

    /**
     * What a replay did.
     *
     * @param publish  events, records, bytes, labels and timing of the publish
     * @param passes   passes begun (the last one may be cut)
     * @param streamUs stream time published: from the first event to the end of the loop (or to the last event)
     * @param periodUs time between the starts of two passes (0 when not looped)
     * @param gapUs    seam gap between a pass's last event and the next pass's first (0 when not looped)
     * @param stopped  true if {@link #stop()} ended the replay early
     */
    public record Result(RecordingPublisher.Result publish, long passes, long streamUs, long periodUs, long gapUs,
                         boolean stopped) {
    }

    private final RecordingPublisher publisher;
    private final LongSupplier nanoClock;
    private volatile boolean stopRequested;

    /** A replay through {@code publisher}; {@code nanoClock} times the progress line. */
    public RecordingReplay(RecordingPublisher publisher, LongSupplier nanoClock) {
        this.publisher = publisher;
        this.nanoClock = nanoClock;
    }

    /** How the publisher publishes (topics, pace, packets, encoding). */
    public RecordingPublisher.Options options() {
        return publisher.options();
    }

    /** Ends a running replay after the batch in hand (from any thread); what was read is still sent. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Publishes the recording as stream {@code streamId}: looped until {@code loopUs} of stream time when it is
     * positive, else once; labels from {@code labels}.
     */
    public Result publish(Opener opener, String streamId, long loopUs, ReplayLabels labels, Progress progress)
            throws IOException, InterruptedException {
        boolean loop = loopUs > 0;
        RecordingSpan span = null;
        if (loop) {
            try (EventReader reader = opener.open()) {
                span = RecordingSpan.of(reader);
            }
            if (span.events() == 0) {
                throw new IOException("the recording has no event: nothing to loop");
            }
        }
        long period = loop ? span.periodUs() : Long.MAX_VALUE;
        long end = loop ? Math.addExact(span.firstUs(), loopUs) : Long.MAX_VALUE;
        Run run = new Run(streamId, period, end, labels, progress);
        for (long pass = 0; run.open; pass++) {
            if (pass > 0 && (!loop || span.firstUs() + pass * period >= end)) {
                break; // one pass only, or the loop ends where this pass would start
            }
            if (stopRequested) {
                run.stopped = true;
                break;
            }
            try (EventReader reader = opener.open()) {
                if (!run.pass(reader, loop ? pass * period : 0) && loop && !run.stopped) {
                    throw new IOException("pass " + (pass + 1) + " of the recording had no event");
                }
            }
        }
        return run.finish(loop, span);
    }

    /** One replay's state across passes. */
    private final class Run {
        private final String streamId;
        private final long period;
        private final long end;
        private final ReplayLabels labels;
        private final Progress progress;
        private final long started = nanoClock.getAsLong();
        private RecordingPublisher.Session session;
        private PacketAssembler assembler;
        private LabelFeed feed;
        private boolean open = true;
        private boolean stopped;
        private long passes;
        private long firstUs;
        private long lastUs;
        private long events;
        private long bytes;
        private long clamped;
        private long maxStepBackUs;
        private long skipped;

        Run(String streamId, long period, long end, ReplayLabels labels, Progress progress) {
            this.streamId = streamId;
            this.period = period;
            this.end = end;
            this.labels = labels;
            this.progress = progress;
        }

        /** Publishes one pass shifted by {@code shiftUs}; false if it had no event. */
        boolean pass(EventReader reader, long shiftUs) throws IOException, InterruptedException {
            if (session == null) {
                SensorGeometry g = reader.info().geometry();
                session = publisher.session(streamId, g);
                assembler = new PacketAssembler(streamId, g.width(), g.height(),
                        publisher.options().packetEvents(), publisher.options().packetUs(), session.sink());
            }
            passes++;
            long before = events;
            MonotonicTime time = new MonotonicTime();
            EventBatch batch = new EventBatch(EventBatch.DEFAULT_CAPACITY);
            while (open) {
                if (stopRequested) {
                    stopped = true;
                    break;
                }
                if (reader.read(batch) <= 0) {
                    break;
                }
                for (int i = 0; i < batch.size(); i++) {
                    long t = time.next(batch.timestampUs(i)) + shiftUs;
                    if (t >= end) {
                        open = false;
                        break;
                    }
                    if (feed == null) {
                        firstUs = t;
                        feed = labels.feed(streamId, t, period, end);
                    }
                    if (t >= feed.nextStartUs()) {
                        sendLabels(t);
                    }
                    assembler.accept(batch.x(i), batch.y(i), batch.on(i), t);
                    lastUs = t;
                    events++;
                }
                session.check();
                long done = bytes + reader.bytesRead();
                if (progress != null) {
                    progress.update(() -> line(done));
                }
            }
            bytes += reader.bytesRead();
            clamped += time.clamped();
            maxStepBackUs = Math.max(maxStepBackUs, time.maxStepBackUs());
            skipped += reader.skipped();
            return events > before;
        }

        private void sendLabels(long untilUs) throws IOException {
            List<LabelSegment> due = new ArrayList<>();
            while (feed.nextStartUs() <= untilUs) {
                due.add(feed.next());
            }
            session.labels(due);
        }

        Result finish(boolean loop, RecordingSpan span) throws IOException {
            if (session == null) {
                throw new IOException(stopRequested ? "stopped before the first pass" : "the recording could not be "
                        + "opened");
            }
            assembler.flush();
            if (loop && feed != null && !stopped) {
                sendLabels(Long.MAX_VALUE - 1); // the segments of the rest of the loop, up to its end
            }
            RecordingPublisher.Result r = session.finish(events, clamped, maxStepBackUs, skipped);
            if (progress != null) {
                progress.done(line(bytes));
            }
            long streamUs = events == 0 ? 0 : loop && !stopped ? end - firstUs : lastUs - firstUs;
            return new Result(r, passes, streamUs, loop ? span.periodUs() : 0, loop ? span.gapUs() : 0, stopped);
        }

        private String line(long bytesDone) {
            String text = Progress.line(streamId, bytesDone, -1, events, nanoClock.getAsLong() - started);
            double streamS = events == 0 ? 0 : (lastUs - firstUs) / 1e6;
            return end == Long.MAX_VALUE ? text + String.format(Locale.ROOT, "  stream %.2f s", streamS)
                    : text + String.format(Locale.ROOT, "  pass %d  stream %.2f of %.2f s", passes, streamS,
                    (end - firstUs) / 1e6);
        }
    }
}
