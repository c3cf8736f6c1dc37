package io.nacastream.service.stream;

import io.nacastream.encoder.InputGrid;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.checkpoint.Checkpoint;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaseModelsTest {

    /** A 4x4 grid (32 inputs) and the 11 gesture classes. */
    private static final ModelSchema SCHEMA = new ModelSchema(InputGrid.of(4, 4), ClassNames.dvsGesture());

    private static NacaConfig config(long seed) {
        return NacaConfig.builder().sizes(32, List.of(8), 11).seed(seed).build();
    }

    private static Path save(Path dir, String name, NacaConfig c) throws Exception {
        Path file = dir.resolve(name);
        Checkpoint.write(new NacaNetwork(c), new OpCounts(0, 0, List.of()), file);
        return file;
    }

    @Test
    void theLongestMatchingPrefixThenTheDefaultThenAFreshNetwork(@TempDir Path dir) throws Exception {
        Path lab = save(dir, "lab.ckpt", config(100));
        Path labB = save(dir, "lab-b.ckpt", config(200));
        Path def = save(dir, "default.ckpt", config(300));
        BaseModels bases = BaseModels.load(config(7), SCHEMA, Optional.of(def), "lab-=" + lab + ", lab-b-=" + labB);
        assertEquals("prefix:lab-b-", bases.start("lab-b-cam1").base());
        assertEquals(200, bases.start("lab-b-cam1").network().config().seed());
        assertEquals(100, bases.start("lab-a-cam1").network().config().seed());
        assertEquals("default", bases.start("street-cam").base());
        assertEquals(300, bases.start("street-cam").network().config().seed());
        BaseModels none = BaseModels.load(config(7), SCHEMA, Optional.empty(), "");
        assertEquals("fresh", none.start("x").base());
        assertEquals(7, none.start("x").network().config().seed());
        // every start is a separate network with the base's weights: one stream's learning never touches another's
        NacaNetwork a = bases.start("lab-a-1").network();
        NacaNetwork b = bases.start("lab-a-2").network();
        assertNotSame(a, b);
        assertArrayEquals(new NacaNetwork(config(100)).weights(0)[3], a.weights(0)[3]);
    }

    @Test
    void unreadableOrMisfittingBasesFailNamingTheKey(@TempDir Path dir) throws Exception {
        IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class, () -> BaseModels.load(
                config(7), SCHEMA, Optional.of(save(dir, "small.ckpt", NacaConfig.builder().sizes(16, List.of(8), 11)
                        .build())),
                ""));
        assertTrue(wrongSize.getMessage().contains("'model.base'") && wrongSize.getMessage().contains("16 inputs"),
                wrongSize.getMessage());
        java.nio.file.Files.writeString(dir.resolve("text.ckpt"), "hello");
        IllegalArgumentException notCheckpoint = assertThrows(IllegalArgumentException.class,
                () -> BaseModels.load(config(7), SCHEMA, Optional.empty(), "x=" + dir.resolve("text.ckpt")));
        assertTrue(notCheckpoint.getMessage().contains("'model.named-bases'"), notCheckpoint.getMessage());
        assertThrows(java.io.UncheckedIOException.class,
                () -> BaseModels.load(config(7), SCHEMA, Optional.of(dir.resolve("absent.ckpt")), ""));
        assertThrows(IllegalArgumentException.class,
                () -> BaseModels.load(config(7), SCHEMA, Optional.empty(), "novalue="));
        NacaNetwork poisoned = new NacaNetwork(config(7));
        poisoned.setWeight(0, 3, 5, Float.NaN);
        Path nan = dir.resolve("nan.ckpt");
        Checkpoint.write(poisoned, new OpCounts(0, 0, List.of()), nan);
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> BaseModels.load(config(7), SCHEMA, Optional.of(nan), ""));
        assertTrue(notFinite.getMessage().contains("'model.base'") && notFinite.getMessage().contains("NaN"),
                notFinite.getMessage());
        Path otherGrid = dir.resolve("grid.ckpt");
        Checkpoint.write(new NacaNetwork(config(7)), new OpCounts(0, 0, List.of()),
                new ModelSchema(InputGrid.of(2, 8), ClassNames.dvsGesture()), otherGrid);
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
                () -> BaseModels.load(config(7), SCHEMA, Optional.of(otherGrid), ""));
        assertTrue(grid.getMessage().contains("input grid is 2x8, this configuration's 4x4"), grid.getMessage());
        Path sameGrid = dir.resolve("same.ckpt");
        Checkpoint.write(new NacaNetwork(config(9)), new OpCounts(0, 0, List.of()), SCHEMA, sameGrid);
        assertEquals(9, BaseModels.load(config(7), SCHEMA, Optional.of(sameGrid), "").start("s").network().config()
                .seed());
    }
}
