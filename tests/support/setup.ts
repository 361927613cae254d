import fc from "fast-check";

/**
 * Property tests explore random inputs on developer machines (that is how they find bugs); in CI
 * they replay one fixed seed, so a landing never hinges on the luck of a draw. Set FC_SEED to
 * replay a counterexample anywhere.
 */
const seed = process.env.FC_SEED ?? (process.env.CI ? "20261125" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
