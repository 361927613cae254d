import { describe, expect, it } from "vitest";
import { migrateContactKeys } from "#shared/follow-up/migrate-contacts";
import { CONTACT_KEYS_VERSION } from "#shared/follow-up/model/contact-migration";
import type { ContactMigrationStore, MigrationProgress } from "#shared/follow-up/ports/contact-migration";

/** The migration's bookkeeping: quick when done, page by page with its position saved, resumed where it stopped. */
const fakeStore = (progress: MigrationProgress, pages: number) => {
  const calls: string[] = [];
  const store: ContactMigrationStore = {
    progress: async () => {
      calls.push("progress");
      return progress;
    },
    migratePage: async (cursor) => {
      calls.push(`page ${cursor ?? "start"}`);
      const n = cursor === undefined ? 0 : Number(cursor);
      const next = n + 1 < pages ? String(n + 1) : undefined;
      return { scanned: 10, feedback: 1, tasks: 1, moved: 2, superseded: 0, unknown: 0, ...(next && { cursor: next }) };
    },
    saveProgress: async (cursor) => {
      calls.push(`save ${cursor}`);
    },
    markVersion: async (version) => {
      calls.push(`mark ${version}`);
    },
  };
  return { store, calls };
};

describe("migrateContactKeys", () => {
  it("reads only the marker when the table is migrated", async () => {
    const { store, calls } = fakeStore({ version: CONTACT_KEYS_VERSION }, 3);
    expect(await migrateContactKeys(store)).toMatchObject({ alreadyDone: true, scanned: 0 });
    expect(calls).toEqual(["progress"]);
  });

  it("walks every page, saves its position after each, and marks the version at the end", async () => {
    const { store, calls } = fakeStore({ version: 1 }, 3);
    expect(await migrateContactKeys(store)).toMatchObject({ alreadyDone: false, pages: 3, scanned: 30, moved: 6 });
    expect(calls).toEqual([
      "progress",
      "page start",
      "save 1",
      "page 1",
      "save 2",
      "page 2",
      `mark ${CONTACT_KEYS_VERSION}`,
    ]);
  });

  it("resumes where an interrupted run stopped, and starts over when forced", async () => {
    const resumed = fakeStore({ version: 1, cursor: "2" }, 3);
    expect(await migrateContactKeys(resumed.store)).toMatchObject({ resumed: true, pages: 1 });
    expect(resumed.calls).toEqual(["progress", "page 2", `mark ${CONTACT_KEYS_VERSION}`]);
    const forced = fakeStore({ version: CONTACT_KEYS_VERSION }, 2);
    expect(await migrateContactKeys(forced.store, { force: true })).toMatchObject({ resumed: false, pages: 2 });
  });
});
