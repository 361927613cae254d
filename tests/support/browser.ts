import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { packagedChromium } from "./packaged-chromium.ts";

/** Where browser tests leave screenshots (not committed). */
export const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

/** Debian's chromium (apt-get install chromium). */
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * Which browser the tests drive: CHROMIUM_PATH if set; else Debian's chromium if installed; else the
 * Chromium that ships inside the @sparticuz/chromium package (packaged-chromium.ts), so `npm install
 * && npm test` needs no browser on the machine. HEARBACK_BROWSER=packaged skips the system one, to
 * check the packaged one on a machine that has both.
 */
export const chromiumExecutable = async (): Promise<{
  executablePath: string;
  env?: Record<string, string>;
  source: string;
}> => {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit}: no such file`);
    return { executablePath: explicit, source: "CHROMIUM_PATH" };
  }
  if (process.env.HEARBACK_BROWSER !== "packaged" && existsSync(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, source: "system" };
  }
  try {
    return { ...(await packagedChromium()), source: "@sparticuz/chromium" };
  } catch (error) {
    throw new Error(
      `No browser: ${error instanceof Error ? error.message : String(error)}. ` +
        `Set CHROMIUM_PATH, or install chromium (apt-get install chromium).`,
      { cause: error },
    );
  }
};

/**
 * Chromium driven by playwright-core; never a browser downloaded at run time. The flags keep it from
 * reaching for the network this machine does not have.
 */
export const launchChromium = async (): Promise<Browser> => {
  const { executablePath, env } = await chromiumExecutable();
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath,
    ...(env && { env: { ...process.env, ...env } }),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // The language a page sees when a test does not set one: English, on any machine's LANG (the
      // packaged headless shell would otherwise send no Accept-Language, and the pages fall back to Chinese).
      "--accept-lang=en-US,en",
    ],
  });
};

/**
 * The accessibility violations axe-core finds on the page as it is now (WCAG 2.x A and AA rules),
 * as "rule: target" lines. axe runs through the debugging protocol, so the page's own CSP, which
 * allows only its nonce'd script, stays as it is.
 */
export const axeViolations = async (page: import("playwright-core").Page): Promise<string[]> => {
  const { source } = await import("axe-core");
  await page.evaluate(`${source};undefined`);
  const violations = (await page.evaluate(`axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }
  }).then((r) => r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => String(n.target)) })))`)) as {
    id: string;
    targets: string[];
  }[];
  return violations.flatMap((v) => v.targets.map((t) => `${v.id}: ${t}`));
};
