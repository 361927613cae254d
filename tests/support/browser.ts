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
