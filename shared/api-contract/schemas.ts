import * as z from "zod";
import { ErasureReport } from "#shared/data-rights/model/erasure";
import { AuditPage, CustomerExport } from "#shared/data-rights/model/rights-api";
import { ListedSubscription, SubscriptionBody, SubscriptionList } from "#shared/digest/model/digest-api";
import { FixBody, ThemeFix, ThemeFixList } from "#shared/digest/model/fixes";
import { ProblemDocument } from "#shared/edge/problem";
import { CorrectionBody } from "#shared/feedback/model/corrections";
import { FeedbackPage, FeedbackStatusView, StoredFeedbackView } from "#shared/feedback/model/feedback-api";
import { Customer, FeedbackInput, StoredFeedback } from "#shared/feedback/model/schema";
import { ActionBody, TaskDetail, TaskPage, TaskSummary } from "#shared/follow-up/model/task-api";
import { AcceptedItems } from "#shared/ingest/model/acceptance";
import { FeedbackBody } from "#shared/ingest/model/validation";
import { MintAnswer, MintRequest } from "#shared/surveys/model/mint";
import { defaultTaxonomy } from "#shared/taxonomy/taxonomy";
import { WebhookBody, WebhookEndpoint, WebhookList, WebhookView } from "#shared/webhooks/model/endpoint";
import { DeadLetterList, RedeliverAnswer, TestAnswer } from "#shared/webhooks/model/webhook-api";
import { HealthReport } from "./health-report.ts";

/**
 * The zod schemas the handlers parse requests with and type their answers by, under the names the
 * published document gives them (components.schemas). Requests are shown as they are sent (zod's
 * input), answers as they come back (zod's output: defaults filled in, unknown members refused).
 */

/** What GET /openapi.json answers: this document (OpenAPI 3.1). */
export const OpenApiDocument = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const requestSchemas = {
  FeedbackBody,
  FeedbackInput,
  Customer,
  CorrectionBody: CorrectionBody(new Set(defaultTaxonomy.themes.map((t) => t.id))),
  MintRequest,
  ActionBody,
  SubscriptionBody: SubscriptionBody(defaultTaxonomy),
  FixBody,
  // The contract states what AWS accepts: https only, public hosts (the local stack also takes loopback http).
  WebhookBody: WebhookBody(defaultTaxonomy, { allowLoopback: false }),
} as const;

export const responseSchemas = {
  Problem: ProblemDocument,
  HealthReport,
  OpenApiDocument,
  AcceptedItems,
  StoredFeedback,
  FeedbackPage,
  FeedbackStatus: FeedbackStatusView,
  StoredFeedbackView,
  MintAnswer,
  TaskSummary,
  TaskPage,
  TaskDetail,
  ListedSubscription,
  SubscriptionList,
  ThemeFix,
  ThemeFixList,
  ErasureReport,
  CustomerExport,
  AuditPage,
  WebhookEndpoint,
  WebhookView,
  WebhookList,
  WebhookTestAnswer: TestAnswer,
  WebhookDeadLetterList: DeadLetterList,
  WebhookRedeliverAnswer: RedeliverAnswer,
} as const;

export type RequestSchemaName = keyof typeof requestSchemas;
export type ResponseSchemaName = keyof typeof responseSchemas;

type JsonSchema = Record<string, unknown>;

const componentsOf = (schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, {
    io,
    target: "draft-2020-12",
    uri: (id) => `#/components/schemas/${id}`,
  }).schemas;
  return Object.fromEntries(
    Object.entries(converted).map(([id, { $schema: _schema, $id: _id, ...schema }]) => {
      // Shared parts come out as components; anything left in $defs would point nowhere once embedded.
      if (JSON.stringify(schema).includes('"#/$defs/')) throw new Error(`${id}: a schema refers to $defs`);
      return [id, schema as JsonSchema];
    }),
  );
};

/** components.schemas: every request and answer schema, converted from zod. */
export const schemaComponents = (): Record<string, JsonSchema> => {
  const clash = Object.keys(requestSchemas).filter((name) => name in responseSchemas);
  if (clash.length > 0) throw new Error(`schema names used for requests and answers alike: ${clash.join(", ")}`);
  return { ...componentsOf(requestSchemas, "input"), ...componentsOf(responseSchemas, "output") };
};

/**
 * A query schema (a zod object, perhaps refined) as OpenAPI query parameters, one per member, less
 * those the path names.
 */
export const queryParameters = (schema: z.ZodType, pathNames: readonly string[] = []) => {
  const converted = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(converted.properties ?? {})
    .filter(([name]) => !pathNames.includes(name))
    .map(([name, { description, ...schema }]) => ({
      name,
      in: "query" as const,
      required: converted.required?.includes(name) ?? false,
      ...(typeof description === "string" && { description }),
      schema,
    }));
};

/** A plain schema (an enumeration, say) as JSON Schema, for a path parameter. */
export const jsonSchemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
  return rest;
};
