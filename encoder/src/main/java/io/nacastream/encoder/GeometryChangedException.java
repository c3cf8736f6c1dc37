package io.nacastream.encoder;

/** A packet of a stream came from a sensor of another size than the stream's first packet. */
public final class GeometryChangedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    GeometryChangedException(String streamId, int width, int height, int firstWidth, int firstHeight) {
        super("packet from a " + width + "x" + height + " sensor, but stream " + streamId + " began as "
                + firstWidth + "x" + firstHeight + "; a stream keeps the geometry of its first packet (give another "
                + "camera its own stream id)");
    }
}
