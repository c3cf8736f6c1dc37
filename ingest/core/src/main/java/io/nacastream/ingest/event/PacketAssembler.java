package io.nacastream.ingest.event;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Groups a time-ordered event stream into {@link EventPacket}s: a packet is closed when it reaches
 * {@code maxEvents} events or when the next event lies {@code maxDurationUs} or more after its first event.
 */
public final class PacketAssembler implements EventSink {

    private final EventPacket.Builder builder;
    private final int maxEvents;
    private final long maxDurationUs;
    private final Consumer<EventPacket> downstream;

    /** Creates an assembler for one sensor stream that hands finished packets to {@code downstream}. */
    public PacketAssembler(String sensorId, int width, int height, int maxEvents, long maxDurationUs,
                           Consumer<EventPacket> downstream) {
        if (maxEvents < 1 || maxDurationUs < 1) {
            throw new IllegalArgumentException("maxEvents and maxDurationUs must be positive");
        }
        this.builder = EventPacket.builder(sensorId, width, height, Math.min(maxEvents, 1 << 16));
        this.maxEvents = maxEvents;
        this.maxDurationUs = maxDurationUs;
        this.downstream = Objects.requireNonNull(downstream, "downstream");
    }

    @Override
    public void accept(int x, int y, boolean on, long timestampUs) {
        if (builder.size() > 0 && timestampUs - builder.firstTimestampUs() >= maxDurationUs) {
            flush();
        }
        builder.add(x, y, on, timestampUs);
        if (builder.size() >= maxEvents) {
            flush();
        }
    }

    /** Emits the open packet, if it holds any event. */
    public void flush() {
        if (builder.size() > 0) {
            EventPacket packet = builder.build();
            builder.clear();
            downstream.accept(packet);
        }
    }
}
