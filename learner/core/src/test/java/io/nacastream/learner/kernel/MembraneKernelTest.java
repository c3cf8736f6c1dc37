package io.nacastream.learner.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both membrane kernels against values computed by hand and against each other, bit for bit; and the choice. */
class MembraneKernelTest {

    private static final List<MembraneKernel> KERNELS = List.of(ScalarMembraneKernel.INSTANCE,
            MembraneKernels.named("vector"));

    @Test
    void theTestJvmHasTheVectorModuleSoBothKernelsAreTested() {
        assertTrue(MembraneKernels.vectorAvailable(), "surefire's argLine must add jdk.incubator.vector");
        assertEquals("vector", MembraneKernels.auto().name());
        assertEquals("vector", MembraneKernels.named("VECTOR").name());
        assertEquals("scalar", MembraneKernels.named("scalar").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MembraneKernels.named("simd"));
        assertTrue(e.getMessage().contains("auto, vector or scalar"), e.getMessage());
    }

    @Test
    void integratesAndFindsTheUnitsAboveThresholdAsComputedByHand() {
        for (MembraneKernel k : KERNELS) {
            // 19 units: a whole 16-lane vector and a tail of 3, spikes in both
            float[] v = new float[19];
            float[] w = new float[19];
            v[0] = 0.4f;
            w[0] = 0.1f;      // 0.4·0.5 + 0.1 = 0.3 > 0.25: spikes
            v[5] = 0.1f;
            w[5] = 0.2f;      // 0.05 + 0.2 = 0.25: not above
            w[15] = 0.26f;    // spikes
            v[17] = 1f;
            w[17] = -0.3f;    // 0.5 - 0.3 = 0.2: no
            w[18] = 0.5f;     // spikes
            int[] spikes = new int[19];
            int m = k.integrateAndDetect(v, 0.5f, w, 0.25f, null, spikes);
            assertEquals(3, m, k.name());
            assertArrayEquals(new int[] {0, 15, 18}, Arrays.copyOf(spikes, m), k.name());
            assertEquals(0.3f, v[0], 1e-7f, "membranes are integrated, not reset");
            assertEquals(0.25f, v[5], 1e-7f);
            assertEquals(0.2f, v[17], 1e-7f);
            float[] mask = new float[19];
            Arrays.fill(mask, 1f);
            mask[15] = 0f;
            Arrays.fill(w, 0f);
            m = k.integrateAndDetect(v, 1f, w, 0.25f, mask, spikes);
            assertArrayEquals(new int[] {0, 18}, Arrays.copyOf(spikes, m), k.name() + ": a masked unit does not spike");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 15, 16, 17, 33, 64, 255, 256, 511, 512, 1000, 1024})
    void vectorAndScalarKernelsGiveTheSameBitsAndSpikes(int n) {
        SplittableRandom r = new SplittableRandom(n);
        for (boolean masked : new boolean[] {false, true}) {
            float[] v = new float[n];
            float[] mask = masked ? new float[n] : null;
            for (int i = 0; i < n; i++) {
                v[i] = (float) r.nextDouble(-0.5, 0.5);
                if (masked) {
                    mask[i] = r.nextInt(4) == 0 ? 0f : 1f;
                }
            }
            v[r.nextInt(n)] = Float.NaN;
            float[] a = v.clone();
            float[] b = v.clone();
            int[] sa = new int[n];
            int[] sb = new int[n];
            for (int step = 0; step < 50; step++) {
                float[] w = new float[n];
                for (int i = 0; i < n; i++) {
                    w[i] = (float) r.nextDouble(-0.05, 0.06);
                }
                float decay = (float) Math.exp(-r.nextDouble(0, 0.2));
                float threshold = step % 10 == 9 ? -0.05f : 0.2f;   // a non-positive one goes the scalar way
                int ma = KERNELS.get(0).integrateAndDetect(a, decay, w, threshold, mask, sa);
                int mb = KERNELS.get(1).integrateAndDetect(b, decay, w, threshold, mask, sb);
                assertArrayEquals(Arrays.copyOf(sa, ma), Arrays.copyOf(sb, mb), "spikes, step " + step);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "unit " + i);
                }
                for (int i = 0; i < ma; i++) {
                    a[sa[i]] = 0f;
                    b[sa[i]] = 0f;
                }
            }
        }
    }

    @Test
    void withoutTheVectorModuleAutoFallsBackToScalarAndVectorIsRefusedClearly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                KernelProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, waitFor(p), out);
        assertTrue(out.contains("auto=scalar"), out);
        assertTrue(out.contains("vector refused: the vector kernel needs the JDK's Vector API: start the JVM with "
                + "--add-modules jdk.incubator.vector"), out);
    }

    private static int waitFor(Process p) throws InterruptedException, IOException {
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the probe JVM did not finish in 60 s");
        }
        return p.exitValue();
    }
}
