import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { functions } from "#shared/platform/resources";
import { capabilityOf, cycles, importsOf, ROOT, sourceFiles } from "./source-graph.ts";

/**
 * The direction of dependencies, checked on the import graph: the pure model stays pure, AWS glue
 * stays in adapters, functions and tools go through a capability's wiring and use cases, and
 * nothing depends on itself in a circle.
 */
const product = ["shared", "functions", "infra"].flatMap(sourceFiles);
const everything = [...product, ...["tools", "tests"].flatMap(sourceFiles)];

/** The pure model: domain rules, schemas, maths and rendering; no I/O, no SDK, no Lambda types. */
const isPure = (file: string) =>
  /^shared\/(kernel|taxonomy)\//.test(file) || /^shared\/[a-z-]+\/(model|views|ports)\//.test(file);
const isAdapter = (file: string) => /^shared\/[a-z-]+\/adapters\//.test(file);
const isWiring = (file: string) => /^shared\/[a-z-]+\/wiring\.ts$/.test(file);
const isLocalRuntime = (file: string) => file.startsWith("shared/local/");

const offenders = (files: readonly string[], bad: (file: string, target: string) => boolean) =>
  files.flatMap((file) =>
    importsOf(file)
      .filter((i) => bad(file, i.file ?? i.specifier))
      .map((i) => `${file} imports ${i.specifier}`),
  );

describe("architecture: the pure model", () => {
  it("imports only other pure modules and libraries without I/O", () => {
    const io =
      /^(@aws-sdk\/|@aws-lambda-powertools\/|@middy\/|aws-lambda$|aws-jwt-verify|node:(fs|http|https|net|child_process|os))/;
    const bad = (_: string, target: string) =>
      io.test(target) || (target.endsWith(".ts") && !isPure(target)) || target.startsWith("shared/local/");
    expect(offenders(product.filter(isPure), bad)).toEqual([]);
  });

  it("never reads the environment", () => {
    expect(product.filter(isPure).filter((f) => readFileSync(join(ROOT, f), "utf8").includes("process.env"))).toEqual(
      [],
    );
  });
});

describe("architecture: AWS glue", () => {
  it("keeps the AWS SDK in adapters, wiring, the platform's clients and the local runtime", () => {
    const allowed = (file: string) =>
      isAdapter(file) || isWiring(file) || file.startsWith("shared/platform/") || isLocalRuntime(file);
    const bad = (file: string, target: string) => target.startsWith("@aws-sdk/") && !allowed(file);
    // Tools may use the SDK to set up engines and read tables back; they reach product code
    // through wiring and use cases (the next rule), like the functions.
    expect(offenders(product, bad)).toEqual([]);
  });

  it("lets only a capability's own wiring and adapters (and the local runtime and tests) import its adapters", () => {
    const bad = (file: string, target: string) =>
      isAdapter(target) &&
      !(capabilityOf(file) === capabilityOf(target) && (isWiring(file) || isAdapter(file))) &&
      !isLocalRuntime(file) &&
      !file.startsWith("tests/");
    expect(offenders(everything, bad)).toEqual([]);
  });

  it("reads process.env only in the platform's config, logger and tracer, the local runtime, infra and tools", () => {
    const allowed = /^(shared\/platform\/(config|observability|tracing)\.ts|shared\/local\/|infra\/)/;
    const readers = product
      .filter((f) => !allowed.test(f))
      .filter((f) => readFileSync(join(ROOT, f), "utf8").includes("process.env"));
    expect(readers).toEqual([]);
  });
});

describe("architecture: directions", () => {
  it("keeps functions thin: they use wiring, use cases and models, never the local runtime or tools", () => {
    const bad = (_: string, target: string) =>
      target.startsWith("shared/local/") || target.startsWith("tools/") || target.startsWith("tests/");
    expect(offenders(sourceFiles("functions"), bad)).toEqual([]);
  });

  it("keeps the product free of tools and tests, and shared code free of functions and infra", () => {
    const bad = (file: string, target: string) =>
      target.startsWith("tools/") ||
      target.startsWith("tests/") ||
      (file.startsWith("shared/") && (target.startsWith("functions/") || target.startsWith("infra/")));
    expect(offenders(product, bad)).toEqual([]);
  });

  it("reaches shared code across a capability's border by the package's #shared/* imports, never by ../ paths", () => {
    const bad = (file: string, target: string) =>
      target.startsWith("shared/") && capabilityOf(file) !== capabilityOf(target);
    const relative = everything.flatMap((file) =>
      importsOf(file)
        .filter((i) => i.specifier.startsWith(".") && i.file && !i.file.endsWith(".json") && bad(file, i.file))
        .map((i) => `${file} imports ${i.specifier}`),
    );
    expect(relative).toEqual([]);
  });

  it("has no import cycles between files, counting the local runtime's dynamic import of every function", () => {
    const graph = new Map(
      [...product, ...sourceFiles("tools")].map((file) => [
        file,
        importsOf(file).flatMap((i) => (i.file?.endsWith(".ts") && !i.typeOnly ? [i.file] : [])),
      ]),
    );
    // shared/local/stack.ts loads each function by the entry resources.ts names (import(url)).
    const stack = "shared/local/stack.ts";
    graph.set(stack, [...(graph.get(stack) ?? []), ...Object.values(functions).map((f) => f.entry)]);
    expect(cycles(graph)).toEqual([]);
  });

  it("has no cycles between capabilities: each builds only on those below it", () => {
    const graph = new Map<string, string[]>();
    for (const file of sourceFiles("shared")) {
      const from = capabilityOf(file) as string;
      const to = importsOf(file).flatMap((i) => {
        const c = i.file && capabilityOf(i.file);
        return c && c !== from ? [c] : [];
      });
      graph.set(from, [...new Set([...(graph.get(from) ?? []), ...to])]);
    }
    expect(cycles(graph)).toEqual([]);
  });
});

