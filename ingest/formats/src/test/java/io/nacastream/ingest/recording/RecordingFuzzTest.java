package io.nacastream.ingest.recording;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.aedat.Aedat4Compression;

import java.io.IOException;

/**
 * Jazzer fuzz targets for every reader. In a normal {@code mvn test} they replay the committed corpus (regression
 * mode); {@code JAZZER_FUZZ=1 mvn -pl ingest/formats test -Dtest=RecordingFuzzTest} fuzzes, see docs/recording-formats.md.
 * Each input builds a valid recording from fuzzed events with our writers, then damages it as the fuzzer chooses
 * (truncation, overwritten words, flipped bytes), so the fuzzer reaches past the headers from an empty corpus.
 */
class RecordingFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void damagedRecordingsFailCleanly(FuzzedDataProvider data) throws IOException {
        RecordingFormat format = data.pickValue(RecordingFormat.values());
        Aedat4Compression compression = data.pickValue(Aedat4Compression.values());
        int width = 1 + data.consumeInt(0, 1279);
        int height = 1 + data.consumeInt(0, 719);
        if (format == RecordingFormat.AEDAT31 || format == RecordingFormat.AEDAT2) {
            width = 128;
            height = 128;
        } else if (format == RecordingFormat.DAT) {
            width = 304;
            height = 240;
        } else if (format == RecordingFormat.NMNIST) {
            width = 34;
            height = 34;
        }
        int n = data.consumeInt(0, 64);
        EventPacket.Builder b = EventPacket.builder("fuzz", width, height, 16);
        long t = data.consumeLong(0, 1L << 32);
        for (int i = 0; i < n; i++) {
            t += data.consumeInt(0, 1 << 20);
            b.add(data.consumeInt(0, width - 1), data.consumeInt(0, height - 1), data.consumeBoolean(), t);
        }
        byte[] bytes = HostileBytes.valid(format, b.build(), compression);
        int edits = data.consumeInt(0, 6);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = data.consumeInt(0, bytes.length - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> bytes = java.util.Arrays.copyOf(bytes, at);
                case 1 -> {
                    int v = data.pickValue(new int[] {-1, 0, 0x7FFF_FFFF, 0x8000_0000, 1 << 16, data.consumeInt()});
                    for (int k = 0; k < 4 && at + k < bytes.length; k++) {
                        bytes[at + k] = (byte) (v >>> (8 * k));
                    }
                }
                default -> bytes[at] ^= (byte) (1 << data.consumeInt(0, 7));
            }
        }
        HostileBytes.readAll(bytes, format, data.consumeBoolean());
    }

    @FuzzTest(maxDuration = "60s")
    void arbitraryBytesFailCleanly(FuzzedDataProvider data) {
        RecordingFormat format = data.pickValue(RecordingFormat.values());
        boolean detect = data.consumeBoolean();
        HostileBytes.readAll(data.consumeRemainingAsBytes(), format, detect);
    }
}
