/**
 * Builds tools/email-check/caniemail.json, the email-client support data the digest's email check
 * (tests/digest/digest-email-clients.test.ts) runs over the rendered HTML, from a copy of the
 * caniemail repository (https://github.com/hteumeuleu/caniemail, MIT licence: CANIEMAIL-LICENSE).
 *
 *   npx tsx tools/email-check/build-caniemail-data.ts <caniemail work tree or git directory>
 *
 * Only what the check needs is kept, so the file stays small: for the clients hearback's readers
 * use (CLIENTS), the support of each feature in the newest version caniemail tested, with the notes
 * that status refers to, for every feature some of those clients do not fully support; the features
 * all of them support are listed by name only (so the check can tell "supported" from "unknown").
 * Each feature file's front matter holds its data as YAML flow mappings (`stats: { gmail: {...} }`),
 * which this reads as JSON after quoting the bare keys and dropping trailing commas.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The clients the digest must render in: Gmail (web, Android, iOS), Outlook (Windows, outlook.com), Apple Mail. */
export const CLIENTS = {
  gmail: ["desktop-webmail", "android", "ios"],
  outlook: ["windows", "outlook-com"],
  "apple-mail": ["macos", "ios"],
} as const;

const OUT = new URL("./caniemail.json", import.meta.url);

type Stats = Record<string, Record<string, Record<string, string>>>;

/** Reads the repository's files from a work tree or, for a bare snapshot, through git. */
const reader = (dir: string) => {
  if (existsSync(join(dir, "_features"))) {
    const commit = existsSync(join(dir, ".git"))
      ? execFileSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim()
      : "unknown (not a git work tree)";
    return {
      commit,
      list: () => readdirSync(join(dir, "_features")).map((f) => `_features/${f}`),
      read: (path: string) => readFileSync(join(dir, path), "utf8"),
    };
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  return {
    commit: git("rev-parse", "HEAD").trim(),
    list: () => git("ls-tree", "--name-only", "HEAD", "_features/").split("\n").filter(Boolean),
    read: (path: string) => git("show", `HEAD:${path}`),
  };
};

/** A YAML flow mapping as caniemail writes them (bare keys, quoted strings, trailing commas) -> JSON. */
export const flowToJson = (source: string): unknown => {
  let out = "";
  for (let i = 0; i < source.length; ) {
    const c = source[i] ?? "";
    if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') j += source[j] === "\\" ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (c === "#") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (/[\w.-]/.test(c)) {
      let j = i;
      while (j < source.length && /[\w.-]/.test(source[j] ?? "")) j++;
      out += JSON.stringify(source.slice(i, j));
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
};

/** The `key: { ... }` block of the front matter, braces matched outside strings. */
const block = (frontMatter: string, key: string): unknown => {
  const at = frontMatter.search(new RegExp(`^${key}:\\s*\\{`, "m"));
  if (at < 0) return undefined;
  const start = frontMatter.indexOf("{", at);
  let depth = 0;
  for (let i = start; i < frontMatter.length; i++) {
    const c = frontMatter[i];
    if (c === '"') {
      for (i++; i < frontMatter.length && frontMatter[i] !== '"'; i += frontMatter[i] === "\\" ? 2 : 1);
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return flowToJson(frontMatter.slice(start, i + 1));
  }
  throw new Error(`unbalanced braces in ${key}`);
};

const scalar = (frontMatter: string, key: string): string | undefined =>
  new RegExp(`^${key}:\\s*"?(.*?)"?\\s*$`, "m").exec(frontMatter)?.[1];

/** Versions as caniemail names them ("2019", "2023-12", "16.80"): compared number by number. */
const newer = (a: string, b: string): number => {
  const x = a.split(/[.-]/).map(Number);
  const y = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0 && Number.isFinite(d)) return d;
  }
  return a.localeCompare(b);
};

export interface FeatureSupport {
  title: string;
  /**
   * "client/platform" -> status of the newest version tested: "n" (no), "a" (partial), "u" (unknown),
   * or "y" with a note, with "#n" note references; a client that is absent supports it fully.
   */
  support: Record<string, string>;
  /** Only the notes those statuses refer to. */
  notes?: Record<string, string>;
}

const main = () => {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: tsx tools/email-check/build-caniemail-data.ts <caniemail work tree or git dir>");
  const repo = reader(dir);
  const features: Record<string, FeatureSupport> = {};
  const supported: string[] = [];
  for (const path of repo.list().sort()) {
    const slug = /^_features\/([a-z0-9-]+)\.md$/.exec(path)?.[1];
    if (!slug || !/^(css|html|image)-/.test(slug)) continue;
    const frontMatter = repo.read(path).split(/^---\s*$/m)[1] ?? "";
    const stats = (block(frontMatter, "stats") ?? {}) as Stats;
    const allNotes = (block(frontMatter, "notes_by_num") ?? {}) as Record<string, string>;
    const support: Record<string, string> = {};
    for (const [client, platforms] of Object.entries(CLIENTS)) {
      for (const platform of platforms) {
        const versions = stats[client]?.[platform];
        const latest = versions && Object.keys(versions).sort(newer).at(-1);
        support[`${client}/${platform}`] = latest === undefined ? "u" : (versions?.[latest] ?? "u").trim();
      }
    }
    if (Object.values(support).every((s) => /^y\b/.test(s))) {
      supported.push(slug);
      continue;
    }
    const gaps = Object.fromEntries(Object.entries(support).filter(([, s]) => s !== "y"));
    const referenced = new Set(Object.values(gaps).flatMap((s) => [...s.matchAll(/#(\d+)/g)].map((m) => m[1])));
    const notes = Object.fromEntries(Object.entries(allNotes).filter(([n]) => referenced.has(n)));
    features[slug] = {
      title: scalar(frontMatter, "title") ?? slug,
      support: gaps,
      ...(Object.keys(notes).length > 0 && { notes }),
    };
  }
  const data = {
    source: "https://github.com/hteumeuleu/caniemail",
    commit: repo.commit,
    license: "MIT, Copyright (c) 2019 Rémi Parmentier (tools/email-check/CANIEMAIL-LICENSE)",
    generatedBy: "npx tsx tools/email-check/build-caniemail-data.ts <caniemail>",
    clients: Object.entries(CLIENTS).flatMap(([client, platforms]) => platforms.map((p) => `${client}/${p}`)),
    supported,
    features,
  };
  // One line per feature: small, and a regeneration diffs feature by feature.
  const { features: _, ...head } = data;
  const lines = Object.entries(features).map(([slug, f]) => `  ${JSON.stringify(slug)}: ${JSON.stringify(f)}`);
  const top = JSON.stringify(head, null, 1).slice(0, -2);
  writeFileSync(OUT, `${top},\n "features": {\n${lines.join(",\n")}\n }\n}\n`);
  console.log(
    `${Object.keys(features).length} features with gaps, ${supported.length} fully supported, from ${repo.commit}`,
  );
};

if (import.meta.url === `file://${process.argv[1]}`) main();
