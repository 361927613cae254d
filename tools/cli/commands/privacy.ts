/**
 * `hearback privacy erase|export`: a customer's data rights from the command line, through the API
 * (so the erasure and its audit line are the same as an integrator's `DELETE /v1/customers/{id}`).
 *
 *   hearback privacy erase  --customer ID | --author PLATFORM:HANDLE | --email E   [--url URL] [--key KEY]
 *   hearback privacy export --customer ID | --author PLATFORM:HANDLE [--out FILE]  [--url URL] [--key KEY]
 *
 * --email finds the customers who gave that address (in feedback or when a survey was minted) by
 * scanning the table (--local, the running `npm start`, or --table on AWS), then erases each.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { customerData } from "#shared/data-rights/wiring";
import { contactLabel, contactOfKey } from "#shared/feedback/model/contact";
import { UsageError } from "../usage-error.ts";
import { apiTarget, tableTarget } from "./targets.ts";

const pathFor = (who: { customer?: string | undefined; author?: string | undefined }) => {
  if (who.customer !== undefined) return `/v1/customers/${encodeURIComponent(who.customer)}`;
  const at = who.author?.indexOf(":") ?? -1;
  if (who.author === undefined || at <= 0 || at === who.author.length - 1)
    throw new UsageError("--author must be PLATFORM:HANDLE, e.g. weibo:li_lei");
  return `/v1/customers/${encodeURIComponent(who.author.slice(at + 1))}`;
};
const queryFor = (who: { author?: string | undefined }) =>
  who.author === undefined ? "" : `?platform=${encodeURIComponent(who.author.slice(0, who.author.indexOf(":")))}`;

const call = async (url: string, key: string, method: "DELETE" | "GET", path: string) => {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
  const body = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${body}`);
  return JSON.parse(body) as Record<string, unknown>;
};

export const privacy = async (args: string[]) => {
  const [action, ...rest] = args;
  if (action !== "erase" && action !== "export") throw new UsageError("hearback privacy erase|export --customer ID");
  const { values } = parseArgs({
    args: rest,
    options: {
      customer: { type: "string" },
      author: { type: "string" },
      email: { type: "string" },
      out: { type: "string" },
      url: { type: "string" },
      key: { type: "string" },
      table: { type: "string", default: process.env.TABLE_NAME },
      local: { type: "boolean", default: false },
    },
  });
  const named = [values.customer, values.author, values.email].filter((v) => v !== undefined).length;
  if (named !== 1) throw new UsageError("name exactly one of --customer ID, --author PLATFORM:HANDLE, --email E");
  const api = await apiTarget(values);

  if (action === "export") {
    if (values.email !== undefined) throw new UsageError("export takes --customer or --author");
    const exported = await call(api.url, api.key, "GET", `${pathFor(values)}/export${queryFor(values)}`);
    const text = `${JSON.stringify(exported, null, 2)}\n`;
    if (values.out) {
      writeFileSync(values.out, text, { mode: 0o600 });
      console.log(`exported to ${values.out} (it holds personal data: keep it safe)`);
    } else process.stdout.write(text);
    return;
  }

  const targets: Array<{ path: string; label: string }> = [];
  if (values.email !== undefined) {
    const { config, db } = await tableTarget(values);
    for (const key of await customerData(config, db).contactsWithEmail(values.email)) {
      const contact = contactOfKey(key);
      if (contact?.kind === "customer")
        targets.push({ path: `/v1/customers/${encodeURIComponent(contact.id)}`, label: contactLabel(contact) });
      else if (contact?.kind === "social")
        targets.push({
          path: `/v1/customers/${encodeURIComponent(contact.handle)}?platform=${encodeURIComponent(contact.platform)}`,
          label: contactLabel(contact),
        });
    }
    if (targets.length === 0) console.log(`no customer gave ${values.email}; nothing to erase`);
  } else targets.push({ path: `${pathFor(values)}${queryFor(values)}`, label: values.customer ?? values.author ?? "" });

  for (const target of targets) {
    const report = await call(api.url, api.key, "DELETE", target.path);
    console.log(
      `erased ${target.label}: ${report.feedback} feedback, ${report.tasks} tasks scrubbed, ${report.surveys} surveys, ${report.otherItems} other items`,
    );
  }
};