describe("architecture: size and single sources", () => {
  it("has no source file over 400 lines", () => {
    const long = everything
      .map((file) => ({ file, lines: readFileSync(join(ROOT, file), "utf8").split("\n").length - 1 }))
      .filter((f) => f.lines > 400)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  it("defines each enumeration once: no other source spells out the channels, statuses or locales again", async () => {
    const { Channel, Sentiment } = await import("#shared/feedback/model/schema");
    const { TaskStatus, Outcome, CloseReason } = await import("#shared/follow-up/model/task");
    const { SUPPORTED_LOCALES } = await import("#shared/kernel/locale");
    const enums: Record<string, readonly string[]> = {
      channels: Channel.options,
      sentiments: Sentiment.options,
      "task statuses": TaskStatus.options,
      outcomes: Outcome.options,
      "close reasons": CloseReason.options,
      locales: SUPPORTED_LOCALES,
    };
    const lists = (text: string) =>
      [...text.matchAll(/\[\s*((?:"[^"\n]*"\s*,\s*)+"[^"\n]*"\s*,?\s*)\]/g)].map((m) =>
        [...(m[1] as string).matchAll(/"([^"]*)"/g)].map((s) => s[1] as string).sort(),
      );
    const repeated = [...product, ...sourceFiles("tools")].flatMap((file) =>
      lists(readFileSync(join(ROOT, file), "utf8")).flatMap((list) =>
        Object.entries(enums)
          .filter(([, values]) => values.length === list.length && [...values].sort().join() === list.join())
          .map(([name]) => `${file} lists the ${name}`),
      ),
    );
    // The schema files themselves define them.
    const definitions = /feedback\/model\/schema\.ts|follow-up\/model\/task\.ts|kernel\/locale\.ts/;
    expect(repeated.filter((r) => !definitions.test(r))).toEqual([]);
  });

  it("maps every error to HTTP in one place: functions catch no domain error types themselves", () => {
    const catching = sourceFiles("functions").flatMap((file) =>
      [...readFileSync(join(ROOT, file), "utf8").matchAll(/instanceof\s+(\w+Error)\b/g)]
        .filter((m) => m[1] !== "Error")
        .map((m) => `${file}: instanceof ${m[1]}`),
    );
    expect(catching).toEqual([]);
  });

  it("sends every HTML page through the one security-headers helper", () => {
    const own = [...sourceFiles("functions"), ...sourceFiles("shared")]
      .filter((f) => f !== "shared/edge/html-page.ts")
      .filter((f) => /["']text\/html/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(own).toEqual([]);
  });

  it("derives every error the domain raises on purpose from the kernel's HearbackError", () => {
    const plain = sourceFiles("shared")
      .filter((f) => f !== "shared/kernel/errors.ts")
      .flatMap((file) =>
        [...readFileSync(join(ROOT, file), "utf8").matchAll(/class\s+(\w+Error)\s+extends\s+Error\b/g)].map(
          (m) => `${file}: ${m[1]} extends Error`,
        ),
      );
    expect(plain).toEqual([]);
  });
});

describe("architecture: the rules hold on a counterexample", () => {
  it("finds a cycle and an upward import when there is one", () => {
    expect(
      cycles(
        new Map([
          ["a", ["b"]],
          ["b", ["a"]],
          ["c", ["a"]],
        ]),
      ),
    ).toEqual([["a", "b"]]);
    expect(isPure("shared/digest/model/build.ts")).toBe(true);
    expect(isPure("shared/digest/send-digest.ts")).toBe(false);
    expect(isAdapter("shared/feedback/adapters/dynamo-feedback-store.ts")).toBe(true);
  });
});
