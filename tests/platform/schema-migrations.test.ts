import { describe, expect, it } from "vitest";
import {
  ownCursor,
  runSchemaSteps,
  type SchemaMarker,
  type SchemaProgress,
  type SchemaStep,
} from "#shared/platform/schema-migrations";

/** The generic runner's bookkeeping: steps in order, each resuming only from its own position. */
const fake = (start: SchemaProgress) => {
  const calls: string[] = [];
  let progress = { ...start };
  const marker: SchemaMarker = {
    progress: async () => {
      calls.push("progress");
      return progress;
    },
    saveProgress: async (cursor) => {
      calls.push(`save ${cursor}`);
      progress = { ...progress, cursor };
    },
    markVersion: async (version) => {
      calls.push(`mark ${version}`);
      progress = { version };
    },
  };
  const step = (version: number, pages: number): SchemaStep => ({
    version,
    migratePage: async (cursor) => {
      calls.push(`v${version} page ${cursor ?? "start"}`);
      const n = cursor === undefined ? 0 : Number(cursor);
      return { counts: { scanned: 10, moved: 1 }, ...(n + 1 < pages && { cursor: String(n + 1) }) };
    },
  });
  return { marker, step, calls };
};

describe("runSchemaSteps", () => {
  it("runs the steps the table has not had, in version order, tagging each step's saved position", async () => {
    const { marker, step, calls } = fake({ version: 1 });
    const report = await runSchemaSteps(marker, [step(3, 2), step(2, 2)]);
    expect(report.steps.map((s) => [s.version, s.pages, s.counts.moved])).toEqual([
      [2, 2, 2],
      [3, 2, 2],
    ]);
    // Version 2's cursors stay untagged, as the contact-key migration saved them before.
    expect(calls).toEqual([
      "progress",
      "v2 page start",
      "save 1",
      "v2 page 1",
      "mark 2",
      "v3 page start",
      "save 3:1",
      "v3 page 1",
      "mark 3",
    ]);
  });

  it("reads only the marker when the table is up to date", async () => {
    const { marker, step, calls } = fake({ version: 3 });
    expect(await runSchemaSteps(marker, [step(2, 1), step(3, 1)])).toEqual({ alreadyDone: true, steps: [] });
    expect(calls).toEqual(["progress"]);
  });

  it("resumes a step only from its own position", async () => {
    const resumed = fake({ version: 2, cursor: "3:1" });
    const report = await runSchemaSteps(resumed.marker, [resumed.step(2, 2), resumed.step(3, 3)]);
    expect(report.steps[0]).toMatchObject({ version: 3, resumed: true, pages: 2 });
    // A version 2 position left by a forced re-run is not version 3's.
    const other = fake({ version: 2, cursor: "1" });
    const fresh = await runSchemaSteps(other.marker, [other.step(3, 1)]);
    expect(fresh.steps[0]).toMatchObject({ resumed: false });
    expect(other.calls).toContain("v3 page start");
  });

  it("runs every step again when forced, never lowering the version", async () => {
    const { marker, step, calls } = fake({ version: 3, cursor: "3:1" });
    const report = await runSchemaSteps(marker, [step(2, 1), step(3, 1)], { force: true });
    expect(report.steps.map((s) => s.resumed)).toEqual([false, false]);
    expect(calls.filter((c) => c.startsWith("mark"))).toEqual(["mark 3", "mark 3"]);
  });

  it("reads cursors by their step", () => {
    expect(ownCursor(2, "abc")).toBe("abc");
    expect(ownCursor(3, "abc")).toBeUndefined();
    expect(ownCursor(3, "3:abc")).toBe("abc");
    expect(ownCursor(2, "3:abc")).toBeUndefined();
    expect(ownCursor(3, undefined)).toBeUndefined();
  });
});
