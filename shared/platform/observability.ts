import { Logger } from "@aws-lambda-powertools/logger";

/** One logger per cold start. Personal data never goes into log lines: ids, counts and reasons only. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "hearback" });
