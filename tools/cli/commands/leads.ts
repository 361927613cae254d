/**
 * `hearback leads add`: a support lead for the triage page. On AWS, an account in the user pool
 * (Cognito mails the temporary password), in the pii-viewers group when asked; locally there is
 * nothing to create, and it says how the local sign-in works instead.
 */
import { parseArgs } from "node:util";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  GetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as z from "zod";
import { LEAD_PASSWORD_POLICY, PII_VIEWERS_GROUP } from "#shared/edge/ports/users";
import { knownTimeZone } from "#shared/edge/workbench-locale";
import { localeOf } from "#shared/kernel/locale";
import { DEFAULT_DEV_PASSWORD } from "#shared/local/stack";
import { UsageError } from "../usage-error.ts";

export interface LeadsDeps {
  cognito?: CognitoIdentityProviderClient;
  env?: NodeJS.ProcessEnv;
  print?: (text: string) => void;
}

const Email = z.email();

const argsOf = (args: string[]) => {
  try {
    return parseArgs({
      args,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        "pii-viewer": { type: "boolean", default: false },
        locale: { type: "string" },
        "time-zone": { type: "string" },
        "user-pool-id": { type: "string" },
        url: { type: "string" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
};

/** Cognito's refusals, each as one line the operator can act on. */
const refusal = (error: unknown, lead: { name: string; email: string; pool: string }): string => {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "UsernameExistsException") return `a lead named "${lead.name}" already exists in user pool ${lead.pool}`;
  if (name === "AliasExistsException") return `another lead in user pool ${lead.pool} already uses ${lead.email}`;
  if (name === "ResourceNotFoundException") {
    return `user pool ${lead.pool} not found (check --user-pool-id or COGNITO_USER_POOL_ID, and AWS_REGION)`;
  }
  if (name === "InvalidParameterException") return `Cognito refused the lead: ${message}`;
  return `creating the lead failed: ${name ? `${name}: ` : ""}${message}`.replace(/\s*\n\s*/g, " ");
};

const policyWords = () => {
  const p = LEAD_PASSWORD_POLICY;
  const needs = [
    p.requireLowercase && "a lowercase letter",
    p.requireUppercase && "an uppercase letter",
    p.requireDigits && "a digit",
    p.requireSymbols && "a symbol",
  ].filter(Boolean);
  return `at least ${p.minLength} characters with ${needs.join(", ")}`;
};

export const leads = async (args: string[], deps: LeadsDeps = {}): Promise<void> => {
  const env = deps.env ?? process.env;
  const print = deps.print ?? ((text: string) => console.log(text));
  const [verb, ...rest] = args;
  if (verb !== "add") throw new UsageError(verb === undefined ? "" : `unknown verb "${verb}"`);
  const values = argsOf(rest);
  const email = values.email?.trim() ?? "";
  const name = values.name?.trim() ?? "";
  if (!email || !name) throw new UsageError("leads add needs --email and --name");
  if (!Email.safeParse(email).success) throw new Error(`--email: "${email}" is not an email address`);
  // The pool signs leads in by name or by email, so a name may not look like an email.
  if (!/^[\p{L}\p{M}\p{N}._-]{1,128}$/u.test(name)) {
    throw new Error(`--name: "${name}" must be 1-128 letters, digits, ".", "_" or "-" (the lead signs in with it)`);
  }
  // The lead's profile: their pages speak this language and show this zone's times on any device.
  const locale = values.locale === undefined ? undefined : localeOf(values.locale);
  if (values.locale !== undefined && !locale) {
    throw new Error(
      `--locale: "${values.locale}" is not a language the pages speak (zh-Hans, zh-Hant, en, or zh-CN, zh-TW, en-GB…)`,
    );
  }
  const timeZone = values["time-zone"] === undefined ? undefined : knownTimeZone(values["time-zone"]);
  if (values["time-zone"] !== undefined && !timeZone) {
    throw new Error(`--time-zone: "${values["time-zone"]}" is not a time zone name such as Asia/Shanghai`);
  }
  const pool = values["user-pool-id"] ?? env.COGNITO_USER_POOL_ID;

  if (!pool) {
    const url = `http://127.0.0.1:${env.PORT ?? 3000}/triage`;
    print(
      [
        "No user pool (--user-pool-id or COGNITO_USER_POOL_ID): nothing to create, and nothing needs to be.",
        `Locally any name signs in at ${url} with the development password DEV_LOGIN_PASSWORD ("${env.DEV_LOGIN_PASSWORD ?? DEFAULT_DEV_PASSWORD}" unless set), so "${name}" can sign in now.`,
        values["pii-viewer"]
          ? `Personal-data viewers are the names listed in DEV_PII_VIEWERS (comma-separated): start with DEV_PII_VIEWERS=${name} npm start.`
          : "Personal-data viewers are the names listed in DEV_PII_VIEWERS (comma-separated); everyone else sees masked text.",
      ].join("\n"),
    );
    return;
  }

  const cognito = deps.cognito ?? new CognitoIdentityProviderClient({});
  const lead = { name, email, pool };
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool,
        Username: name,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
          ...(locale ? [{ Name: "locale", Value: locale }] : []),
          ...(timeZone ? [{ Name: "zoneinfo", Value: timeZone }] : []),
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
  } catch (error) {
    throw new Error(refusal(error, lead));
  }
  if (values["pii-viewer"]) {
    try {
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: name, GroupName: PII_VIEWERS_GROUP }),
      );
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`lead "${name}" was created, but not added to ${PII_VIEWERS_GROUP}: ${why}`);
    }
  }
  // Whether the first sign-in will also set up an authenticator app; unknown if the caller may not read it.
  const mfa = await cognito
    .send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool }))
    .then((out) => out.MfaConfiguration)
    .catch(() => undefined);
  const base = (values.url ?? env.PUBLIC_BASE_URL)?.replace(/\/+$/, "");
  const triage = base ? `${base}/triage` : "<the service stack's ApiUrl output>/triage";
  const mfaStep =
    mfa === "ON"
      ? "3. The pool requires MFA: the page then shows a key for an authenticator app and asks for its 6-digit code; later sign-ins ask for the code."
      : mfa === "OPTIONAL" || mfa === "OFF"
        ? `3. The pool does not require MFA (${mfa}); once it does, the page sets up the authenticator app at the lead's next sign-in.`
        : "3. If the pool requires MFA, the page then shows a key for an authenticator app and asks for its 6-digit code.";
  print(
    [
      `Lead "${name}" created in user pool ${pool}${values["pii-viewer"] ? `, in ${PII_VIEWERS_GROUP} (sees personal data unmasked; every view is audited)` : ""}.`,
      `Cognito is mailing a temporary password to ${email}. Next:`,
      `1. ${name} signs in at ${triage} with the name "${name}" (or ${email}) and the temporary password.`,
      `2. The page asks for a new password: ${policyWords()}.`,
      mfaStep,
    ].join("\n"),
  );
};
