package io.nacastream.learner.npy;

import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@code .npy} export reads back in ND4J and in NumPy with the network's weights. */
class NpyExportTest {

    private static final NacaConfig CONFIG = NacaConfig.builder().sizes(64, List.of(24, 12), 5)
            .mode(NacaConfig.Mode.TICK).tickUs(5_000).learningRates(0.01f, 0.01f).mask(0.5f, 50_000).seed(11)
            .weightBound(0.3f).build();

    @Test
    void npyExportIsReadableByNd4jAndByNumPy(@TempDir Path dir) throws Exception {
        NacaNetwork net = new NacaNetwork(CONFIG);
        List<Path> files = NpyExport.write(net, dir);
        assertEquals(List.of("w1.npy", "w2.npy", "w3.npy", "mod1.npy", "mod2.npy"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        byte[] head = Files.readAllBytes(files.get(0));
        assertEquals((byte) 0x93, head[0]);
        assertEquals("NUMPY", new String(head, 1, 5, StandardCharsets.US_ASCII));
        INDArray w1 = Nd4j.createFromNpyFile(files.get(0).toFile());
        assertArrayEquals(new long[] {64, 24}, w1.shape());
        assertEquals(net.weight(0, 7, 5), w1.getFloat(7, 5), 0f);
        INDArray mod2 = Nd4j.createFromNpyFile(files.get(4).toFile());
        assertEquals(net.modulation(1).get(3, 9), mod2.getFloat(3, 9), 0f);
        NacaNetwork ridge = new NacaNetwork(CONFIG.toBuilder().readout(NacaConfig.Readout.RIDGE, 0.1).build());
        ridge.readout().weights()[4][2] = 0.25f;
        List<Path> withReadout = NpyExport.write(ridge, dir.resolve("ridge"));
        assertEquals("readout.npy", withReadout.get(withReadout.size() - 1).getFileName().toString());
        INDArray readout = Nd4j.createFromNpyFile(withReadout.get(withReadout.size() - 1).toFile());
        assertArrayEquals(new long[] {CONFIG.postSize(CONFIG.hiddenLayers() - 1), CONFIG.classes()}, readout.shape());
        assertEquals(0.25f, readout.getFloat(4, 2), 0f);

        // Cross-check with NumPy itself where Python has it (skipped otherwise).
        Process check;
        try {
            check = new ProcessBuilder("python3", "-c", "import numpy, sys; a = numpy.load(sys.argv[1]); "
                    + "print(a.dtype, a.shape, '%.9e' % a[7, 5])", files.get(0).toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noPython) {
            assumeTrue(false, "python3 is not installed: NumPy cross-check skipped");
            return;
        }
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(check.exitValue() == 0 || !out.contains("No module named"), "NumPy is not installed: " + out);
        assertEquals(0, check.exitValue(), out);
        String[] parts = out.split(" ", 4);
        assertEquals("float32 (64, 24)", parts[0] + " " + parts[1] + " " + parts[2]);
        assertEquals(net.weight(0, 7, 5), Float.parseFloat(parts[3]), 0f);
    }
}
