import type { BundlingOptions } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogLevel, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import type { BuildOptions } from "esbuild";

/**
 * How every function is bundled, in one place: the CDK construct (infra/app-function.ts) and the cold-start
 * bench (tools/bench/cold-start.ts) both derive their options from this object, so what is measured is what ships.
 */
export const lambdaBundling = {
  platform: "node",
  /** Must match the runtime in infra/app-function.ts (nodejs22.x); CDK would derive the same from it. */
  target: "node22",
  format: "esm",
  /** Prefer the ESM builds of dependencies (the AWS SDK ships both) so esbuild can tree-shake them. */
  mainFields: ["module", "main"],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  /** Bundle the AWS SDK too: the version in package-lock.json is the one that runs, not the runtime's. */
  external: [],
  /**
   * Some dependencies are CommonJS and call `require` for Node built-ins; an ESM bundle has no `require`, so
   * the banner recreates one. The alias avoids clashing with any `createRequire` esbuild keeps in the bundle.
   */
  banner:
    "import { createRequire as __hearbackCreateRequire } from 'node:module'; const require = __hearbackCreateRequire(import.meta.url);",
  logLevel: "warning",
} as const;

const cdkFormat = { esm: OutputFormat.ESM, cjs: OutputFormat.CJS } as const;
const cdkLogLevel = {
  verbose: LogLevel.VERBOSE,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warning: LogLevel.WARNING,
  error: LogLevel.ERROR,
  silent: LogLevel.SILENT,
} as const;

/** The options above as NodejsFunction's `bundling` prop (CDK runs the esbuild CLI with them). */
export const cdkBundling: BundlingOptions = {
  format: cdkFormat[lambdaBundling.format],
  target: lambdaBundling.target,
  mainFields: [...lambdaBundling.mainFields],
  minify: lambdaBundling.minify,
  sourceMap: lambdaBundling.sourcemap,
  sourcesContent: lambdaBundling.sourcesContent,
  externalModules: [...lambdaBundling.external],
  banner: lambdaBundling.banner,
  logLevel: cdkLogLevel[lambdaBundling.logLevel],
};

/** The same options for esbuild's API, as CDK passes them to the CLI (`index.mjs` beside its source map). */
export const esbuildOptions = (outfile: string): BuildOptions => ({
  bundle: true,
  outfile,
  platform: lambdaBundling.platform,
  target: lambdaBundling.target,
  format: lambdaBundling.format,
  mainFields: [...lambdaBundling.mainFields],
  minify: lambdaBundling.minify,
  sourcemap: lambdaBundling.sourcemap,
  sourcesContent: lambdaBundling.sourcesContent,
  external: [...lambdaBundling.external],
  banner: { js: lambdaBundling.banner },
  logLevel: lambdaBundling.logLevel,
});
