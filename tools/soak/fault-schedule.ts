/**
 * The chaos of a soak run, keyed to the share of items answered so far: SIGKILLs of the application, and
 * of the whole local stack (application and engines at once), one after another, each followed by a
 * restart; and windows of store and analyzer faults (alongside each other).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { AnalyzerFault, FaultInjector, FaultPlan, StoreFault } from "#shared/local/chaos";
import type { AttachedEngines } from "#shared/local/stack";
import type { SoakOptions } from "./options.ts";
import type { SoakReport } from "./report.ts";
import type { SoakChild } from "./soak-child.ts";

export interface FaultTargets {
  /** Items the run sends: an event at share `at` fires once `at * items` have been answered. */
  items: number;
  app: SoakChild<string>;
  engines: SoakChild<AttachedEngines>;
  store: FaultInjector<StoreFault>;
  analyzer: FaultInjector<AnalyzerFault>;
  /** Messages the ingest queue holds in flight right now (a kill records it). */
  inFlight: () => Promise<number>;
  log: (line: string) => void;
}

export interface FaultSchedule {
  /** The kills so far: when, and how many messages were in flight. */
  kills: SoakReport["kills"];
  /** Starts every event due once `answered` items have been answered. */
  fire: (answered: number) => void;
  /** Resolves when every event started so far has finished (the last kill's restart included). */
  settled: () => Promise<void>;
}

export const faultSchedule = (
  options: Pick<SoakOptions, "kills" | "stackKills" | "storeFaults" | "analyzerFaults">,
  { items, app, engines, store, analyzer, inFlight: readInFlight, log }: FaultTargets,
): FaultSchedule => {
  const kills: SoakReport["kills"] = [];
  const events = [
    ...options.kills.map((at) => ({
      at,
      kill: true,
      run: async () => {
        const inFlight = await readInFlight();
        kills.push({ at, inFlight });
        log(`kill at ${Math.round(at * 100)} % (${inFlight} messages in flight)`);
        await app.kill();
        await app.start();
      },
    })),
    ...(options.stackKills ?? []).map((at) => ({
      at,
      kill: true,
      run: async () => {
        const inFlight = await readInFlight();
        kills.push({ at, inFlight, wholeStack: true });
        log(`whole-stack kill at ${Math.round(at * 100)} % (${inFlight} messages in flight)`);
        await Promise.all([app.kill(), engines.kill()]);
        await engines.start();
        await app.start();
      },
    })),
    ...[
      ...options.storeFaults.map((w) => ({ w, injector: store as FaultInjector<string>, what: "store" })),
      ...options.analyzerFaults.map((w) => ({ w, injector: analyzer as FaultInjector<string>, what: "analyzer" })),
    ].map(({ w, injector, what }) => ({
      at: w.at,
      kill: false,
      run: async () => {
        log(`${what} faults on at ${Math.round(w.at * 100)} % for ${w.seconds} s: ${w.plan.kinds.join(", ")}`);
        injector.set(w.plan as FaultPlan<string>);
        await sleep(w.seconds * 1_000);
        injector.set(undefined);
      },
    })),
  ].sort((a, b) => a.at - b.at);
  const running: Array<Promise<void>> = [];
  let nextEvent = 0;
  // Kills run one after another; fault windows run alongside.
  let killChain = Promise.resolve();
  return {
    kills,
    fire: (answered) => {
      while (nextEvent < events.length && (events[nextEvent]?.at ?? 2) * items <= answered) {
        const event = events[nextEvent++] as (typeof events)[number];
        if (event.kill) {
          killChain = killChain.then(event.run);
          running.push(killChain);
        } else running.push(event.run());
      }
    },
    settled: async () => {
      await Promise.all(running);
      await killChain;
    },
  };
};
