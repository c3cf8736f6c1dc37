package io.nacastream.sink;

/**
 * A record refused by the service, bound for the dead-letter topic: why, where it came from, and its original bytes.
 *
 * @param kind        stable id of the kind of refusal (e.g. {@code malformed-packet}), for the error-kind header
 * @param reason      human-readable reason
 * @param sourceTopic topic the record was read from
 * @param partition   its partition
 * @param offset      its offset
 * @param key         its key bytes, or null
 * @param value       its value bytes, as they arrived (may be null)
 */
public record DeadLetter(String kind, String reason, String sourceTopic, int partition, long offset, byte[] key,
                         byte[] value) {

    /** A reason is always given: an exception without a message still says what it was. */
    public DeadLetter {
        if (reason == null || reason.isBlank()) {
            reason = "(no reason given)";
        }
    }
}
