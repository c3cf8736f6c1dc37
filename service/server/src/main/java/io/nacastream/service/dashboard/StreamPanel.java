package io.nacastream.service.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * What the dashboard shows of one stream: ON and OFF events accumulated since the last frame (binned to at most
 * {@link #MAX_SIDE} pixels a side), the latest prediction and label in force, and the gesture verdicts: a window of
 * the last {@code window} for accuracy and Cohen's κ, their history, and a confusion matrix. Written by the learner
 * thread and read by HTTP threads; every method is synchronized (a few per packet, uncontended). Events are only
 * drawn while someone watches: the image is allocated at a stream's first frame request, skipped once no frame was
 * requested for {@link #WATCH_MS}, and freed after {@link #RELEASE_MS}, so unwatched streams cost no image pass and
 * no image memory.
 */
final class StreamPanel {

    /** Largest side of the event image; larger sensors are binned by an integer factor. */
    static final int MAX_SIDE = 128;
    /** Points kept in the learning-curve history. */
    static final int HISTORY = 300;
    /** A stream is watched while its frames were requested within this many ms. */
    static final long WATCH_MS = 2_000;
    /** Time between two frames of the event view, ms. */
    static final long FRAME_MS = 50;
    /** An unwatched stream's image is freed after this many ms. */
    static final long RELEASE_MS = 10_000;

    private final String streamId;
    private final int classes;
    private final int window;
    private final ArrayDeque<SegmentResult> recent = new ArrayDeque<>();
    private final long[] historySegment = new long[HISTORY];   // a ring: segment number, accuracy, kappa
    private final float[] historyAccuracy = new float[HISTORY];
    private final float[] historyKappa = new float[HISTORY];
    private final long[][] confusion;
    private int sensorWidth;
    private int sensorHeight;
    private int bin = 1;
    private int width;
    private int height;
    private int[] on = new int[0];
    private int[] off = new int[0];
    private long frameEvents;
    private long viewedAtMs = Long.MIN_VALUE / 2;
    private long frameSlot = Long.MIN_VALUE;
    private String frame;
    private long lastPacket = Long.MIN_VALUE;
    private long lastPacketMs = Long.MIN_VALUE / 2;
    private long events;
    private long segments;
    private long correct;
    private float[] scores;
    private int predicted = -1;
    private int label = -1;
    private SegmentResult last;

    StreamPanel(String streamId, int classes, int window) {
        this.streamId = streamId;
        this.classes = classes;
        this.window = window;
        this.confusion = new long[classes][classes + 1];   // last column: no prediction
        this.scores = new float[classes];
    }

    synchronized void packet(EventPacket p, long sequence, long nowMs) {
        lastPacket = sequence;
        lastPacketMs = nowMs;
        events += p.size();
        long unwatched = nowMs - viewedAtMs;
        if (unwatched > WATCH_MS) {
            if (unwatched > RELEASE_MS && on.length > 0) {
                on = new int[0];
                off = new int[0];
                sensorWidth = 0;
                sensorHeight = 0;
                width = 0;
                height = 0;
                frameEvents = 0;
            }
            return;
        }
        if (p.width() != sensorWidth || p.height() != sensorHeight) {
            sensorWidth = p.width();
            sensorHeight = p.height();
            bin = Math.max(1, (Math.max(sensorWidth, sensorHeight) + MAX_SIDE - 1) / MAX_SIDE);
            width = (sensorWidth + bin - 1) / bin;
            height = (sensorHeight + bin - 1) / bin;
            on = new int[width * height];
            off = new int[width * height];
        }
        for (int i = 0; i < p.size(); i++) {
            int k = (p.y(i) / bin) * width + p.x(i) / bin;
            if (p.on(i)) {
                on[k]++;
            } else {
                off[k]++;
            }
        }
        frameEvents += p.size();
    }

    synchronized void prediction(Prediction p) {
        scores = p.scores();
        predicted = p.predicted();
        label = p.label();
    }

    synchronized void segment(SegmentResult r) {
        segments++;
        correct += r.correct() ? 1 : 0;
        last = r;
        if (r.trueClass() >= 0 && r.trueClass() < classes) {
            confusion[r.trueClass()][r.predicted() >= 0 && r.predicted() < classes ? r.predicted() : classes]++;
        }
        recent.addLast(r);
        if (recent.size() > window) {
            recent.removeFirst();
        }
        int slot = (int) ((segments - 1) % HISTORY);
        historySegment[slot] = segments;
        historyAccuracy[slot] = (float) windowAccuracy();
        historyKappa[slot] = (float) windowKappa();
    }

    /**
     * The frame of the current {@link #FRAME_MS} slot of time as JSON: the events since the previous slot's frame as
     * two image planes (base64, one byte per pixel each, saturating at 255), the latest prediction and label. Every
     * viewer asking within one slot gets the same frame, so each sees all the events.
     */
    synchronized String frame(long nowMs) {
        viewedAtMs = nowMs;
        long slot = Math.floorDiv(nowMs, FRAME_MS);
        if (slot == frameSlot) {
            return frame;
        }
        byte[] planes = new byte[2 * on.length];
        for (int k = 0; k < on.length; k++) {
            planes[k] = (byte) Math.min(255, on[k]);
            planes[on.length + k] = (byte) Math.min(255, off[k]);
        }
        Arrays.fill(on, 0);
        Arrays.fill(off, 0);
        ObjectNode f = Json.object().put("stream", streamId).put("width", width).put("height", height).put("bin", bin)
                .put("frameEvents", frameEvents).put("events", events).put("predicted", predicted).put("label", label);
        ArrayNode s = f.putArray("scores");
        for (float v : scores) {
            Json.add(s, v);
        }
        f.put("image", planes);   // Jackson writes bytes as base64
        frameEvents = 0;
        frameSlot = slot;
        frame = Json.text(f);
        return frame;
    }

    /** Accuracy, κ, their history, the last verdict and the confusion matrix as JSON. */
    synchronized String learning() {
        ObjectNode l = Json.object().put("stream", streamId).put("segments", segments).put("window", window);
        if (segments == 0) {
            l.putNull("accuracy");
        } else {
            Json.put(l, "accuracy", (double) correct / segments);
        }
        if (recent.isEmpty()) {
            l.putNull("windowAccuracy").putNull("windowKappa");
        } else {
            Json.put(Json.put(l, "windowAccuracy", windowAccuracy()), "windowKappa", windowKappa());
        }
        if (last == null) {
            l.putNull("last");
        } else {
            l.putObject("last").put("trueClass", last.trueClass()).put("predicted", last.predicted())
                    .put("learned", last.learned());
        }
        ArrayNode history = l.putArray("history");
        for (long n = Math.max(1, segments - HISTORY + 1); n <= segments; n++) {
            int slot = (int) ((n - 1) % HISTORY);
            ArrayNode point = history.addArray().add(historySegment[slot]);
            Json.add(Json.add(point, historyAccuracy[slot]), historyKappa[slot]);
        }
        ArrayNode matrix = l.putArray("confusion");
        for (long[] row : confusion) {
            ArrayNode r = matrix.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
        return Json.text(l);
    }

    /** Gesture verdicts seen so far. */
    synchronized long segments() {
        return segments;
    }

    /** Sequence number (over all streams) of this stream's last packet; Long.MIN_VALUE: none yet. */
    synchronized long lastPacket() {
        return lastPacket;
    }

    /** Wall-clock time of this stream's last packet, ms. */
    synchronized long lastPacketMs() {
        return lastPacketMs;
    }

    /** Events seen so far. */
    synchronized long events() {
        return events;
    }

    String streamId() {
        return streamId;
    }

    private double windowAccuracy() {
        long ok = recent.stream().filter(SegmentResult::correct).count();
        return recent.isEmpty() ? 0 : (double) ok / recent.size();
    }

    /** Cohen's κ of the window: (p0 − pe) / (1 − pe), pe from the true and predicted class frequencies. */
    private double windowKappa() {
        int n = recent.size();
        if (n == 0) {
            return 0;
        }
        double[] truth = new double[classes + 1];
        double[] said = new double[classes + 1];
        for (SegmentResult r : recent) {
            truth[clamp(r.trueClass())]++;
            said[clamp(r.predicted())]++;
        }
        double pe = 0;
        for (int c = 0; c <= classes; c++) {
            pe += truth[c] / n * (said[c] / n);
        }
        double p0 = windowAccuracy();
        return pe >= 1 ? (p0 >= 1 ? 1 : 0) : (p0 - pe) / (1 - pe);
    }

    private int clamp(int c) {
        return c >= 0 && c < classes ? c : classes;
    }
}
