import { beforeAll, describe, expect, it } from "vitest";
import { DigestSubscription, DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { NotFoundError, ValidationError } from "#shared/kernel/errors";

/**
 * Wherever the digest takes a language, it takes any tag of one it speaks (the mapping is
 * kernel/locale.ts's): the preview's query, a subscription from the API or the config file.
 */
let previewRequest: typeof import("#functions/http/digest-preview").previewRequest;
let previewTarget: typeof import("#functions/http/digest-preview").previewTarget;

beforeAll(async () => {
  process.env.TABLE_NAME ??= "hearback-digest-locales-test";
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  ({ previewRequest, previewTarget } = await import("#functions/http/digest-preview"));
});

const ALIASES = {
  "zh-CN": "zh-Hans",
  "zh-SG": "zh-Hans",
  "zh-Hans-CN": "zh-Hans",
  "zh-TW": "zh-Hant",
  "zh-HK": "zh-Hant",
  "zh-MO": "zh-Hant",
  "en-GB": "en",
  "en-US": "en",
  "zh-Hant": "zh-Hant",
} as const;

const fieldsOf = (f: () => unknown): Array<{ field: string; message: string }> => {
  try {
    f();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.issues];
    throw error;
  }
  throw new Error("no ValidationError");
};

describe("the digest preview's locale", () => {
  it("takes the tags people use for the languages the digest speaks", () => {
    for (const [tag, locale] of Object.entries(ALIASES)) {
      expect(previewRequest({ locale: tag, week: "2026-W47" }, "en").focus.locale, tag).toBe(locale);
    }
  });

  it("speaks the staff's language when the link names none, never English by default", () => {
    expect(previewRequest({ week: "2026-W47" }, "zh-Hans").focus.locale).toBe("zh-Hans");
    expect(previewRequest({ week: "2026-W47" }, "zh-Hant").focus.locale).toBe("zh-Hant");
  });

  it("answers 400 naming the field for a language it does not speak", () => {
    for (const tag of ["fr", "ja-JP", "", "zz"]) {
      const errors = fieldsOf(() => previewRequest({ locale: tag }, "zh-Hans"));
      expect(
        errors.map((e) => e.field),
        tag,
      ).toEqual(["locale"]);
      expect(errors[0]?.message).toContain("zh-CN, zh-TW or en-GB");
    }
  });
});

describe("a subscription's locale", () => {
  const base = { id: "delivery-team", recipients: ["pm@example.com"] };

  it("is stored as the locale the tag stands for, from the API body or the config file", () => {
    for (const [tag, locale] of Object.entries(ALIASES)) {
      expect(DigestSubscription.parse({ ...base, locale: tag }).locale, tag).toBe(locale);
    }
    const [configured] = DigestSubscriptions.parse([{ ...base, locale: "zh-TW" }]);
    expect(configured?.locale).toBe("zh-Hant");
  });

  it("refuses a language the digest does not speak, naming the field", () => {
    const result = DigestSubscription.safeParse({ ...base, locale: "fr-FR" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["locale"]);
  });
});

describe("the digest preview of a subscription", () => {
  const tw = DigestSubscription.parse({
    id: "logistics-tw",
    team: "logistics",
    themes: ["delivery"],
    touchpoints: ["delivery"],
    recipients: ["lead@example.com"],
    locale: "zh-TW",
    timeZone: "Asia/Taipei",
  });
  const find = async (id: string) => (id === tw.id ? tw : undefined);
  const NOW = new Date("2026-11-23T01:00:00Z");
  const rejection = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      return error;
    }
    throw new Error("not rejected");
  };

  it("takes the subscription's team, themes, touchpoints and language, and its last week in its zone", async () => {
    expect(await previewTarget({ subscription: "logistics-tw" }, "en", find, NOW)).toEqual({
      week: "2026-W47",
      focus: { team: "logistics", themes: ["delivery"], touchpoints: ["delivery"], locale: "zh-Hant" },
    });
  });

  it("lets an explicit locale (any alias) and week win over the subscription's", async () => {
    const target = await previewTarget(
      { subscription: "logistics-tw", locale: "en-GB", week: "2026-W40" },
      "zh-Hans",
      find,
      NOW,
    );
    expect(target).toMatchObject({ week: "2026-W40", focus: { team: "logistics", locale: "en" } });
    expect((await previewTarget({ subscription: "logistics-tw", locale: "zh-CN" }, "en", find, NOW)).focus.locale).toBe(
      "zh-Hans",
    );
  });

  it("answers 400 naming subscription for a malformed id, and 404 for an unknown one", async () => {
    const bad = await rejection(previewTarget({ subscription: "No Such/Id" }, "en", find, NOW));
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues.map((i) => i.field)).toEqual(["subscription"]);
    const unknown = await rejection(previewTarget({ subscription: "nobody" }, "en", find, NOW));
    expect(unknown).toBeInstanceOf(NotFoundError);
    expect((unknown as Error).message).toContain("nobody");
  });

  it("without a subscription, stays as it was: the query's focus, the staff's language", async () => {
    expect(await previewTarget({ week: "2026-W47", team: "logistics" }, "zh-Hant", find, NOW)).toEqual({
      week: "2026-W47",
      focus: { team: "logistics", themes: undefined, touchpoints: undefined, locale: "zh-Hant" },
    });
  });
});
