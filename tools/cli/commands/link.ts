import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { UsageError } from "../usage-error.ts";
import { apiTarget } from "./targets.ts";

/** Mints a survey through POST /v1/survey-links, as any integration would, and prints what to send. */
export const link = async (args: string[]) => {
  const { values } = parseArgs({
    args,
    options: {
      kind: { type: "string" },
      customer: { type: "string" },
      email: { type: "string" },
      locale: { type: "string" },
      touchpoint: { type: "string" },
      brand: { type: "string" },
      html: { type: "string" },
      url: { type: "string" },
      key: { type: "string" },
    },
  });
  if (!values.kind || !values.customer) throw new UsageError();
  const api = await apiTarget(values);
  const res = await fetch(`${api.url}/v1/survey-links`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${api.key}` },
    body: JSON.stringify({
      kind: values.kind,
      customer: { id: values.customer, ...(values.email && { email: values.email }) },
      ...(values.locale && { locale: values.locale }),
      ...(values.touchpoint && { touchpoint: values.touchpoint }),
      ...(values.brand && { brand: values.brand }),
    }),
  });
  const body = (await res.json()) as {
    status?: string;
    reason?: string;
    surveyId?: string;
    links?: Array<{ score: number; url: string }>;
    html?: string;
    text?: string;
    detail?: string;
  };
  if (res.status === 200 && body.status === "suppressed") {
    console.log(`suppressed: ${body.reason}`);
    return;
  }
  if (res.status !== 201) throw new Error(`${res.status}: ${body.detail ?? JSON.stringify(body)}`);
  console.log(`survey ${body.surveyId}\n`);
  for (const l of body.links ?? []) console.log(`  ${String(l.score).padStart(2)}  ${l.url}`);
  console.log(`\nSMS / plain text:\n  ${body.text}\n`);
  if (values.html) {
    writeFileSync(values.html, body.html ?? "");
    console.log(`email snippet written to ${values.html}`);
  } else console.log(`email snippet (HTML):\n${body.html}`);
};
