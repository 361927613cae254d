import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { auditedReads } from "#shared/data-rights/audited-reads";
import { auditLog } from "#shared/data-rights/wiring";
import { BASE_HEADERS } from "#shared/edge/headers";
import { jsonBody, problemDetails } from "#shared/edge/middleware";
import type { Viewer } from "#shared/edge/ports/users";
import { HttpProblem, json } from "#shared/edge/problem";
import { publicBaseUrl } from "#shared/edge/public-url";
import { apiKeyStore, jwtVerifier, sessionStore } from "#shared/edge/wiring";
import { contactKey } from "#shared/feedback/model/contact";
import { feedbackStore } from "#shared/feedback/wiring";
import { contactDetails } from "#shared/follow-up/contact-details";
import { type FollowUpTaskV2, isTaskId } from "#shared/follow-up/model/task";
import { ActionBody, type TaskDetail, type TaskPage, type TaskSummary } from "#shared/follow-up/model/task-api";
import { actOnTask, TASK_ACTIONS } from "#shared/follow-up/task-actions";
import { lensFor, sessionSecret, taskQueryFrom, taskSummary, tasksCsv, viewerOf } from "#shared/follow-up/task-http";
import { customerMailer, rulesFrom, taskChangeEvents, taskStore } from "#shared/follow-up/wiring";
import { validationError } from "#shared/kernel/validation";
import { mailSuppressions } from "#shared/mail/wiring";
import { loadConfig } from "#shared/platform/config";
import { logger, observability } from "#shared/platform/observability";
import { loadSigningKeys } from "#shared/platform/signing-keys";
import { forViewer, pseudonymKey } from "#shared/privacy/model/disclose";
import { confirmationMarks } from "#shared/surveys/wiring";

const config = loadConfig();
const feedback = feedbackStore(config);
const apiKeys = apiKeyStore(config);
const sessions = sessionStore(config);
const rules = rulesFrom(config);
const tasks = taskStore(config, rules);
const keys = await loadSigningKeys(config);
const secret = sessionSecret(keys);
const pseudonyms = pseudonymKey(keys);
const audit = auditLog(config);
const jwt = jwtVerifier(config, sessions);
// Resolving asks the customer "is your problem solved?" (shared/follow-up/resolution-confirmation.ts).
// No question goes to an address that bounced or complained (shared/mail/).
const mailer = customerMailer(config, mailSuppressions(config, pseudonyms));
const confirmations = { feedback, mailer, marks: confirmationMarks(config), keys, rules };
// Resolving and reopening are told to the bus (task.resolved, task.reopened: webhooks).
const events = taskChangeEvents(config, pseudonyms, feedback);

const EXPORT_LIMIT = 5_000;

/**
 * The follow-up tasks API (support leads and integrations):
 *   GET  /v1/tasks?status&team&theme&channel&assignee&overdue&limit&cursor   sorted by due time
 *   GET  /v1/tasks/export                                                    the same filters, as CSV
 *   GET  /v1/tasks/{id}                                                      with the customer's feedback
 *   POST /v1/tasks/{id}/{action}   {version, ...}                           assign, note, contact, wait,
 *                                                                            resume, resolve, close, reopen
 */
type TasksEvent = APIGatewayProxyEventV2 & { parsedBody?: unknown; viewer?: Viewer };

export const tasksApi = async (event: TasksEvent): Promise<APIGatewayProxyStructuredResultV2> => {
  const now = new Date();
  const viewer = event.viewer ?? (await viewerOf(event, { apiKeys, sessions, sessionSecret: secret, now, jwt }));
  // Everything below leaves through the privacy policy: raw values only for the pii-viewers group.
  // Every record a pii-viewer sees unmasked is written to the personal-data audit (one line per request).
  const reads = auditedReads(audit, () => now);
  const lens = lensFor(viewer, pseudonyms, reads.onUnmasked);
  try {
    return await answer(event, viewer, lens, now);
  } finally {
    await reads.flush(viewer.name);
  }
};

