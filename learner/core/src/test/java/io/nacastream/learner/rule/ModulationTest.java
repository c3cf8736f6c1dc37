package io.nacastream.learner.rule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ModulationTest {

    @Test
    void curveMatchesTheReferenceTable() {
        // naca.md §1.5, λ = 0.5, θ = 1.2
        double[] nl = {0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0};
        double[] f = {1.0, 1.2, 1.0, 0.25, 0, -0.25, -1.0, -1.2, -1.0};
        for (int i = 0; i < nl.length; i++) {
            assertEquals(f[i], ModulationCurve.f(nl[i], 0.5, 1.2), 1e-12, "f(" + nl[i] + ")");
        }
        assertEquals(3.8, ModulationCurve.f(1.5, 0.5, 1.2), 1e-12);
    }

    @Test
    void curveIsAntisymmetricAboutLambda() {
        for (double x = 0; x <= 1; x += 0.01) {
            assertEquals(-ModulationCurve.f(x, 0.5, 1.2), ModulationCurve.f(1 - x, 0.5, 1.2), 1e-12);
        }
    }

    @Test
    void expectationCodeForElevenClassesMatchesTheReference() {
        int[] a = new int[11];
        for (int k = 0; k < 11; k++) {
            a[k] = ExpectationCode.firstUnit(k, 11);
        }
        assertArrayEquals(new int[] {20, 16, 14, 12, 11, 10, 8, 7, 5, 3, 0}, a);
    }

    @Test
    void tableIsSeededAndBounded() {
        ModulationTable t1 = ModulationTable.generate(11, 64, 0.5, 1.2, 3);
        ModulationTable t2 = ModulationTable.generate(11, 64, 0.5, 1.2, 3);
        int positive = 0;
        for (int c = 0; c < 11; c++) {
            for (int j = 0; j < 64; j++) {
                assertEquals(t1.get(c, j), t2.get(c, j));
                assertEquals(0, Math.max(0, Math.abs(t1.get(c, j)) - 1.2f), 1e-6);
                positive += t1.get(c, j) > 0 ? 1 : 0;
            }
        }
        assertEquals(0.5, positive / 704.0, 0.1);   // about half the (unit, class) pairs are potentiated
    }
}
