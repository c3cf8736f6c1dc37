package io.nacastream.service.stream;

import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.store.ModelCheckpoint;
import io.nacastream.service.store.PartitionCheckpoint;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one thread that writes the checkpoint store ({@code naca-checkpoint}): model saves (encoded there from a
 * snapshot the learner thread took), partition checkpoints and flushes run on it in the order they were asked for,
 * so the learner thread only copies state and goes on. Reads made through it wait until every write asked for
 * before has run, so a model is never restored from a checkpoint older than one already saved.
 */
final class CheckpointWriter implements AutoCloseable {

    private final CheckpointStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "naca-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /** The first save that failed since the last flush (writer thread only). */
    private RuntimeException failure;

    CheckpointWriter(CheckpointStore store) {
        this.store = store;
    }

    /** Saves the model checkpoint {@code model} makes (encoding it) on the writer thread. */
    void saveModel(Supplier<ModelCheckpoint> model) {
        thread.execute(() -> write(() -> store.save(model.get())));
    }

    /** Saves {@code partition} on the writer thread, after every save asked for before. */
    void save(PartitionCheckpoint partition) {
        thread.execute(() -> write(() -> store.save(partition)));
    }

    private void write(Runnable save) {
        try {
            save.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /**
     * Completes once every save asked for before is durable, or exceptionally with the first failure among them
     * or of the flush itself: nothing after a failed save is reported durable.
     */
    CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            RuntimeException failed = failure;
            failure = null;
            if (failed != null) {
                done.completeExceptionally(failed);
                return;
            }
            try {
                store.flush();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Flushes the store behind the saves asked for so far and runs {@code durable} once they are durable, without a
     * future to wait on; a failure is kept for the next {@link #flush()} to report.
     */
    void flushThen(Runnable durable) {
        thread.execute(() -> {
            if (failure != null) {
                return;
            }
            try {
                store.flush();
                durable.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        });
    }

    /** Blocks until every write asked for so far has run (successfully or not). */
    void awaitWrites() {
        try {
            thread.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for checkpoint writes", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** {@link CheckpointStore#loadModel(String, Predicate)} once the writes asked for so far have run. */
    ModelCheckpoint loadModel(String streamId, Predicate<ModelCheckpoint> usable) {
        awaitWrites();
        return store.loadModel(streamId, usable);
    }

    /** {@link CheckpointStore#loadModel(String)} once the writes asked for so far have run. */
    ModelCheckpoint loadModel(String streamId) {
        awaitWrites();
        return store.loadModel(streamId);
    }

    /** Waits for {@code flush}, rethrowing its failure unwrapped. */
    static <T> T join(CompletableFuture<T> flush) {
        try {
            return flush.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Runs the writes asked for (at most 60 s), then stops the thread; the store is closed by its owner. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
