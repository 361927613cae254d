/**
 * `hearback webhooks list|dead-letters|redeliver|test`: the webhook endpoints, what each could not deliver, and
 * sending that again once the receiver is fixed. Through the HTTP API (GET/POST /v1/webhooks…), so the same command
 * works on the running local stack and, with --url and --key, on AWS.
 */

import { parseArgs } from "node:util";
import { WEBHOOK_ID } from "#shared/webhooks/model/endpoint";
import { UsageError } from "../usage-error.ts";
import { apiTarget } from "./targets.ts";

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  format: string;
  enabled: boolean;
  disabledAt?: string;
  disabledReason?: string;
  failingSince?: string;
}
interface Letter {
  webhookId: string;
  eventId: string;
  type: string;
  attempts: number;
  at: string;
  lastStatus?: number;
  lastError?: string;
}

/** The URL without its query: chat platforms keep their access tokens there. */
const shownUrl = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
  } catch {
    return url;
  }
};

const state = (e: Endpoint): string =>
  !e.enabled
    ? `disabled${e.disabledAt ? ` since ${e.disabledAt}` : ""}${e.disabledReason ? `: ${e.disabledReason}` : ""}`
    : e.failingSince
      ? `failing since ${e.failingSince}`
      : "ok";

export const webhooks = async (args: string[]): Promise<void> => {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      id: { type: "string", multiple: true },
      limit: { type: "string", default: "1000" },
      json: { type: "boolean", default: false },
      url: { type: "string" },
      key: { type: "string" },
    },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000)
    throw new UsageError(`--limit must be a whole number from 1 to 1000, got ${values.limit}`);
  const api = await apiTarget(values);
  const call = async <T>(method: string, path: string): Promise<T> => {
    const res = await fetch(`${api.url}/v1/webhooks${path}`, {
      method,
      headers: { authorization: `Bearer ${api.key}` },
    });
    const text = await res.text();
    if (!res.ok) {
      let detail = text;
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {
        // Not a problem document: shown as it is.
      }
      throw new Error(`${method} /v1/webhooks${path} answered ${res.status}: ${detail}`);
    }
    return JSON.parse(text) as T;
  };
  const endpointId = (): string => {
    const id = positionals[0];
    if (!id || !WEBHOOK_ID.test(id)) throw new UsageError(`name the endpoint: hearback webhooks ${action} ID`);
    return id;
  };

  if (action === "list") {
    const { items } = await call<{ items: Endpoint[] }>("GET", "");
    if (values.json) return console.log(JSON.stringify(items, null, 2));
    if (items.length === 0) return console.log("No webhook endpoints: add one with PUT /v1/webhooks/{id}.");
    for (const e of items) {
      const { items: letters } = await call<{ items: Letter[] }>("GET", `/${e.id}/dead-letters?limit=1000`);
      console.log(
        `${e.id}  ${e.format}  ${shownUrl(e.url)}\n    events: ${e.events.join(", ")}; ${state(e)}; ${letters.length} dead letter${letters.length === 1 ? "" : "s"}`,
      );
    }
    return;
  }

  if (action === "dead-letters") {
    const id = endpointId();
    const { items } = await call<{ items: Letter[] }>("GET", `/${id}/dead-letters?limit=${limit}`);
    if (values.json) return console.log(JSON.stringify(items, null, 2));
    if (items.length === 0) return console.log(`${id} has no dead letters.`);
    for (const l of items)
      console.log(
        `${l.webhookId}  ${l.at}  ${l.type}  ${l.attempts} attempt${l.attempts === 1 ? "" : "s"}  ${l.lastStatus !== undefined ? `HTTP ${l.lastStatus}` : (l.lastError ?? "")}`,
      );
    console.log(
      `\n${items.length} dead letter${items.length === 1 ? "" : "s"}; send them again: hearback webhooks redeliver ${id}`,
    );
    return;
  }

  if (action === "redeliver") {
    const id = endpointId();
    const ids = values.id ?? [];
    if (ids.some((m) => !/^msg_[A-Za-z0-9_-]{1,60}$/.test(m))) throw new UsageError("--id takes a webhook-id (msg_…)");
    const query = new URLSearchParams({ limit: String(limit), ...(ids.length > 0 && { ids: ids.join(",") }) });
    const result = await call<{ queued: number; reenabled: boolean }>("POST", `/${id}/redeliver?${query}`);
    console.log(
      `Queued ${result.queued} deliver${result.queued === 1 ? "y" : "ies"} to ${id} again, each with its original webhook-id and a fresh run of attempts` +
        (result.reenabled ? "; the endpoint, disabled before, is enabled again." : "."),
    );
    return;
  }

  if (action === "test") {
    const id = endpointId();
    const r = await call<{
      delivered: boolean;
      status?: number;
      error?: string;
      durationMs: number;
      webhookId: string;
    }>("POST", `/${id}/test`);
    console.log(
      `${r.delivered ? "Delivered" : "Not delivered"}: ${r.status !== undefined ? `HTTP ${r.status}` : r.error} in ${r.durationMs} ms (webhook-id ${r.webhookId}).`,
    );
    if (!r.delivered) process.exitCode = 1;
    return;
  }

  throw new UsageError(`unknown webhooks action ${action ?? "(none)"}: list, dead-letters, redeliver or test`);
};
