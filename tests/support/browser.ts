import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where browser tests leave screenshots (not committed). */
export const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

/**
 * Debian's chromium, driven by playwright-core; never a downloaded browser. The flags keep it from
 * reaching for the network this machine does not have.
 */
export const launchChromium = async (): Promise<Browser> => {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`No browser at ${executablePath}: apt-get install chromium (as .ci/run does)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
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
