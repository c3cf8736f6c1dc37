package io.nacastream.ingest.publish;

import io.nacastream.ingest.dataset.SampleOrder;
import io.nacastream.ingest.dataset.SamplePlayer;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.LabelSegment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Publishes a labelled sample dataset as one stream: samples are placed end to end by a {@link SamplePlayer} in the
 * given order and sent in chunks (at most {@value #CHUNK_SAMPLES} samples or {@value #CHUNK_EVENTS} events): first
 * the chunk's label segments, flushed so that a consumer reads them before the events they cover, then its events.
 * Only one chunk is in memory at a time.
 */
public final class DatasetPublisher {

    static final int CHUNK_SAMPLES = 256;
    static final long CHUNK_EVENTS = 2_000_000;

    private final RecordingPublisher publisher;

    public DatasetPublisher(RecordingPublisher publisher) {
        this.publisher = publisher;
    }

    /** Publishes {@code order} through {@code player} as its stream; returns what was sent. */
    public RecordingPublisher.Result publish(List<SampleOrder.Entry> order, SamplePlayer player, String streamId,
                                      Progress progress) throws IOException, InterruptedException {
        RecordingPublisher.Session session = null;
        List<SamplePlayer.Placed> chunk = new ArrayList<>();
        long chunkEvents = 0;
        long events = 0;
        int done = 0;
        long start = System.nanoTime();
        for (SampleOrder.Entry e : order) {
            SamplePlayer.Placed placed = player.place(e);
            done++;
            if (placed != null) {
                chunk.add(placed);
                chunkEvents += placed.events();
            }
            if (chunk.size() >= CHUNK_SAMPLES || chunkEvents >= CHUNK_EVENTS || done == order.size()) {
                if (!chunk.isEmpty()) {
                    if (session == null) {
                        session = publisher.session(streamId, player.geometry());
                    }
                    send(session, chunk);
                    events += chunkEvents;
                }
                chunk.clear();
                chunkEvents = 0;
            }
            if (progress != null) {
                int n = done;
                long ev = events;
                progress.update(() -> String.format(Locale.ROOT, "%s: sample %d/%d, %,d events published, %.0f s",
                        streamId, n, order.size(), ev, (System.nanoTime() - start) / 1e9));
            }
        }
        if (progress != null) {
            progress.end();
        }
        if (session == null) {
            throw new IllegalArgumentException("no sample of the dataset holds an event; nothing to publish");
        }
        return session.finish(events, 0, 0, 0);
    }

    private static void send(RecordingPublisher.Session session, List<SamplePlayer.Placed> chunk)
            throws IOException, InterruptedException {
        List<LabelSegment> labels = new ArrayList<>(chunk.size());
        for (SamplePlayer.Placed p : chunk) {
            labels.add(p.segment());
        }
        session.labels(labels);
        for (SamplePlayer.Placed p : chunk) {
            List<EventPacket> packets = p.packets();
            session.packets(packets);
        }
    }
}
