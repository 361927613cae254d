import { beforeAll, describe, expect, it } from "vitest";
import { DigestSubscription, DigestSubscriptions } from "#shared/digest/model/subscriptions";
import { ValidationError } from "#shared/kernel/errors";

/**
 * Wherever the digest takes a language, it takes any tag of one it speaks (the mapping is
 * kernel/locale.ts's): the preview's query, a subscription from the API or the config file.
 */
let previewRequest: typeof import("#functions/http/digest-preview").previewRequest;

beforeAll(async () => {
  process.env.TABLE_NAME ??= "hearback-digest-locales-test";
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  ({ previewRequest } = await import("#functions/http/digest-preview"));
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
