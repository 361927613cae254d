import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "#shared/kernel/locale";
import { defaultTaxonomy, Taxonomy } from "#shared/taxonomy/taxonomy";

const theme = (id: string, team: string) => ({
  id,
  labels: { en: id, "zh-Hans": id, "zh-Hant": id },
  team,
  keywords: { en: [id], zh: [] },
});
const team = (id: string, en = `The ${id} people`) => ({
  id,
  labels: { en, "zh-Hans": `${id}团队`, "zh-Hant": `${id}團隊` },
});

describe("taxonomy teams", () => {
  it("names every team that owns a theme of the default taxonomy, in every language", () => {
    const owners = new Set(defaultTaxonomy.themes.map((t) => t.team));
    const teams = new Map((defaultTaxonomy.teams ?? []).map((t) => [t.id, t]));
    expect([...owners].filter((id) => !teams.has(id))).toEqual([]);
    for (const id of owners) {
      for (const locale of SUPPORTED_LOCALES) {
        const label = teams.get(id)?.labels[locale] ?? "";
        expect(label).not.toBe("");
        expect(label).not.toContain("_");
      }
      // Chinese readers get Chinese names.
      expect(teams.get(id)?.labels["zh-Hans"]).toMatch(/\p{Script=Han}/u);
      expect(teams.get(id)?.labels["zh-Hant"]).toMatch(/\p{Script=Han}/u);
    }
  });

  it("still reads a taxonomy written before teams had names", () => {
    const parsed = Taxonomy.parse({ version: "old", themes: [theme("delivery", "logistics")] });
    expect(parsed.teams).toBeUndefined();
  });

  it("refuses a team named twice, and a named list that leaves out an owning team", () => {
    const twice = Taxonomy.safeParse({
      version: "1",
      teams: [team("logistics"), team("logistics", "Again")],
      themes: [theme("delivery", "logistics")],
    });
    expect(twice.success).toBe(false);
    const missing = Taxonomy.safeParse({
      version: "1",
      teams: [team("logistics")],
      themes: [theme("delivery", "logistics"), theme("price", "pricing")],
    });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]).toMatchObject({ path: ["themes", 1, "team"] });
  });
});
