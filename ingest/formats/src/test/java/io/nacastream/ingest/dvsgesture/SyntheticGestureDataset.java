package io.nacastream.ingest.dvsgesture;

import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.recording.aedat.Aedat31Writer;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.ingest.synth.SensorParameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic dataset in the DVS128 Gesture layout, from the synthetic camera: {@code userNN_synthetic.aedat}
 * (AEDAT 3.1, DVS128), {@code userNN_synthetic_labels.csv} and the two split files. It exercises the dataset loader
 * and the {@code bench dvsgesture} command where the real dataset is absent; its results are synthetic and say
 * nothing about DVS128 Gesture accuracy.
 */
public final class SyntheticGestureDataset {

    private SyntheticGestureDataset() {
    }

    /** Writes users 1..trainUsers (train split) and the next testUsers (test split) into {@code dir}. */
    public static void write(Path dir, long seed, int trainUsers, int testUsers, long takeUs, long gapUs)
            throws IOException {
        Files.createDirectories(dir);
        SensorParameters sensor = SensorParameters.dvs128();
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int u = 1; u <= trainUsers + testUsers; u++) {
            String name = String.format("user%02d_synthetic", u);
            GestureSession session = GestureSession.plan(seed, u, takeUs, gapUs, true);
            StringBuilder csv = new StringBuilder("class,startTime_usec,endTime_usec\n");
            for (ScheduledTake take : session.takes()) {
                csv.append(take.label().classId() + 1).append(',').append(take.startUs()).append(',')
                        .append(take.endUs()).append('\n');
            }
            Files.writeString(dir.resolve(name + "_labels.csv"), csv, StandardCharsets.UTF_8);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(name + ".aedat")))) {
                Aedat31Writer writer = new Aedat31Writer(out, 1, "DVS128");
                PacketAssembler assembler = new PacketAssembler(name, sensor.width(), sensor.height(), 4096, 10_000,
                        p -> {
                            try {
                                writer.write(p);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                session.render(sensor, seed, assembler);
                assembler.flush();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            (u <= trainUsers ? train : test).add(name + ".aedat");
        }
        Files.write(dir.resolve("trials_to_train.txt"), train, StandardCharsets.UTF_8);
        Files.write(dir.resolve("trials_to_test.txt"), test, StandardCharsets.UTF_8);
    }
}
