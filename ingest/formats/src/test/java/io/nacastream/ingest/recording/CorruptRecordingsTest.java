package io.nacastream.ingest.recording;

import io.nacastream.ingest.recording.open.Recordings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real recordings, truncated everywhere and damaged at random (seeded, so failures reproduce): every variant
 * either decodes to events on the sensor or fails with an error naming the file and a byte offset inside it, fast.
 * {@link RecordingFuzzTest} explores the same contract with a coverage-guided fuzzer.
 */
class CorruptRecordingsTest {

    @ParameterizedTest
    @CsvSource({"aedat2/MovingDarkBox.aedat, aedat2", "aedat4/sample.aedat4, aedat4", "evt2/evt2_sample.raw, evt2",
        "evt3/evt3_sample.raw, evt3", "dat/sample_ncars.dat, dat", "nmnist/sample_nmnist.bin, nmnist"})
    void truncatedAndDamagedRealFilesFailCleanly(String relative, String format) throws IOException {
        byte[] original = Files.readAllBytes(RealData.file(relative));
        RecordingFormat f = RecordingFormat.parse(format);
        long full = HostileBytes.readAll(original, f, false);
        assertTrue(full > 0, "the intact file decodes");
        Random random = new Random(relative.hashCode());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int truncatedErrors = 0;
            for (int k = 0; k < 40; k++) {
                int at = k < 20 ? k * 7 : random.nextInt(original.length);
                long n = HostileBytes.readAll(Arrays.copyOf(original, at), f, k % 2 == 0 && f != RecordingFormat.NMNIST);
                truncatedErrors += n < 0 ? 1 : 0;
            }
            assertTrue(truncatedErrors > 0, "some truncations must be reported");
            for (int k = 0; k < 60; k++) {
                byte[] damaged = original.clone();
                int at = random.nextInt(Math.min(damaged.length, 4096 + k * (damaged.length / 60)));
                int v = new int[] {-1, 0x7FFF_FFFF, 0x8000_0000, random.nextInt()}[k % 4];
                for (int i = 0; i < 4 && at + i < damaged.length; i++) {
                    damaged[at + i] = (byte) (v >>> 8 * i);
                }
                HostileBytes.readAll(damaged, f, false);
            }
        });
    }

    @ParameterizedTest
    @CsvSource({"aedat2/MovingDarkBox.aedat, 3918888", "evt3/evt3_sample.raw, 618052"})
    void aTrailingPartialRecordIsReportedAtItsOffset(String relative, long size) throws IOException {
        byte[] original = Files.readAllBytes(RealData.file(relative));
        assertEquals(size, original.length);
        byte[] cut = Arrays.copyOf(original, original.length - 1);
        try (EventReader reader = Recordings.open(ByteInput.of(cut, "cut"), ReadOptions.defaults())) {
            RecordingFormatException e = org.junit.jupiter.api.Assertions.assertThrows(RecordingFormatException.class,
                    () -> {
                        EventBatch batch = new EventBatch(1 << 16);
                        while (reader.read(batch) > 0) {
                            // drain
                        }
                    });
            assertTrue(e.getMessage().startsWith("cut: at byte "), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            int record = relative.endsWith(".aedat") ? 8 : 2;
            assertEquals(cut.length - (record - 1), e.offset());
        }
    }
}
