import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, ROOT, sourceFiles } from "./source-graph.ts";

/** Dependencies as habits: pinned, one version of each AWS library, and none that nothing uses. */
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string }>;
};

const packageOf = (specifier: string) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string);
const importedBy = (dirs: readonly string[]) =>
  new Set(
    dirs
      .flatMap(sourceFiles)
      .flatMap((f) => importsOf(f))
      .filter((i) => i.file === undefined && !i.specifier.startsWith("node:"))
      .map((i) => packageOf(i.specifier)),
  );

describe("dependencies", () => {
  it("pins every dependency to an exact version", () => {
    const loose = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(
      ([, version]) => !/^\d+\.\d+\.\d+$/.test(version),
    );
    expect(loose).toEqual([]);
  });

  it("installs one version of each AWS SDK, Smithy and Powertools package", () => {
    const versions = new Map<string, Set<string>>();
    for (const [path, info] of Object.entries(lock.packages)) {
      const name = /node_modules\/(@(?:aws-sdk|smithy|aws-lambda-powertools|aws-crypto)\/[^/]+)$/.exec(path)?.[1];
      if (name && info.version) versions.set(name, (versions.get(name) ?? new Set()).add(info.version));
    }
    const duplicated = [...versions].filter(([, v]) => v.size > 1).map(([name, v]) => `${name}: ${[...v].join(", ")}`);
    expect(versions.size).toBeGreaterThan(10);
    expect(duplicated).toEqual([]);
  });

  it("ships only dependencies the product imports", () => {
    const used = importedBy(["shared", "functions"]);
    expect(Object.keys(pkg.dependencies).filter((name) => !used.has(name))).toEqual([]);
  });

  it("keeps only development dependencies that code, scripts or configuration use", () => {
    const used = importedBy(["shared", "functions", "infra", "tools", "tests"]);
    const config = ["package.json", "biome.json", "cdk.json", "vitest.config.ts", ".ci/run", "tsconfig.json"]
      .map((f) => readFileSync(join(ROOT, f), "utf8"))
      .join("\n");
    // Command-line tools are named by their command in scripts and CI.
    const commands: Record<string, string> = {
      "@biomejs/biome": "biome ",
      "aws-cdk": "cdk ",
      typescript: "tsc ",
      tsx: "tsx ",
      vitest: "vitest",
    };
    const unused = Object.keys(pkg.devDependencies).filter((name) => {
      const typed = name.startsWith("@types/") ? name.slice("@types/".length).replace(/^(.+)__(.+)$/, "@$1/$2") : name;
      if (used.has(typed) || (typed === "node" && used.size > 0)) return false;
      return !config.includes(commands[name] ?? `"${name}"`);
    });
    expect(unused).toEqual([]);
  });
});
