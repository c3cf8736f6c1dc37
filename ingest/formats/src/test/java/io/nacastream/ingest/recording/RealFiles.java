package io.nacastream.ingest.recording;

import io.nacastream.ingest.recording.open.Recordings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test access to the real recordings for other test packages. */
public final class RealFiles {

    private RealFiles() {
    }

    /** The real file at {@code relative} under data/real; skips the test when absent. */
    public static Path file(String relative) {
        return RealData.file(relative);
    }

    /** Every event of {@code file} as {t, x, y, on}, decoded by its reader. */
    public static List<long[]> events(Path file) throws IOException {
        try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
            return Summary.of(reader, true).all();
        }
    }

    /** The bytes after a Prophesee RAW header. */
    public static byte[] rawBody(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteInput in = ByteInput.of(all, file.toString());
        io.nacastream.ingest.recording.prophesee.PropheseeHeader.read(in);
        return java.util.Arrays.copyOfRange(all, in.position(), all.length);
    }

    /** The payloads of the AEDAT 4.0 packets of stream {@code stream}, in file order. */
    public static List<byte[]> aedat4Payloads(Path file, int stream) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int p = 14;
        int headerSize = Bytes.i32le(b, p);
        p += 4 + headerSize;
        List<byte[]> out = new ArrayList<>();
        while (p + 8 <= b.length) {
            int id = Bytes.i32le(b, p);
            int size = Bytes.i32le(b, p + 4);
            if (size <= 0 || p + 8 + size > b.length) {
                break; // the FileDataTable has no packet header
            }
            if (id == stream) {
                out.add(java.util.Arrays.copyOfRange(b, p + 8, p + 8 + size));
            }
            p += 8 + size;
        }
        return out;
    }
}
