import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "#shared/platform/config";

describe("configuration", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({ TABLE_NAME: "t" });
    expect(config).toMatchObject({
      ANALYZER: "local",
      HYBRID_CONFIDENCE: 0.75,
      MAX_RECEIVE_COUNT: 5,
      API_KEY_CACHE_SECONDS: 60,
      PII_MASK_HANDLES: false,
      PII_KEEP_PATTERNS: [],
    });
  });

  it("fails fast, naming the variable, on a missing table or a bad setting", () => {
    expect(() => loadConfig({})).toThrow(/TABLE_NAME/);
    expect(() => loadConfig({ TABLE_NAME: "t", ANALYZER: "gpt" })).toThrow(ConfigError);
    expect(() => loadConfig({ TABLE_NAME: "t", PII_KEEP_PATTERNS: '["(unclosed"]' })).toThrow(/PII_KEEP_PATTERNS/);
    expect(() => loadConfig({ TABLE_NAME: "t", PII_KEEP_PATTERNS: "ORD-1" })).toThrow(/PII_KEEP_PATTERNS/);
  });

  it("keeps originals 365 days by default, from 1 day to 10 years", () => {
    expect(loadConfig({ TABLE_NAME: "t" }).ORIGINALS_RETENTION_DAYS).toBe(365);
    expect(loadConfig({ TABLE_NAME: "t", ORIGINALS_RETENTION_DAYS: "1" }).ORIGINALS_RETENTION_DAYS).toBe(1);
    expect(loadConfig({ TABLE_NAME: "t", ORIGINALS_RETENTION_DAYS: "3650" }).ORIGINALS_RETENTION_DAYS).toBe(3650);
    for (const bad of ["0", "3651", "30.5", "forever"])
      expect(() => loadConfig({ TABLE_NAME: "t", ORIGINALS_RETENTION_DAYS: bad })).toThrow(/ORIGINALS_RETENTION_DAYS/);
  });

  it("compiles keep patterns once", () => {
    const config = loadConfig({ TABLE_NAME: "t", PII_KEEP_PATTERNS: '["ORD-\\\\d{10}"]', PII_MASK_HANDLES: "true" });
    expect(config.PII_KEEP_PATTERNS[0]?.test("ORD-2026112501")).toBe(true);
    expect(config.PII_MASK_HANDLES).toBe(true);
  });
});
