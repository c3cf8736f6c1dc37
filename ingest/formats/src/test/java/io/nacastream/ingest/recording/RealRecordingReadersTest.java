package io.nacastream.ingest.recording;

import io.nacastream.ingest.recording.open.Recordings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reader on the real recordings of ../shared/data/real, against the counts, ranges and timestamps that
 * SOURCES.md gives (found there by an independent decoder) and, for EVT 3.0, against expelliarmus' decode.
 */
class RealRecordingReadersTest {

    private static Summary read(String relative, ReadOptions options, boolean keep) throws IOException {
        try (EventReader reader = Recordings.open(RealData.file(relative), options)) {
            return Summary.of(reader, keep);
        }
    }

    @Test
    void aedat2DvS128RawFieldsMatchSources() throws IOException {
        Path file = RealData.file("aedat2/MovingDarkBox.aedat");
        try (EventReader reader = Recordings.open(file, ReadOptions.defaults()
                .withAedat2Convention(Aedat2Convention.RAW))) {
            assertEquals(RecordingFormat.AEDAT2, reader.info().format());
            assertEquals(new SensorGeometry(128, 128), reader.info().geometry());
            Summary s = Summary.of(reader, false);
            assertEquals(489_834, s.events());
            assertEquals(242_911, s.on(), "raw bit 0 = 1 count");
            assertEquals(0, s.minX());
            assertEquals(127, s.maxX());
            assertEquals(0, s.minY());
            assertEquals(127, s.maxY());
            assertEquals(946_459_683L, s.firstT());
            assertEquals(986_269_729L, s.lastT());
            assertEquals(0, s.backwardSteps());
            assertEquals(0, reader.skipped());
            assertEquals(Files.size(file), reader.bytesRead());
        }
    }

    @Test
    void aedat2JaerConventionFlipsAxesAndPolarity() throws IOException {
        Summary raw = read("aedat2/MovingDarkBox.aedat", ReadOptions.defaults()
                .withAedat2Convention(Aedat2Convention.RAW), true);
        Summary jaer = read("aedat2/MovingDarkBox.aedat", ReadOptions.defaults(), true);
        assertEquals(246_923, jaer.on(), "jAER: raw bit 0 = 0 is ON");
        for (int i = 0; i < raw.all().size(); i += 997) {
            long[] r = raw.all().get(i);
            long[] j = jaer.all().get(i);
            assertEquals(127 - r[1], j[1]);
            assertEquals(127 - r[2], j[2]);
            assertEquals(1 - r[3], j[3]);
            assertEquals(r[0], j[0]);
        }
    }

    @Test
    void aedat4Lz4DependentBlocksMatchSources() throws IOException {
        try (EventReader reader = Recordings.open(RealData.file("aedat4/sample.aedat4"), ReadOptions.defaults())) {
            assertEquals(RecordingFormat.AEDAT4, reader.info().format());
            assertEquals(new SensorGeometry(320, 240), reader.info().geometry());
            assertEquals("DVXplorer_DXB00010", reader.info().source());
            Summary s = Summary.of(reader, false);
            assertEquals(111_954, s.events());
            assertEquals(55_023, s.on());
            assertEquals(0, s.minX());
            assertEquals(319, s.maxX());
            assertEquals(0, s.minY());
            assertEquals(239, s.maxY());
            assertEquals(1_605_537_493_718_345L, s.firstT());
            assertEquals(1_605_537_494_308_262L, s.lastT());
            assertEquals(0, s.backwardSteps());
            assertEquals(59, reader.skipped(), "the 59 IMU packets");
            assertEquals(945_243, reader.bytesRead(), "stops at the FileDataTable");
        }
    }

    @Test
    void evt2MatchesSources() throws IOException {
        try (EventReader reader = Recordings.open(RealData.file("evt2/evt2_sample.raw"), ReadOptions.defaults())) {
            assertEquals(RecordingFormat.EVT2, reader.info().format());
            assertEquals(new SensorGeometry(640, 480), reader.info().geometry(), "from plugin_name gen3");
            Summary s = Summary.of(reader, false);
            assertEquals(539_481, s.events());
            assertEquals(367_855, s.on());
            assertEquals(60, s.minX());
            assertEquals(599, s.maxX());
            assertEquals(18, s.minY());
            assertEquals(475, s.maxY());
            assertEquals(1_317_888, s.firstT());
            assertEquals(1_367_888, s.lastT());
            assertEquals(0, reader.skipped());
        }
    }

    @Test
    void evt3MatchesSourcesAndTheReferenceDecodeExactly() throws IOException {
        Summary s = read("evt3/evt3_sample.raw", ReadOptions.defaults(), true);
        assertEquals(219_596, s.events());
        assertEquals(0, s.minX());
        assertEquals(1279, s.maxX());
        assertEquals(0, s.minY());
        assertEquals(719, s.maxY());
        assertEquals(11_718_656, s.firstT());
        assertEquals(11_727_457, s.lastT());
        // the file's 11 backward TIME_LOW words (e.g. 811 then 800) each follow another TIME_LOW with no event in
        // between, so decoded event times never go back (expelliarmus' 4096 µs jumps there are its own artefact)
        assertEquals(0, s.backwardSteps());

        ByteBuffer npy = ByteBuffer.wrap(Files.readAllBytes(RealData.file("evt3/evt3_sample.npy")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = npy.getShort(8) & 0xFFFF;
        String header = new String(npy.array(), 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'t', '<i8'") && header.contains("'p', '|u1'"), header);
        int data = 10 + headerLength;
        int rows = (npy.capacity() - data) / 16;
        assertEquals(s.events(), rows);
        List<long[]> all = s.all();
        for (int i = 0; i < rows; i++) {
            int at = data + 16 * i;
            long[] e = all.get(i);
            assertEquals(npy.getShort(at + 8), e[1], "x of row " + i);
            assertEquals(npy.getShort(at + 10), e[2], "y of row " + i);
            assertEquals(npy.get(at + 12), e[3], "p of row " + i);
        }
    }

    @Test
    void datMatchesSources() throws IOException {
        try (EventReader reader = Recordings.open(RealData.file("dat/sample_ncars.dat"), ReadOptions.defaults())) {
            assertEquals(RecordingFormat.DAT, reader.info().format());
            Summary s = Summary.of(reader, false);
            assertEquals(2_009, s.events());
            assertEquals(1_350, s.on());
            assertEquals(0, s.minX());
            assertEquals(77, s.maxX());
            assertEquals(0, s.minY());
            assertEquals(41, s.maxY());
            assertEquals(0, s.firstT());
            assertEquals(99_952, s.lastT());
            assertEquals(0, s.backwardSteps());
        }
    }

    @Test
    void nmnistMatchesSources() throws IOException {
        try (EventReader reader = Recordings.open(RealData.file("nmnist/sample_nmnist.bin"), ReadOptions.defaults())) {
            assertEquals(RecordingFormat.NMNIST, reader.info().format());
            Summary s = Summary.of(reader, false);
            assertEquals(4_325, s.events());
            assertEquals(2_145, s.on());
            assertEquals(0, s.minX());
            assertEquals(33, s.maxX());
            assertEquals(0, s.minY());
            assertEquals(33, s.maxY());
            assertEquals(654, s.firstT());
            assertEquals(311_175, s.lastT());
        }
    }
}
