/**
 * A stand-in for a test worker or `npm start`, run by engine-lifecycle.test.ts: starts what it is told
 * (the whole local stack, or the test engines; and a browser), prints one JSON line once they serve,
 * then dies the way it is told, without stopping anything.
 *   node --import tsx tests/local/engines-child.ts stack|engines [browser] wait|throw
 */
import { startLocalStack } from "#shared/local/stack";
import { launchChromium } from "../support/browser.ts";
import { startEngines } from "../support/engines.ts";

const [what, ...rest] = process.argv.slice(2);
const ending = rest.at(-1);
const endpoints: string[] = [];
if (what === "stack") {
  const stack = await startLocalStack({ port: 0 });
  endpoints.push(stack.url, stack.dynamoEndpoint, stack.sqsEndpoint, stack.mailboxUrl);
} else {
  const engines = await startEngines();
  endpoints.push(engines.dynamo.endpoint, engines.queue.endpoint);
}
if (rest.includes("browser")) await launchChromium();
console.log(JSON.stringify({ ready: { pid: process.pid, endpoints } }));

if (ending === "throw") {
  // On cue, as a test file whose setup fails after starting engines: an uncaught error, nothing stopped.
  process.once("SIGUSR2", () => {
    throw new Error("failing on purpose, engines left running");
  });
}
setInterval(() => undefined, 60_000);
