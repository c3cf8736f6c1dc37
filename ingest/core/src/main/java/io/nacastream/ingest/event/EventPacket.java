package io.nacastream.ingest.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable batch of DVS events from one sensor stream, stored as parallel primitive arrays so that the hot
 * path never allocates an object per event.
 *
 * <p>Invariants checked at construction: every coordinate lies inside the sensor, and timestamps never decrease.
 */
public final class EventPacket {

    private final String sensorId;
    private final int width;
    private final int height;
    private final long[] timestampsUs;
    private final short[] xs;
    private final short[] ys;
    private final boolean[] polarities;

    private EventPacket(String sensorId, int width, int height, long[] timestampsUs, short[] xs, short[] ys,
                        boolean[] polarities) {
        this.sensorId = sensorId;
        this.width = width;
        this.height = height;
        this.timestampsUs = timestampsUs;
        this.xs = xs;
        this.ys = ys;
        this.polarities = polarities;
    }

    /** Starts a packet for a sensor of the given size; {@code capacityHint} pre-sizes the arrays. */
    public static Builder builder(String sensorId, int width, int height, int capacityHint) {
        return new Builder(sensorId, width, height, capacityHint);
    }

    /** Sensor (stream) identifier; also the Kafka record key. */
    public String sensorId() {
        return sensorId;
    }

    /** Sensor width in pixels. */
    public int width() {
        return width;
    }

    /** Sensor height in pixels. */
    public int height() {
        return height;
    }

    /** Number of events. */
    public int size() {
        return timestampsUs.length;
    }

    /** True when the packet holds no event. */
    public boolean isEmpty() {
        return timestampsUs.length == 0;
    }

    /** Column x of event {@code i}. */
    public int x(int i) {
        return xs[i];
    }

    /** Row y of event {@code i}. */
    public int y(int i) {
        return ys[i];
    }

    /** Polarity of event {@code i}: true = ON. */
    public boolean on(int i) {
        return polarities[i];
    }

    /** Timestamp of event {@code i} in microseconds. */
    public long timestampUs(int i) {
        return timestampsUs[i];
    }

    /** Timestamp of the first event; throws for an empty packet. */
    public long firstTimestampUs() {
        return timestampsUs[0];
    }

    /** Timestamp of the last event; throws for an empty packet. */
    public long lastTimestampUs() {
        return timestampsUs[timestampsUs.length - 1];
    }

    /** Event {@code i} as a value object (allocates; not for hot loops). */
    public DvsEvent event(int i) {
        return new DvsEvent(xs[i], ys[i], polarities[i], timestampsUs[i]);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EventPacket p)) {
            return false;
        }
        return width == p.width && height == p.height && sensorId.equals(p.sensorId)
                && Arrays.equals(timestampsUs, p.timestampsUs) && Arrays.equals(xs, p.xs)
                && Arrays.equals(ys, p.ys) && Arrays.equals(polarities, p.polarities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sensorId, width, height, Arrays.hashCode(timestampsUs));
    }

    @Override
    public String toString() {
        return "EventPacket[sensor=" + sensorId + ", " + width + "x" + height + ", events=" + size()
                + (isEmpty() ? "" : ", t=" + firstTimestampUs() + ".." + lastTimestampUs()) + "]";
    }

    /** Accumulates events in time order and freezes them into an {@link EventPacket}. */
    public static final class Builder {
        private final String sensorId;
        private final int width;
        private final int height;
        private long[] t;
        private short[] x;
        private short[] y;
        private boolean[] p;
        private int n;

        private Builder(String sensorId, int width, int height, int capacityHint) {
            this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
            if (sensorId.isEmpty()) {
                throw new IllegalArgumentException("sensorId must not be empty");
            }
            if (width < 1 || height < 1 || width > DvsEvent.MAX_COORDINATE + 1
                    || height > DvsEvent.MAX_COORDINATE + 1) {
                throw new IllegalArgumentException("sensor size out of range: " + width + "x" + height);
            }
            this.width = width;
            this.height = height;
            int cap = Math.max(16, capacityHint);
            t = new long[cap];
            x = new short[cap];
            y = new short[cap];
            p = new boolean[cap];
        }

        /** Appends one event; rejects coordinates outside the sensor and timestamps that go backwards. */
        public Builder add(int ex, int ey, boolean on, long timestampUs) {
            if (ex < 0 || ex >= width || ey < 0 || ey >= height) {
                throw new IllegalArgumentException("event (" + ex + "," + ey + ") outside sensor " + width + "x"
                        + height);
            }
            if (n > 0 && timestampUs < t[n - 1]) {
                throw new IllegalArgumentException("timestamp goes backwards: " + timestampUs + " < " + t[n - 1]);
            }
            if (n == t.length) {
                int cap = t.length * 2;
                t = Arrays.copyOf(t, cap);
                x = Arrays.copyOf(x, cap);
                y = Arrays.copyOf(y, cap);
                p = Arrays.copyOf(p, cap);
            }
            t[n] = timestampUs;
            x[n] = (short) ex;
            y[n] = (short) ey;
            p[n] = on;
            n++;
            return this;
        }

        /** Number of events added so far. */
        public int size() {
            return n;
        }

        /** Timestamp of the first event added; throws while empty. */
        public long firstTimestampUs() {
            if (n == 0) {
                throw new IllegalStateException("no event added");
            }
            return t[0];
        }

        /** Freezes the events added so far; call {@link #clear()} to reuse the builder. */
        public EventPacket build() {
            return new EventPacket(sensorId, width, height, Arrays.copyOf(t, n), Arrays.copyOf(x, n),
                    Arrays.copyOf(y, n), Arrays.copyOf(p, n));
        }

        /** Forgets all events, keeping the allocated capacity. */
        public Builder clear() {
            n = 0;
            return this;
        }
    }
}
