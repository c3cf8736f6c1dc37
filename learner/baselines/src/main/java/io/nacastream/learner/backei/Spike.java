package io.nacastream.learner.backei;

/**
 * The spike and E/I sign nonlinearities with the derivatives BPTT uses for them. {@link #BOX} is BrainCog's: a
 * Heaviside spike and a sign whose backward passes are the box 1[|x| &lt; 0.5] ({@code surrogate.py},
 * {@code backeigate} and {@code ei}). {@link #SMOOTH} replaces both by smooth functions with their true derivatives,
 * so a finite-difference check can test the BPTT code.
 */
enum Spike {
    /** Forward H(x) and sign(x), backward the box of height 1 and half-width 0.5 (the reference). */
    BOX {
        @Override
        float fire(float x) {
            return x > 0 ? 1f : 0f;
        }

        @Override
        float fireGrad(float x) {
            return Math.abs(x) < BackEiConfig.SURROGATE_HALF_WIDTH ? 1f : 0f;
        }

        @Override
        float sign(float x) {
            return Math.signum(x);
        }

        @Override
        float signGrad(float x) {
            return fireGrad(x);
        }
    },
    /** Forward σ(4x) and tanh(2x), backward their derivatives (finite-difference checks only). */
    SMOOTH {
        @Override
        float fire(float x) {
            return (float) (1 / (1 + Math.exp(-4.0 * x)));
        }

        @Override
        float fireGrad(float x) {
            float f = fire(x);
            return 4 * f * (1 - f);
        }

        @Override
        float sign(float x) {
            return (float) Math.tanh(2.0 * x);
        }

        @Override
        float signGrad(float x) {
            float t = sign(x);
            return 2 * (1 - t * t);
        }
    };

    /** The spike of a membrane {@code x} above threshold. */
    abstract float fire(float x);

    /** The derivative BPTT uses for {@link #fire}. */
    abstract float fireGrad(float x);

    /** The E/I sign of a gate value {@code x}. */
    abstract float sign(float x);

    /** The derivative BPTT uses for {@link #sign}. */
    abstract float signGrad(float x);
}
