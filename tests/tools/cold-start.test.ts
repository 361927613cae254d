import type { Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { cdkBundling, esbuildOptions } from "../../infra/bundling.ts";
import { bytesPerPackage, INGEST_FUNCTION, median, packageOf } from "../../tools/bench/cold-start.ts";

describe("cold-start bench", () => {
  it("bundles with the options CDK uses", () => {
    const options = esbuildOptions("/tmp/out/index.mjs");
    expect(options.format).toBe(cdkBundling.format);
    expect(options.target).toBe(cdkBundling.target);
    expect(options.mainFields).toEqual(cdkBundling.mainFields);
    expect(options.minify).toBe(cdkBundling.minify);
    expect(options.sourcemap).toBe(cdkBundling.sourceMap);
    expect(options.sourcesContent).toBe(cdkBundling.sourcesContent);
    expect(options.external).toEqual(cdkBundling.externalModules);
    expect(options.banner).toEqual({ js: cdkBundling.banner });
  });

  it("measures the function behind POST /v1/feedback", () => {
    expect(INGEST_FUNCTION).toBe("post-feedback");
  });

  it("attributes bundled bytes to packages", () => {
    expect(packageOf("node_modules/zod/v4/core/schemas.js")).toBe("zod");
    expect(packageOf("node_modules/@smithy/core/dist-es/index.js")).toBe("@smithy/core");
    expect(packageOf("node_modules/@aws-sdk/a/node_modules/@smithy/b/x.js")).toBe("@smithy/b");
    expect(packageOf("shared/feedback/model/schema.ts")).toBe("(hearback) shared/feedback");
    expect(packageOf("functions/http/post-feedback.ts")).toBe("(hearback) functions/http");
    expect(packageOf("package.json")).toBe("(hearback) package.json");
    const metafile = {
      inputs: {},
      outputs: {
        "out/index.mjs": {
          bytes: 60,
          entryPoint: "functions/http/post-feedback.ts",
          imports: [],
          exports: [],
          inputs: {
            "node_modules/zod/a.js": { bytesInOutput: 30 },
            "node_modules/zod/b.js": { bytesInOutput: 10 },
            "shared/platform/config.ts": { bytesInOutput: 20 },
            "node_modules/unused/x.js": { bytesInOutput: 0 },
          },
        },
      },
    } as unknown as Metafile;
    expect(bytesPerPackage(metafile)).toEqual([
      { package: "zod", bytes: 40 },
      { package: "(hearback) shared/platform", bytes: 20 },
    ]);
  });

  it("takes medians", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
