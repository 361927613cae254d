import { expect } from "vitest";
import type { LocalStack } from "#shared/local/stack";
import { apiClient } from "./api.ts";

/** What POST /v1/survey-links answers: the survey's id and one link per score. */
export interface Minted {
  surveyId: string;
  links: Array<{ score: number; url: string }>;
}

/** Mints an English NPS survey for the customer through the API. */
export const mintSurvey = async (stack: Pick<LocalStack, "url" | "apiKey">, customerId: string): Promise<Minted> => {
  const res = await apiClient(stack).request("POST", "/v1/survey-links", {
    body: { kind: "nps", customer: { id: customerId }, locale: "en" },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Minted;
};

/** The user agent of a customer answering on a phone. */
export const PHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";

/**
 * Past the worker's decision delay, with the queue empty (nothing visible, in flight or still
 * delayed). A busy two-core CI machine can take well over 20 s to get there.
 */
export const settle = async (stack: Pick<LocalStack, "drain">) => {
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await stack.drain(60_000)).toBe(true);
};

/** The page ticket a rendered survey page carries (posts without one never count). */
export const pageTicket = async (url: string): Promise<string> =>
  /name="t" value="([^"]+)"/.exec(await (await fetch(url, { headers: { "user-agent": PHONE } })).text())?.[1] ?? "";
