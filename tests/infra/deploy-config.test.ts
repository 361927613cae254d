import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { type DeployConfig, parseDeployConfig } from "../../infra/deploy-config.ts";
import { build, type Json, SYNTH_TIMEOUT_MS } from "./support.ts";

const full: DeployConfig = {
  publicBaseUrl: "https://feedback.lumo.example/",
  email: {
    staffFrom: "hearback <hearback@lumo.example>",
    customerFrom: "Lumo 客服 <support@lumo.example>",
    customerReplyTo: ["support@lumo.example"],
  },
  staff: { locale: "zh-Hant", timeZone: "Asia/Taipei" },
  taskEmailRecipients: { "*": { team: "care@lumo.example", supervisor: "care-lead@lumo.example" } },
  followUpRules: { npsDetractorMax: 5, firstResponseHours: 4 },
  alarmEmail: "ops@lumo.example",
  signIn: { callbackUrls: ["https://feedback.lumo.example/triage/login"] },
  workerMaxConcurrency: 25,
};

describe("deploy config: one file, checked at synth with the functions' own rules", () => {
  const invalid = (raw: unknown) => () => parseDeployConfig(raw, "hearback.deploy.json");

  it("names the setting and the rule it breaks", () => {
    expect(invalid({ email: { staffFrom: "hearback at lumo" } })).toThrow(
      /hearback\.deploy\.json is invalid: email\.staffFrom: must be an email address/,
    );
    expect(invalid({ email: { staffFrom: "x <a@b.example>\r\nBcc: all@b.example" } })).toThrow(/email\.staffFrom/);
    expect(invalid({ publicBaseUrl: "http://feedback.lumo.example" })).toThrow(
      /publicBaseUrl: must use https \(http only for localhost\)/,
    );
    expect(invalid({ staff: { timeZone: "Taipei" } })).toThrow(/STAFF_TIME_ZONE: must be an IANA time zone/);
    expect(invalid({ followUpRules: { npsDetractorMax: 11 } })).toThrow(/followUpRules\.npsDetractorMax/);
    expect(invalid({ taskEmailRecipients: { "*": { team: "not-an-address" } } })).toThrow(/taskEmailRecipients\.\*/);
    expect(invalid({ signIn: { callbackUrls: [] } })).toThrow(/signIn\.callbackUrls/);
    expect(invalid({ workerMaxConcurrency: 1 })).toThrow(/workerMaxConcurrency/);
    // A misspelt key is an error, not a silently ignored setting.
    expect(invalid({ alarmEmails: "ops@lumo.example" })).toThrow(/Unrecognized key: "alarmEmails"/);
  });

  it("accepts a complete example", () => {
    expect(parseDeployConfig(full, "hearback.deploy.json")).toMatchObject({ workerMaxConcurrency: 25 });
  });

  it("fails the synth when the file is invalid, naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "hearback-deploy-"));
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ email: { customerReplyTo: ["nobody"] } }));
    expect(() => build({ deployConfig: file })).toThrow(`${file} is invalid: email.customerReplyTo.0`);
    expect(() => build({ deployConfig: join(dir, "missing.json") })).toThrow(/does not exist/);
  });
});

describe("deploy config: what the functions and the sign-in client get", () => {
  let configured: Template;
  let plain: Template;
  const envOf = (template: Template, description: string): Json => {
    const fn = Object.values(template.findResources("AWS::Lambda::Function")).find((f) =>
      JSON.stringify(f).includes(`"hearback ${description}`),
    ) as { Properties: { Environment: { Variables: Json } } } | undefined;
    if (!fn) throw new Error(`no function ${description}`);
    return fn.Properties.Environment.Variables;
  };

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "hearback-deploy-"));
    const file = join(dir, "hearback.deploy.json");
    writeFileSync(file, JSON.stringify(full));
    configured = Template.fromStack(build({ deployConfig: file }).service);
    plain = Template.fromStack(build().service);
  }, SYNTH_TIMEOUT_MS);

  it("gives task emails and digests their sender, recipients, rules, language and public links", () => {
    const worker = envOf(configured, "enrich-feedback");
    expect(worker).toMatchObject({
      NOTIFY_FROM: "hearback <hearback@lumo.example>",
      NOTIFY_RECIPIENTS: JSON.stringify(full.taskEmailRecipients),
      STAFF_LOCALE: "zh-Hant",
      STAFF_TIME_ZONE: "Asia/Taipei",
      PUBLIC_BASE_URL: "https://feedback.lumo.example",
    });
    expect(JSON.parse(String(worker.FOLLOW_UP_RULES))).toMatchObject(full.followUpRules ?? {});
    expect(envOf(configured, "sweep-tasks").PUBLIC_BASE_URL).toBe("https://feedback.lumo.example");
    expect(envOf(configured, "send-digests").NOTIFY_FROM).toBe("hearback <hearback@lumo.example>");
    expect(envOf(configured, "tasks-api")).toMatchObject({
      CUSTOMER_MAIL_FROM: "Lumo 客服 <support@lumo.example>",
      CUSTOMER_REPLY_TO: "support@lumo.example",
      PUBLIC_BASE_URL: "https://feedback.lumo.example",
    });
    // Each function gets only what it reads (a Lambda's environment is capped at 4 KB).
    expect(envOf(configured, "theme-fixes").NOTIFY_RECIPIENTS).toBeUndefined();
  });

  it("links task emails to the API's own address when no public one is set", () => {
    expect(JSON.stringify(envOf(plain, "enrich-feedback").PUBLIC_BASE_URL)).toContain("HttpApi");
    expect(envOf(plain, "enrich-feedback").NOTIFY_FROM).toBeUndefined();
  });

  it("offers hosted sign-in only for the deployment's callbacks, with the code grant, never the implicit one", () => {
    configured.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ["https://feedback.lumo.example/triage/login"],
    });
    const client = Object.values(plain.findResources("AWS::Cognito::UserPoolClient"))[0] as { Properties: Json };
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(JSON.stringify(client)).not.toContain("example.com");
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
  });

  it("caps the worker's concurrency and mails the alarms as configured", () => {
    configured.hasResourceProperties("AWS::Lambda::EventSourceMapping", { ScalingConfig: { MaximumConcurrency: 25 } });
    configured.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@lumo.example" });
  });
});
