import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/** The direction of dependencies, checked: the domain stays pure, AWS glue stays in adapters. */
const root = new URL("../../", import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
const importsOf = (file: string) =>
  [...readFileSync(join(root, file), "utf8").matchAll(/^import[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1] as string);

describe("architecture", () => {
  it("keeps the pure model and the ports free of the AWS SDK, Lambda types and other layers", () => {
    const offenders = files("shared")
      .filter((f) => /\/(model|views|ports)\/|^shared\/kernel\//.test(f))
      .flatMap((file) =>
        importsOf(file)
          .filter((i) =>
            /^@aws-sdk\/|^aws-lambda$|^@middy\/|^@aws-lambda-powertools\/|\/adapters\/|\/local\/|\/edge\//.test(i),
          )
          .map((i) => `${relative(root, join(root, file))} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it("lets only shared/adapters, the wiring and the local runtime import the AWS SDK", () => {
    const allowed = /^shared\/([a-z-]+\/adapters\/|[a-z-]+\/wiring\.ts|platform\/|local\/)/;
    const offenders = [...files("shared"), ...files("functions")]
      .filter((file) => !allowed.test(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((i) => i.startsWith("@aws-sdk/"))
          .map((i) => `${file} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it("reads process.env only in shared/config.ts and the observability setup", () => {
    const offenders = [
      ...files("shared").filter((f) => !/^shared\/(platform|local)\//.test(f)),
      ...files("functions"),
    ].filter((file) => readFileSync(join(root, file), "utf8").includes("process.env"));
    expect(offenders).toEqual([]);
  });
});
