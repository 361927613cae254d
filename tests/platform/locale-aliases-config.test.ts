import { describe, expect, it } from "vitest";
import { NoticeRecipients } from "#shared/follow-up/model/notice";
import { recipientsFrom } from "#shared/follow-up/wiring";
import { inLanguage, LocaleTag } from "#shared/kernel/locale";
import { issuesOf } from "#shared/kernel/validation";
import { loadConfig } from "#shared/platform/config";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { WebhookBody } from "#shared/webhooks/model/endpoint";
import { parseDeployConfig, settingsEnv } from "../../infra/deploy-config.ts";

/**
 * Wherever a locale comes from outside (environment, deploy config, request bodies), the tags people
 * use for the languages hearback speaks are taken and mapped by one schema (kernel/locale.ts's
 * LocaleTag); any other tag is refused, naming the field.
 */
const ALIASES = {
  "zh-CN": "zh-Hans",
  "zh-SG": "zh-Hans",
  "zh-TW": "zh-Hant",
  "zh-HK": "zh-Hant",
  "zh-MO": "zh-Hant",
  "en-GB": "en",
} as const;
const UNKNOWN = ["fr", "klingon"];
const env = (over: Record<string, string>) => ({ TABLE_NAME: "locale-aliases-test", ...over });

describe("a locale tag from outside", () => {
  it("maps the aliases and refuses the rest with one message", () => {
    for (const [tag, locale] of Object.entries(ALIASES)) expect(LocaleTag.parse(tag), tag).toBe(locale);
    for (const tag of UNKNOWN) {
      const parsed = LocaleTag.safeParse(tag);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain("zh-CN, zh-TW or en-GB");
    }
  });

  it("STAFF_LOCALE takes zh-CN, zh-TW, zh-HK and en-GB, and names itself when it cannot", () => {
    for (const [tag, locale] of Object.entries(ALIASES)) {
      expect(loadConfig(env({ STAFF_LOCALE: tag })).STAFF_LOCALE, tag).toBe(locale);
    }
    expect(loadConfig(env({})).STAFF_LOCALE).toBe("zh-Hans");
    for (const tag of UNKNOWN)
      expect(() => loadConfig(env({ STAFF_LOCALE: tag }))).toThrow(/STAFF_LOCALE: must be one of/);
  });

  it("REPLY_TEMPLATES are keyed by any tag of a language, once per language", () => {
    const t = { apology: { subject: "抱歉", body: "{name} 您好" } };
    const config = loadConfig(env({ REPLY_TEMPLATES: JSON.stringify({ "zh-TW": t, "en-GB": t }) }));
    expect(Object.keys(config.REPLY_TEMPLATES).sort()).toEqual(["en", "zh-Hant"]);
    expect(() => loadConfig(env({ REPLY_TEMPLATES: JSON.stringify({ klingon: t }) }))).toThrow(
      /REPLY_TEMPLATES: klingon: must be one of/,
    );
    expect(() => loadConfig(env({ REPLY_TEMPLATES: JSON.stringify({ "zh-CN": t, "zh-Hans": t }) }))).toThrow(
      /zh-Hans: the same language as zh-CN/,
    );
  });

  it("CUSTOMER_MAIL_FROM is one sender, or one per language keyed by any tag of it", () => {
    const byDefault = loadConfig(env({})).CUSTOMER_MAIL_FROM;
    expect(inLanguage(byDefault, "zh-Hans")).toBe("Lumo 客服 <support@example.com>");
    expect(inLanguage(byDefault, "en")).toBe("Lumo Support <support@example.com>");
    const one = loadConfig(env({ CUSTOMER_MAIL_FROM: "Acme <care@acme.example>" })).CUSTOMER_MAIL_FROM;
    expect(inLanguage(one, "zh-Hant")).toBe("Acme <care@acme.example>");
    const senders = { "zh-TW": "Acme 客服 <care@acme.example>", "en-GB": "Acme Care <care@acme.example>" };
    const each = loadConfig(env({ CUSTOMER_MAIL_FROM: JSON.stringify(senders) })).CUSTOMER_MAIL_FROM;
    expect(inLanguage(each, "zh-Hant")).toBe("Acme 客服 <care@acme.example>");
    expect(inLanguage(each, "en")).toBe("Acme Care <care@acme.example>");
    // A language not listed gets the first sender.
    expect(inLanguage(each, "zh-Hans")).toBe("Acme 客服 <care@acme.example>");
    expect(() => loadConfig(env({ CUSTOMER_MAIL_FROM: JSON.stringify({ klingon: "x <x@x.example>" }) }))).toThrow(
      /CUSTOMER_MAIL_FROM: klingon: must be one of/,
    );
    expect(() => loadConfig(env({ CUSTOMER_MAIL_FROM: "{}" }))).toThrow(/CUSTOMER_MAIL_FROM: names no sender/);
    expect(() =>
      loadConfig(
        env({ CUSTOMER_MAIL_FROM: JSON.stringify({ "zh-CN": "a <a@x.example>", "zh-Hans": "b <b@x.example>" }) }),
      ),
    ).toThrow(/zh-Hans: the same language as zh-CN/);
    const deployed = settingsEnv(
      parseDeployConfig(
        {
          email: { customerFrom: { "zh-CN": "Acme 客服 <care@acme.example>", en: "Acme <care@acme.example>" } },
        },
        "deploy.json",
      ),
    );
    expect(JSON.parse(String(deployed.CUSTOMER_MAIL_FROM))).toEqual({
      "zh-Hans": "Acme 客服 <care@acme.example>",
      en: "Acme <care@acme.example>",
    });
    expect(() => parseDeployConfig({ email: { customerFrom: { fr: "x <x@x.example>" } } }, "deploy.json")).toThrow(
      /email\.customerFrom/,
    );
    expect(() => parseDeployConfig({ email: { customerFrom: {} } }, "deploy.json")).toThrow(/names no sender/);
  });

  it("NOTIFY_RECIPIENTS' locale takes the aliases and names the entry's field otherwise", () => {
    for (const [tag, locale] of Object.entries(ALIASES)) {
      const recipients = NoticeRecipients.parse({ "*": { team: "ops@example.com", locale: tag } });
      expect(recipients["*"]?.locale, tag).toBe(locale);
    }
    const config = loadConfig(
      env({ NOTIFY_RECIPIENTS: JSON.stringify({ logistics: { team: "l@example.com", locale: "zh-HK" } }) }),
    );
    expect(recipientsFrom(config).logistics?.locale).toBe("zh-Hant");
    for (const tag of UNKNOWN) {
      const bad = loadConfig(
        env({ NOTIFY_RECIPIENTS: JSON.stringify({ logistics: { team: "l@example.com", locale: tag } }) }),
      );
      expect(() => recipientsFrom(bad)).toThrow(/NOTIFY_RECIPIENTS is invalid: logistics\.locale: must be one of/);
    }
  });

  it("POST /v1/webhooks' locale takes the aliases; anything else is a 400 naming locale", () => {
    const body = WebhookBody(defaultTaxonomy, { allowLoopback: false });
    const endpoint = (locale: string) => ({ url: "https://hooks.example.com/x", events: ["*"], locale });
    for (const [tag, locale] of Object.entries(ALIASES)) expect(body.parse(endpoint(tag)).locale, tag).toBe(locale);
    for (const tag of UNKNOWN) {
      const parsed = body.safeParse(endpoint(tag));
      expect(parsed.success).toBe(false);
      if (parsed.success) continue;
      expect(issuesOf(parsed.error).map((i) => i.field)).toEqual(["locale"]);
    }
  });

  it("the deploy config's staff.locale and task email recipients take the aliases, and become the canonical locale", () => {
    for (const [tag, locale] of Object.entries(ALIASES)) {
      const config = parseDeployConfig(
        { staff: { locale: tag }, taskEmailRecipients: { "*": { team: "ops@example.com", locale: tag } } },
        "deploy.json",
      );
      expect(config.staff?.locale, tag).toBe(locale);
      const settings = settingsEnv(config);
      expect(settings.STAFF_LOCALE).toBe(locale);
      expect(JSON.parse(settings.NOTIFY_RECIPIENTS ?? "{}")["*"].locale).toBe(locale);
    }
    for (const tag of UNKNOWN) {
      expect(() => parseDeployConfig({ staff: { locale: tag } }, "deploy.json")).toThrow(
        /deploy\.json is invalid: staff\.locale: must be one of/,
      );
    }
  });
});
