package io.nacastream.sink;

/** Names of the output topics. */
public record SinkTopics(String predictions, String energy, String deadLetter) {
}
