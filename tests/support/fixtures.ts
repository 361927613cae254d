import { readFileSync } from "node:fs";
import type { APIGatewayProxyEventV2, SQSEvent } from "aws-lambda";

const read = <T>(path: string): T =>
  JSON.parse(readFileSync(new URL(`../../events/${path}`, import.meta.url), "utf8")) as T;

/** A fresh copy of a sample event from events/, so tests can change it freely. */
export const httpEvent = (name: string): APIGatewayProxyEventV2 => read(`http/${name}.json`);
export const sqsEvent = (name: string): SQSEvent => read(`sqs/${name}.json`);
/** An EventBridge event from events/eventbridge/ (SES mail events), untyped as the function receives it. */
export const eventBridgeEvent = (name: string): Record<string, unknown> & { detail: Record<string, unknown> } =>
  read(`eventbridge/${name}.json`);
