import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

/**
 * The repository's own import graph, read with TypeScript's pre-processor (static imports,
 * re-exports, dynamic `import()` and `import type`), so the architecture test checks what the
 * compiler and the bundler see rather than what a regular expression guesses.
 */
export const ROOT = new URL("../../", import.meta.url).pathname;

const IGNORED = new Set(["node_modules", "cdk.out", ".hearback", "artifacts", ".git"]);

export const sourceFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (IGNORED.has(name)) return [];
    const path = posix.join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });

export interface Import {
  /** As written. */
  specifier: string;
  /** The repository file it names, or undefined for a package. */
  file: string | undefined;
  typeOnly: boolean;
}

const resolve = (from: string, specifier: string): string | undefined => {
  let target: string;
  if (specifier.startsWith(".")) target = posix.normalize(posix.join(posix.dirname(from), specifier));
  else if (specifier.startsWith("#shared/")) target = `shared/${specifier.slice("#shared/".length)}`;
  else if (specifier.startsWith("#functions/")) target = `functions/${specifier.slice("#functions/".length)}`;
  else return undefined;
  return /\.(ts|json)$/.test(target) ? target : `${target}.ts`;
};

const cache = new Map<string, Import[]>();

export const importsOf = (file: string): Import[] => {
  const cached = cache.get(file);
  if (cached) return cached;
  const text = readFileSync(join(ROOT, file), "utf8");
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const imports = importedFiles.map(({ fileName }) => {
    // `import type { X } from "y"` and `import { type X } from "y"` only: nothing loads at run time.
    const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const typeOnly = new RegExp(`import\\s+type\\s[^;]*?from\\s+"${escaped}"`, "s").test(text);
    return { specifier: fileName, file: resolve(file, fileName), typeOnly };
  });
  cache.set(file, imports);
  return imports;
};

/** The capability a file belongs to: `shared/digest/views/render.ts` -> `digest`. */
export const capabilityOf = (file: string): string | undefined =>
  file.startsWith("shared/") ? file.split("/")[1] : undefined;

/** Strongly connected components with more than one file, or a file importing itself: the cycles. */
export const cycles = (graph: Map<string, string[]>): string[][] => {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, indices.get(next) as number));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
};
