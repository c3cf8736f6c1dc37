package io.nacastream.ingest.recording;

import java.util.Objects;
import java.util.Optional;

/**
 * How to open a recording.
 *
 * @param format           the format to decode, or empty to detect it from the header and file name
 * @param geometry         sensor size to use instead of the one in (or implied by) the header
 * @param aedat2Convention how AEDAT 2.0 DVS128/DAVIS addresses map to (x, y, polarity)
 */
public record ReadOptions(Optional<RecordingFormat> format, Optional<SensorGeometry> geometry,
                          Aedat2Convention aedat2Convention) {

    /** Checks for nulls. */
    public ReadOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(aedat2Convention, "aedat2Convention");
    }

    /** Detect the format, take the sensor size from the header, jAER's AEDAT 2.0 convention. */
    public static ReadOptions defaults() {
        return new ReadOptions(Optional.empty(), Optional.empty(), Aedat2Convention.JAER);
    }

    /** These options with the format forced. */
    public ReadOptions withFormat(RecordingFormat f) {
        return new ReadOptions(Optional.of(f), geometry, aedat2Convention);
    }

    /** These options with the sensor size forced. */
    public ReadOptions withGeometry(SensorGeometry g) {
        return new ReadOptions(format, Optional.of(g), aedat2Convention);
    }

    /** These options with another AEDAT 2.0 convention. */
    public ReadOptions withAedat2Convention(Aedat2Convention c) {
        return new ReadOptions(format, geometry, c);
    }

    /** The forced size if any, else {@code fromHeader}, else an error telling the user to pass one. */
    public SensorGeometry geometryOr(SensorGeometry fromHeader, ByteInput in, String hint) throws RecordingFormatException {
        if (geometry.isPresent()) {
            return geometry.get();
        }
        if (fromHeader == null) {
            throw in.error("the header does not give the sensor size (" + hint + "); pass it, e.g. --geometry 640x480");
        }
        return fromHeader;
    }
}
