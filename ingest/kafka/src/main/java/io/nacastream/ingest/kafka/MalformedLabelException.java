package io.nacastream.ingest.kafka;

/** A labels-topic record that is not a valid label segment. */
public final class MalformedLabelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedLabelException(String message, Throwable cause) {
        super(message, cause);
    }
}