const answer = async (
  event: TasksEvent,
  viewer: Viewer,
  lens: ReturnType<typeof lensFor>,
  now: Date,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const { id, action } = event.pathParameters ?? {};
  const shownTask = (task: FollowUpTaskV2): TaskSummary => forViewer("task", taskSummary(task), lens);

  if (event.routeKey === "GET /v1/tasks" || event.routeKey === "GET /v1/tasks/export") {
    const query = taskQueryFrom(event.queryStringParameters ?? {}, now);
    if (event.routeKey === "GET /v1/tasks") {
      const page = await tasks.listTasks(query);
      return json(200, {
        items: page.items.map(shownTask),
        ...(page.cursor && { cursor: page.cursor }),
      } satisfies TaskPage);
    }
    const all: FollowUpTaskV2[] = [];
    let cursor: string | undefined;
    do {
      const page = await tasks.listTasks({ ...query, limit: 200, cursor });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor && all.length < EXPORT_LIMIT);
    return {
      statusCode: 200,
      headers: {
        ...BASE_HEADERS,
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="hearback-tasks-${now.toISOString().slice(0, 10)}.csv"`,
      },
      // A BOM so spreadsheet apps read the Chinese in it as UTF-8.
      body: `\ufeff${tasksCsv(all.slice(0, EXPORT_LIMIT).map((t) => forViewer("task", t, lens)))}`,
    };
  }

  if (!id || !isTaskId(id)) throw new HttpProblem(404, "Not found", "No such task.");
  if (event.routeKey === "GET /v1/tasks/{id}") {
    const task = await tasks.getTask(id);
    if (!task) throw new HttpProblem(404, "Not found", `No task has the id ${id}.`);
    const [records, history, contact] = await Promise.all([
      feedback.storedRecords(task.feedbackIds),
      feedback.customerHistory(contactKey(task.contact)),
      contactDetails(feedback, task, config.STAFF_LOCALE),
    ]);
    return json(200, {
      ...forViewer("task", task, lens),
      // How to reach the customer: raw for pii-viewers (an audited read), masked for everyone else.
      contactDetails: forViewer("contact", { id: task.id, ...contact }, lens),
      feedback: task.feedbackIds.flatMap((f) => {
        const record = records.get(f);
        return record ? [forViewer("feedback", record, lens)] : [];
      }),
      customerHistory: history.map((record) => forViewer("feedback", record, lens)),
    } satisfies TaskDetail);
  }

  const parsed = ActionBody.safeParse(event.parsedBody);
  if (!parsed.success) {
    throw validationError("The action is invalid", parsed.error);
  }
  const step = TASK_ACTIONS.find((a) => a === action);
  if (!step) throw new HttpProblem(404, "Not found", `Actions are ${TASK_ACTIONS.join(", ")}.`);
  const task = await actOnTask(
    {
      tasks,
      confirmations: {
        ...confirmations,
        baseUrl: publicBaseUrl(config, event),
        onError: (problem) => logger.error("could not ask the customer to confirm", { taskId: id, problem }),
      },
      events,
    },
    id,
    step,
    parsed.data,
    viewer.name,
    now,
  );
  logger.info("task changed", { taskId: id, action: step, actor: viewer.name, version: task.version });
  return json(200, shownTask(task));
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(observability())
  .use({
    // The caller first: without a credential nobody learns how the body would have been judged.
    // Only the action route has a body; the JSON checks apply there.
    before: async (request) => {
      const event: TasksEvent = request.event;
      event.viewer = await viewerOf(event, { apiKeys, sessions, sessionSecret: secret, now: new Date(), jwt });
      if (event.requestContext.http.method === "POST") await jsonBody().before?.(request as never);
    },
  })
  .use(problemDetails(logger))
  .handler((event) => tasksApi(event));
