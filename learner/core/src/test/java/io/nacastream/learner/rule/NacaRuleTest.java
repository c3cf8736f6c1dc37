package io.nacastream.learner.rule;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NacaRuleTest {

    @Test
    void theBranchFreeIndicatorIsExactEvenForSubnormalDifferences() {
        assertEquals(1f, NacaRule.above(Float.MIN_VALUE, 0f));            // smallest subnormal above the bound
        assertEquals(0f, NacaRule.above(0f, 0f));                         // equal: not above
        assertEquals(0f, NacaRule.above(-0f, 0f));
        assertEquals(0f, NacaRule.above(-Float.MIN_VALUE, 0f));
        assertEquals(1f, NacaRule.above(Math.nextUp(0.5f), 0.5f));
        assertEquals(0f, NacaRule.above(0.5f, 0.5f));
        assertEquals(1f, NacaRule.above(Float.MAX_VALUE, -Float.MAX_VALUE / 2));
        assertEquals(0f, NacaRule.above(-1e30f, 1e30f));
    }

    @Test
    void updateEqualsTheBranchingDefinitionOnRandomVectors() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + r.nextInt(70);
            float low = (float) r.nextDouble(-0.5, 0.5);
            float[] w = new float[n];
            float[] g = new float[n];
            float[] v = new float[n];
            float[] s = new float[n];
            float[] mask = new float[n];
            for (int k = 0; k < n; k++) {
                w[k] = (float) r.nextDouble(-1, 1);
                g[k] = (float) r.nextDouble(-0.01, 0.01);
                v[k] = r.nextInt(10) == 0 ? low : (float) r.nextDouble(-1, 1);
                s[k] = r.nextBoolean() ? 1f : 0f;
                mask[k] = r.nextBoolean() ? 1f : 0f;
            }
            float[] expected = w.clone();
            float[] expectedMasked = w.clone();
            for (int k = 0; k < n; k++) {
                int ds = (v[k] > low ? 1 : 0) - (s[k] == 1f ? 1 : 0);
                expected[k] -= g[k] * ds;
                if (mask[k] == 1f) {
                    expectedMasked[k] -= g[k] * ds;
                }
            }
            float[] ds = new float[n];
            NacaRule.gate(ds, v, s, low, null);
            float[] got = w.clone();
            NacaRule.update(got, g, ds);
            assertArrayEquals(expected, got, 0f);
            NacaRule.gate(ds, v, s, low, mask);
            float[] gotMasked = w.clone();
            NacaRule.update(gotMasked, g, ds);
            assertArrayEquals(expectedMasked, gotMasked, 0f);
        }
    }

    @Test
    void tickIsTheReferenceDiscreteUpdate() {
        float[] v = {0.7f, 0.3f, -0.4f};
        float[] s = {1f, 0f, 0f};
        NacaRule.tick(v, s, new float[] {0.1f, 0.1f, 0f}, 0.2f);
        assertArrayEquals(new float[] {0.1f, 0.16f, -0.08f}, v, 1e-7f);
    }

    @Test
    void boundedUpdateClampsOnlyWhatWouldLeaveTheBound() {
        float[] w = {0.09f, -0.09f, 0.05f, 0.02f};
        float[] g = {-0.05f, 0.05f, 0.5f, 0.1f};
        float[] ds = {1f, 1f, -1f, 0f};
        NacaRule.updateBounded(w, g, ds, 0.1f);
        assertArrayEquals(new float[] {0.1f, -0.1f, 0.1f, 0.02f}, w, 0f, "over the bound: clamped; closed gate: kept");
        float[] inside = {0.01f, -0.02f, 0.03f, 0.04f};
        float[] plain = inside.clone();
        float[] small = {0.001f, 0.002f, -0.003f, 0.004f};
        NacaRule.updateBounded(inside, small, ds, 0.1f);
        NacaRule.update(plain, small, ds);
        assertArrayEquals(plain, inside, 0f, "well inside the bound: the reference update");
    }
}
