package io.nacastream.ingest.recording;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real sensor recordings in {@code ../shared/data/real} (never copied into the repository). */
final class RealData {

    private RealData() {
    }

    /** The file at {@code relative} under data/real; skips the calling test with a clear message when absent. */
    static Path file(String relative) {
        Path root = Path.of(System.getProperty("naca.shared.dir", "../../shared")).resolve("data/real");
        Path file = root.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), "real recording " + file.toAbsolutePath()
                + " is absent: these tests need the shared data folder (see ../shared/data/real/SOURCES.md)");
        return file;
    }
}
