package io.nacastream.ingest.recording;

/**
 * How AEDAT 1.0/2.0 (jAER) addresses become (x, y, polarity) in naca-stream's convention, where (0, 0) is the
 * upper-left pixel and true = ON. The tools disagree (see docs/recording-formats.md), so the choice is explicit.
 */
public enum Aedat2Convention {
    /**
     * jAER's own extractors, the recorder that wrote the files: DVS128 x = 127 − raw x, ON when raw bit 0 is 0;
     * DAVIS x = width − 1 − raw x, ON when bit 11 is 1; and y flipped from jAER's lower-left origin to the upper-left
     * one (y = height − 1 − raw y). The default.
     */
    JAER,
    /** The raw address fields, unflipped: x, y as stored, ON when the polarity bit is 1. */
    RAW
}
