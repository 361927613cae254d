import fc from "fast-check";

/**
 * Property tests explore random inputs on developer machines (that is how they find bugs); in CI
 * they replay one fixed seed, so a landing never hinges on the luck of a draw. Set FC_SEED to
 * replay a counterexample anywhere.
 */
const seed = process.env.FC_SEED ?? (process.env.CI ? "20261125" : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

/**
 * Handlers the tests invoke themselves would print their EMF lines among the results; the metrics are still
 * recorded, and a local stack still shows them at GET /metrics (tests/platform/metrics.test.ts reads the stdout).
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";

// The AWS SDK's notice that its releases after January 2027 need Node 22 (tools/cli/process-defaults.ts
// says why it is off); set here too so test output carries no notice a reader must not act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
