import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The README's folder map, and every path and link in README.md and docs/*.md, checked against the
 * tree, so the docs cannot quietly go stale after the next reorganization.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const isDir = (path: string) => existsSync(join(root, path)) && statSync(join(root, path)).isDirectory();

/** Top-level names .gitignore leaves out (node_modules, cdk.out, …): not part of the repository. */
const ignored = read(".gitignore")
  .split("\n")
  .map((line) => line.trim().replace(/^\/|\/$/g, ""))
  .filter((line) => line !== "" && !line.startsWith("#"));
const isIgnored = (path: string) =>
  ignored.some((pattern) =>
    pattern.includes("*")
      ? new RegExp(`^${pattern.replace(/\./g, "\\.").replace(/\*/g, "[^/]*")}$`).test(path.split("/").at(-1) ?? "")
      : path === pattern || path.startsWith(`${pattern}/`),
  );

/** A folder counts when it holds a file somewhere below it: git keeps no empty folders. */
const holdsFiles = (path: string): boolean =>
  readdirSync(join(root, path), { withFileTypes: true }).some((entry) =>
    entry.isDirectory() ? holdsFiles(join(path, entry.name)) : true,
  );
const foldersIn = (path: string) =>
  readdirSync(join(root, path), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => (path === "." ? entry.name : `${path}/${entry.name}`))
    .filter((folder) => !isIgnored(folder) && holdsFiles(folder))
    .sort();

const topFolders = foldersIn(".");
const docs = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
/** Prose only: fenced code blocks hold commands and pictures, not paths to check. */
const prose = (path: string) => read(path).replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");

/** GitHub's heading anchors (lower case, punctuation dropped, spaces to hyphens) and explicit ids. */
const anchorsOf = (path: string): Set<string> => {
  const anchors = new Set<string>();
  for (const [, heading] of prose(path).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const text = (heading ?? "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*_]/g, "");
    let slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\- ]/gu, "")
      .replace(/ /g, "-");
    const base = slug;
    for (let n = 1; anchors.has(slug); n++) slug = `${base}-${n}`;
    anchors.add(slug);
  }
  for (const [, id] of read(path).matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id ?? "");
  return anchors;
};

describe("README folder map", () => {
  const readme = read("README.md");
  const section = readme.match(/^## Folder map\n([\s\S]*?)(?=^## )/m)?.[1] ?? "";
  const listed = [...section.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => (m[1] ?? "").replace(/\/$/, ""));

  it("has a folder map", () => {
    expect(listed.length).toBeGreaterThan(0);
  });

  it("lists every top-level folder of the repository and every folder in shared/", () => {
    const expected = [...topFolders, ...foldersIn("shared")];
    expect(expected.filter((folder) => !listed.includes(folder))).toEqual([]);
  });

  it("lists no folder that does not exist", () => {
    expect(listed.filter((folder) => !isDir(folder) || !holdsFiles(folder))).toEqual([]);
  });
});

const SOURCE_FILE = /\.(ts|js|mjs|json|jsonl|md|png|html|ya?ml)$/;
/** Files the docs name that are the user's to create, so they are not in the repository. */
const USER_FILES = new Set(["digest-subscriptions.json"]);

describe("paths and links in README.md and docs/", () => {
  it("names only repository paths that exist", () => {
    const missing = docs.flatMap((doc) =>
      [...prose(doc).matchAll(/`([^`]+)`/g)]
        .map((m) => (m[1] ?? "").trim())
        // A plain path: no spaces, no placeholders like <capability> or {id}, no globs.
        .filter((span) => /^[\w.-]+(\/[\w.-]+)*\/?$/.test(span))
        .filter((span) => {
          const first = span.split("/")[0] ?? "";
          // In a top-level folder, or a file path such as a stale `bench/results.json` (not `zod/mini`).
          if (span.includes("/")) return topFolders.includes(first) || (first !== ".." && SOURCE_FILE.test(span));
          // A top-level file: package.json, tsconfig.json, README.md, vitest.config.ts, …
          return /^[\w-]+\.(json|md)$|\.config\.[cm]?[jt]s$/.test(span) && !USER_FILES.has(span);
        })
        .filter((span) => !isIgnored(span.replace(/\/$/, "")) && !existsSync(join(root, span)))
        .map((span) => `${doc}: \`${span}\``),
    );
    expect(missing).toEqual([]);
  });

  it("links only to files and anchors that exist", () => {
    const broken = docs.flatMap((doc) =>
      [...prose(doc).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
        .map((m) => m[1] ?? "")
        .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
        .filter((target) => {
          const [file = "", anchor] = target.split("#");
          const path = file === "" ? doc : normalize(join(dirname(doc), file));
          if (relative(root, join(root, path)).startsWith("..") || !existsSync(join(root, path))) return true;
          return anchor !== undefined && path.endsWith(".md") && !anchorsOf(path).has(anchor);
        })
        .map((target) => `${doc}: (${target})`),
    );
    expect(broken).toEqual([]);
  });

  it("keeps the README anchors that problem+json `type` URIs point at", () => {
    const anchors = anchorsOf("README.md");
    const statuses = [400, 401, 404, 409, 413, 415, 500, 503];
    expect(statuses.filter((status) => !anchors.has(`errors-${status}`))).toEqual([]);
  });
});
