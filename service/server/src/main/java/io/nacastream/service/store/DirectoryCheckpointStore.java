package io.nacastream.service.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checkpoints as files in a directory, one per record key ({@code <url-encoded key>.ckpt}), each written to a
 * temporary file and moved into place atomically, so a reader never sees half a checkpoint.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {

    private static final String SUFFIX = ".ckpt";
    private final Path dir;

    /** A store in {@code dir}, created if missing. */
    public DirectoryCheckpointStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory " + dir, e);
        }
    }

    @Override
    public void save(ModelCheckpoint model) {
        write(CheckpointRecords.modelKey(model.streamId()), CheckpointRecords.encode(model));
    }

    @Override
    public void save(PartitionCheckpoint partition) {
        write(CheckpointRecords.partitionKey(partition.eventsTopic(), partition.partition()),
                CheckpointRecords.encode(partition));
    }

    @Override
    public void flush() {
        // every save has completed (and been moved into place) when it returned
    }

    @Override
    public Stored load(String eventsTopic, Collection<Integer> partitions) {
        Map<Integer, PartitionCheckpoint> parts = new HashMap<>();
        Map<String, ModelCheckpoint> models = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(DirectoryCheckpointStore::isCheckpoint)::iterator) {
                Object record = read(f);
                if (record instanceof PartitionCheckpoint p && p.eventsTopic().equals(eventsTopic)
                        && partitions.contains(p.partition())) {
                    parts.put(p.partition(), p);
                } else if (record instanceof ModelCheckpoint m && m.eventsTopic().equals(eventsTopic)
                        && partitions.contains(m.partition())) {
                    models.put(m.streamId(), withoutModel(m));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint directory " + dir, e);
        }
        return new Stored(parts, models);
    }

    @Override
    public ModelCheckpoint loadModel(String streamId) {
        Path f = file(CheckpointRecords.modelKey(streamId));
        return Files.exists(f) && read(f) instanceof ModelCheckpoint m ? m : null;
    }

    @Override
    public void close() {
    }

    /** The model checkpoint without its bytes (an index entry). */
    static ModelCheckpoint withoutModel(ModelCheckpoint m) {
        return new ModelCheckpoint(m.streamId(), m.eventsTopic(), m.partition(), m.nextOffset(), m.events(),
                m.packets(), m.lastEventUs(), m.wallTimeMs(), new byte[0]);
    }

    private Path file(String key) {
        return dir.resolve(URLEncoder.encode(key, StandardCharsets.UTF_8) + SUFFIX);
    }

    private Object read(Path f) {
        try {
            return CheckpointRecords.decode(Files.readAllBytes(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + f, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(f + ": " + e.getMessage(), e);
        }
    }

    private void write(String key, byte[] bytes) {
        Path target = file(key);
        try {
            Path tmp = Files.createTempFile(dir, ".tmp-", SUFFIX);
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    private static boolean isCheckpoint(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(SUFFIX) && !name.startsWith(".tmp-");   // a crash can leave a temporary file behind
    }
}
