package io.nacastream.ingest.synth;

import io.nacastream.ingest.event.EventSink;
import io.nacastream.ingest.label.GestureClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A synthetic recording of one subject, like one {@code userNN_lighting.aedat} file of DVS128 Gesture: the subject
 * performs every class once, in a seeded random order, separated by idle gaps in which only sensor noise fires.
 *
 * @param streamId   sensor stream id of the recording (the Kafka record key), e.g. {@code user07}
 * @param subject    the performer
 * @param takes      the takes in time order
 * @param endUs      end of the recording (after the last gap)
 */
public record GestureSession(String streamId, Subject subject, List<ScheduledTake> takes, long endUs) {

    public GestureSession {
        takes = List.copyOf(takes);
    }

    /**
     * Plans the session of subject {@code subjectId} drawn from {@code seed}.
     *
     * @param takeUs duration of each take
     * @param gapUs  idle time before each take and after the last one
     * @param learn  whether the takes' labels may be learned from (false: held out, scoring only)
     */
    public static GestureSession plan(long seed, int subjectId, long takeUs, long gapUs, boolean learn) {
        if (takeUs <= 0 || gapUs < 0) {
            throw new IllegalArgumentException("takeUs must be positive and gapUs non-negative");
        }
        Subject subject = Subject.generate(seed, subjectId);
        String streamId = String.format("user%02d", subjectId);
        List<GestureClass> order = new ArrayList<>(List.of(GestureClass.values()));
        Collections.shuffle(order, new Random(seed * 31 + subjectId));
        List<ScheduledTake> takes = new ArrayList<>(order.size());
        long t = gapUs;
        for (GestureClass g : order) {
            takes.add(new ScheduledTake(streamId, subject, g, t, t + takeUs, learn));
            t += takeUs + gapUs;
        }
        return new GestureSession(streamId, subject, takes, t);
    }

    /**
     * Renders the whole session, seen by a fresh camera on the sensor {@code sensorSeed}, into {@code sink}; returns
     * the number of events. The same arguments always give the same events.
     */
    public long render(SensorParameters sensor, long sensorSeed, EventSink sink) {
        SyntheticCamera camera = new SyntheticCamera(sensor, sensorSeed,
                sensorSeed * 0x9E3779B97F4A7C15L + subject.id(), SyntheticCamera.DEFAULT_FRAME_US);
        long events = 0;
        long t = 0;
        for (ScheduledTake take : takes) {
            events += camera.idle(t, take.startUs(), sink);
            events += camera.perform(take.gesture(), subject, take.startUs(), take.endUs() - take.startUs(), sink);
            t = take.endUs();
        }
        events += camera.idle(t, endUs, sink);
        return events;
    }
}
