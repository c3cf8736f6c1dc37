package io.nacastream.learner.npy;

import io.nacastream.learner.naca.NacaNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a model's weights and modulation tables as NumPy {@code .npy} files (written by ND4J) for Python users:
 * {@code w1.npy} [inputs, hidden1], ..., {@code wN.npy} [hiddenL, classes] (weight layer l maps row i, the
 * presynaptic unit, to column j, the postsynaptic one: V += W[i, :] on a spike of i), and {@code mod1.npy} ...
 * [classes, hidden_l] with f(nl) per class and hidden unit; with the ridge readout also {@code readout.npy}
 * [hiddenL, classes], the readout's weights W (class scores = W^T x on the L2-normalised pooled spike counts x).
 */
public final class NpyExport {

    private NpyExport() {
    }

    /** Writes the files into {@code dir} (created if needed) and returns their paths. */
    public static List<Path> write(NacaNetwork network, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (int l = 0; l < network.layers(); l++) {
            Path p = dir.resolve("w" + (l + 1) + ".npy");
            Nd4j.writeAsNumpy(Nd4j.create(network.weights(l)), p.toFile());
            written.add(p);
        }
        int hidden = network.config().hiddenLayers();
        for (int l = 0; l < hidden; l++) {
            int classes = network.config().classes();
            float[][] t = new float[classes][];
            for (int c = 0; c < classes; c++) {
                t[c] = network.modulation(l).forClass(c).clone();
            }
            Path p = dir.resolve("mod" + (l + 1) + ".npy");
            Nd4j.writeAsNumpy(Nd4j.create(t), p.toFile());
            written.add(p);
        }
        if (network.readout() != null) {
            Path p = dir.resolve("readout.npy");
            Nd4j.writeAsNumpy(Nd4j.create(network.readout().weights()), p.toFile());
            written.add(p);
        }
        return written;
    }
}
