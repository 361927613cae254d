import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { ConflictError } from "#shared/kernel/errors";
import { escapeHtml } from "#shared/kernel/html";
import type { SupportedLocale } from "#shared/kernel/locale";
import { contactDetails } from "./contact-details.ts";
import { loopCounterChange } from "./model/loop.ts";
import { type ReplyBody, recordReply } from "./model/reply.ts";
import { type FollowUpTaskV2, isTaskId } from "./model/task.ts";
import type { CustomerMailer } from "./ports/customer-mail.ts";
import type { TaskStore } from "./ports/task-store.ts";
import { TaskConflictError, TaskNotFoundError } from "./task-actions.ts";

/** The customer left no email address: nothing can be sent. */
export class NoEmailError extends ConflictError {
  override name = "NoEmailError";
  constructor() {
    super("No email address is known for this customer.", "No email address");
  }
}

const MAX_SAVE_ATTEMPTS = 3;

/** The message as the customer receives it: their words from the lead, as text and as simple HTML. */
export const replyEmail = (body: ReplyBody, locale: SupportedLocale) => ({
  subject: body.subject,
  text: body.body,
  html:
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.6;color:#111827">` +
    body.body
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`)
      .join("") +
    "</body></html>",
});

/**
 * A lead writes to the customer of a task. Refused before anything is sent when the task changed
 * since the lead saw it (409), no email is known, or the address is on the suppression list (the
 * mailer's AddressSuppressedError, 409: it bounced or the customer complained; the task page says
 * when, and nothing is recorded on the task). Once the email is out it is kept on the task
 * whatever happens meanwhile: a concurrent change is re-read and the reply recorded on top of it.
 */
export const replyToCustomer = async (
  deps: {
    tasks: Pick<TaskStore, "getTask" | "saveTask">;
    feedback: Pick<FeedbackStore, "originals" | "storedRecords">;
    mailer: CustomerMailer;
    fallbackLocale: SupportedLocale;
  },
  taskId: string,
  body: ReplyBody,
  actor: string,
  now: Date,
): Promise<FollowUpTaskV2> => {
  if (!isTaskId(taskId)) throw new TaskNotFoundError("No such task.");
  let task = await deps.tasks.getTask(taskId);
  if (!task) throw new TaskNotFoundError(`No task has the id ${taskId}.`);
  if (task.version !== body.version) throw new TaskConflictError(task);
  const contact = await contactDetails(deps.feedback, task, deps.fallbackLocale);
  if (contact.email === undefined) throw new NoEmailError();
  await deps.mailer.send({ to: contact.email, locale: contact.locale, ...replyEmail(body, contact.locale) });
  for (let attempt = 1; ; attempt++) {
    const next = recordReply(task, actor, now, body);
    const loop = loopCounterChange(task, next);
    if ((await deps.tasks.saveTask(next, task.version, loop ? [loop] : [])) === "saved") return next;
    const current = await deps.tasks.getTask(taskId);
    if (!current || attempt >= MAX_SAVE_ATTEMPTS) throw new TaskConflictError(current);
    task = current;
  }
};
