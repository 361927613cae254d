import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  GetUserPoolMfaConfigCommand,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { leads } from "../../tools/cli/commands/leads.ts";
import { UsageError } from "../../tools/cli/usage-error.ts";

/** `hearback leads add`: a support lead in the user pool, or what to do locally. */
const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const POOL = "eu-west-1_Abc123";
const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const out: string[] = [];
  await leads(args, { cognito: new CognitoIdentityProviderClient({}), env, print: (t) => out.push(t) });
  return out.join("\n");
};

describe("hearback leads add on AWS", () => {
  it("creates the lead with a verified email, has Cognito mail the temporary password, and says what comes next", async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "ON" });
    const out = await run([
      "add",
      "--email",
      "mei@example.com",
      "--name",
      "mei",
      "--pii-viewer",
      "--user-pool-id",
      POOL,
      "--url",
      "https://abc.execute-api.eu-west-1.amazonaws.com/",
    ]);
    expect(cognito.commandCalls(AdminCreateUserCommand).map((c) => c.args[0].input)).toEqual([
      {
        UserPoolId: POOL,
        Username: "mei",
        UserAttributes: [
          { Name: "email", Value: "mei@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      },
    ]);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: "mei", GroupName: "pii-viewers" },
    ]);
    expect(out).toContain(`Lead "mei" created in user pool ${POOL}, in pii-viewers`);
    expect(out).toContain("temporary password to mei@example.com");
    expect(out).toContain("signs in at https://abc.execute-api.eu-west-1.amazonaws.com/triage");
    expect(out).toContain("asks for a new password: at least 12 characters");
    expect(out).toContain("The pool requires MFA: the page then shows a key for an authenticator app");
  });

  it("takes the pool from COGNITO_USER_POOL_ID, adds no group unless asked, and still says where to sign in", async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(GetUserPoolMfaConfigCommand).rejects(new Error("AccessDenied"));
    const out = await run(["add", "--email", "lin@example.com", "--name", "lin"], {
      COGNITO_USER_POOL_ID: POOL,
      PUBLIC_BASE_URL: "https://feedback.example.com",
    });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.UserPoolId).toBe(POOL);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    expect(out).toContain("https://feedback.example.com/triage");
    expect(out).not.toContain("pii-viewers");
    expect(out).toContain("If the pool requires MFA");
  });

  it("says in one line that the lead exists, and adds nobody to a group", async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: "User account already exists", $metadata: {} }));
    const failure = run(["add", "--email", "mei@example.com", "--name", "mei", "--pii-viewer", "--user-pool-id", POOL]);
    await expect(failure).rejects.toThrow(`a lead named "mei" already exists in user pool ${POOL}`);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });
});

describe("hearback leads add: the lead's language and time zone", () => {
  it("sets the profile's locale and zoneinfo, aliases mapped, so the lead's pages speak it on any device", async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
    await run([
      "add",
      "--email",
      "li@example.com",
      "--name",
      "li",
      "--locale",
      "zh-CN",
      "--time-zone",
      "Asia/Shanghai",
      "--user-pool-id",
      POOL,
    ]);
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.UserAttributes).toEqual([
      { Name: "email", Value: "li@example.com" },
      { Name: "email_verified", Value: "true" },
      { Name: "locale", Value: "zh-Hans" },
      { Name: "zoneinfo", Value: "Asia/Shanghai" },
    ]);
  });

  it("refuses a language the pages do not speak or a zone that does not exist, before asking Cognito", async () => {
    const base = ["add", "--email", "li@example.com", "--name", "li", "--user-pool-id", POOL];
    await expect(run([...base, "--locale", "fr"])).rejects.toThrow(/--locale: "fr"/);
    await expect(run([...base, "--time-zone", "Mars/Olympus"])).rejects.toThrow(/--time-zone: "Mars\/Olympus"/);
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe("hearback leads add: arguments and local mode", () => {
  it("needs the verb, --email and --name, and knows its options", async () => {
    await expect(run(["add", "--name", "mei"])).rejects.toBeInstanceOf(UsageError);
    await expect(run(["add", "--email", "mei@example.com"])).rejects.toBeInstanceOf(UsageError);
    await expect(run(["remove", "--email", "mei@example.com", "--name", "mei"])).rejects.toBeInstanceOf(UsageError);
    await expect(run(["add", "--email", "m@example.com", "--name", "mei", "--admin"])).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it("refuses a malformed email or a name that looks like one, before asking Cognito", async () => {
    await expect(run(["add", "--email", "mei.example.com", "--name", "mei", "--user-pool-id", POOL])).rejects.toThrow(
      '--email: "mei.example.com" is not an email address',
    );
    await expect(
      run(["add", "--email", "mei@example.com", "--name", "mei@example.com", "--user-pool-id", POOL]),
    ).rejects.toThrow(/--name: "mei@example.com" must be/);
    expect(cognito.calls()).toHaveLength(0);
  });

  it("without a user pool, explains the local sign-in and creates nothing", async () => {
    const out = await run(["add", "--email", "mei@example.com", "--name", "mei", "--pii-viewer"], { PORT: "3100" });
    expect(out).toContain("No user pool (--user-pool-id or COGNITO_USER_POOL_ID)");
    expect(out).toContain(
      'any name signs in at http://127.0.0.1:3100/triage with the development password DEV_LOGIN_PASSWORD ("hearback" unless set)',
    );
    expect(out).toContain("DEV_PII_VIEWERS=mei npm start");
    expect(cognito.calls()).toHaveLength(0);
  });

  it("exits 0 in local mode and 1 with one clear line on a bad email", () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "tools/cli/hearback.ts", "leads", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        timeout: 60_000,
      });
    const local = cli(["add", "--email", "mei@example.com", "--name", "mei"]);
    expect(local.status).toBe(0);
    expect(local.stdout).toContain("DEV_LOGIN_PASSWORD");
    expect(local.stdout).toContain("DEV_PII_VIEWERS");
    const bad = cli(["add", "--email", "nope", "--name", "mei"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('hearback leads: --email: "nope" is not an email address');
  }, 120_000);
});
