import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { BASE_HEADERS } from "#shared/edge/headers";
import { htmlPage } from "#shared/edge/html-page";
import type { Viewer } from "#shared/edge/ports/users";
import { formBody, isLocalHost } from "#shared/edge/request";
import { signedNote, verifiedNote } from "#shared/edge/session";
import { workbenchLocale } from "#shared/edge/workbench-locale";
import { correctFeedback } from "#shared/feedback/correct-feedback";
import { contactKey } from "#shared/feedback/model/contact";
import { isFeedbackId } from "#shared/feedback/model/ids";
import type { Originals } from "#shared/feedback/model/originals";
import type { FeedbackStore } from "#shared/feedback/ports/feedback-store";
import { NotFoundError, ValidationError } from "#shared/kernel/errors";
import type { SupportedLocale } from "#shared/kernel/locale";
import { AddressSuppressedError } from "#shared/mail/model/errors";
import { normaliseAddress } from "#shared/mail/model/suppression";
import type { MailSuppressions } from "#shared/mail/ports/suppressions";
import { forViewer, type Lens } from "#shared/privacy/model/disclose";
import type { Taxonomy } from "#shared/taxonomy/taxonomy";
import { contactDetails } from "./contact-details.ts";
import { fillTemplate, ReplyBody, type ReplyTemplates } from "./model/reply.ts";
import { isTaskId } from "./model/task.ts";
import type { CustomerMailer } from "./ports/customer-mail.ts";
import type { TaskStore } from "./ports/task-store.ts";
import { replyToCustomer } from "./reply-to-customer.ts";
import type { ConfirmationSender } from "./resolution-confirmation.ts";
import { readLoopFigures } from "./resolution-satisfaction.ts";
import { actOnTask, TASK_ACTIONS } from "./task-actions.ts";
import { taskQueryFrom } from "./task-http.ts";
import type { TaskChangeEvents } from "./task-notice.ts";
import { renderTaskNotFound, renderTaskPage } from "./views/task-page.ts";
import { taskWords } from "./views/task-words.ts";
import { filterQuery } from "./views/triage-filters.ts";
import { renderTriagePage } from "./views/triage-page.ts";
import type { WorkbenchContext } from "./views/triage-view.ts";
import { WORKBENCH_TEXT, type WorkbenchAction } from "./views/workbench-text.ts";
import { assigneeOf, sayProblem } from "./workbench-forms.ts";
import { itemView, taskView } from "./workbench-records.ts";

/**
 * The support leads' workbench behind the sign-in: the queue (GET /triage), a task's page
 * (GET /triage/tasks/{id}), the actions both post (POST /triage/tasks/{id}/{action}, "reply" and
 * "note" included) and corrections of a reading (POST /triage/feedback/{id}/corrections). Every
 * record leaves through the privacy policy with the caller's lens (whose unmasked reads the
 * caller audits); every word is in the lead's language and every time in their time zone.
 */
export interface WorkbenchDeps {
  tasks: TaskStore;
  feedback: Pick<FeedbackStore, "storedRecords" | "originalTexts" | "originals" | "customerHistory" | "correct">;
  customerMail: CustomerMailer;
  /** The suppression list: the task page says when the customer's address bounced or complained. */
  suppressions?: Pick<MailSuppressions, "suppressedAmong"> | undefined;
  taxonomy: Taxonomy;
  /** Signs the flash line after a redirect. */
  secret: string;
  basePath: string;
  staff: { locale: SupportedLocale; timeZone: string };
  templates: ReplyTemplates;
  /** Resolving asks the customer whether it is solved (./resolution-confirmation.ts); `baseUrl` per request. */
  confirmations?: Omit<ConfirmationSender, "baseUrl" | "onError"> & {
    baseUrl: (event: APIGatewayProxyEventV2) => string;
    onError?: (problem: string, taskId: string) => void;
  };
  /** Resolving and reopening are told to the bus (task.resolved, task.reopened). */
  events?: TaskChangeEvents | undefined;
}

const HISTORY_LIMIT = 20;

const secure = (event: APIGatewayProxyEventV2) => !isLocalHost(event.headers?.host ?? "");

const redirect = (location: string, cookies: string[] = []): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 303,
  headers: { ...BASE_HEADERS, location },
  ...(cookies.length > 0 && { cookies }),
});

const page = (status: number, body: string, nonce: string, cookies: string[]): APIGatewayProxyStructuredResultV2 => {
  const response = htmlPage(status, body, { nonce, referrer: "same-origin" });
  return cookies.length > 0 ? { ...response, cookies } : response;
};

export const workbench = (deps: WorkbenchDeps) => {
  const teams = [...new Set(deps.taxonomy.themes.map((t) => t.team))].sort();
  const themeIds = deps.taxonomy.themes.map((t) => t.id);

  const contextFor = (event: APIGatewayProxyEventV2, viewer: Viewer, nonce: string, now: Date) => {
    const chosen = workbenchLocale(event, { ...deps.staff, secure: secure(event) }, viewer);
    const params = event.queryStringParameters ?? {};
    const flash = verifiedNote(params.flash, params.fs, deps.secret);
    const ctx: WorkbenchContext = {
      locale: chosen.locale,
      timeZone: chosen.timeZone,
      words: taskWords(chosen.locale, deps.taxonomy),
      text: WORKBENCH_TEXT[chosen.locale],
      viewer,
      now,
      nonce,
      basePath: deps.basePath,
      ...(flash && { flash }),
    };
    return { ctx, cookies: chosen.cookies };
  };

  /** The queue: the filters from the URL (400 naming the field otherwise), a page of tasks, their latest words. */
  const queue = async (event: APIGatewayProxyEventV2, viewer: Viewer, lens: Lens, nonce: string, now: Date) => {
    const { ctx, cookies } = contextFor(event, viewer, nonce, now);
    const { flash: _f, fs: _s, lang: _l, ...filters } = event.queryStringParameters ?? {};
    const query = taskQueryFrom(filters, now);
    const [result, loop] = await Promise.all([deps.tasks.listTasks(query), readLoopFigures(deps.tasks, now)]);
    const latestIds = result.items.map((t) => t.feedbackIds[t.feedbackIds.length - 1] ?? "");
    // A viewer with the right reads the texts as written and the name each customer gave (any of their task's feedback).
    const [records, originals] = await Promise.all([
      deps.feedback.storedRecords(latestIds),
      viewer.canSeePersonalData
        ? deps.feedback.originals(result.items.flatMap((t) => t.feedbackIds))
        : Promise.resolve(new Map<string, Originals>()),
    ]);
    const tasks = result.items.map((task, i) => {
      const latest = latestIds[i] ?? "";
      const record = records.get(latest);
      const text = originals.get(latest)?.originalText ?? (record && forViewer("feedback", record, lens).text);
      const name = [...task.feedbackIds]
        .reverse()
        .map((id) => originals.get(id)?.customerName)
        .find((n) => n !== undefined && n.trim() !== "");
      // Seeing the name is an unmasked read of the contact, recorded like the task page's.
      const shown = name === undefined ? undefined : forViewer("contact", { id: task.id, name, phones: [] }, lens).name;
      return taskView(task, lens, text, shown);
    });
    const body = renderTriagePage({
      ...ctx,
      tasks,
      filters: {
        ...(filters.status && { status: filters.status }),
        ...(filters.team && { team: filters.team }),
        ...(filters.theme && { theme: filters.theme }),
        ...(filters.channel && { channel: filters.channel }),
        ...(filters.assignee && { assignee: filters.assignee }),
        ...(query.dueBefore !== undefined && { overdue: true }),
      },
      teams,
      themes: themeIds,
      satisfaction: loop.satisfaction,
      recovery: loop.recovery,
      ...(result.cursor && { nextCursor: result.cursor }),
    });
    return page(200, body, nonce, cookies);
  };

  /** One task's page: its feedback, the customer's history, contact details, clocks, trail and forms. */
  const task = async (event: APIGatewayProxyEventV2, viewer: Viewer, lens: Lens, nonce: string, now: Date) => {
    const { ctx, cookies } = contextFor(event, viewer, nonce, now);
    const id = event.pathParameters?.id ?? "";
    const found = isTaskId(id) ? await deps.tasks.getTask(id) : undefined;
    if (!found) return page(404, renderTaskNotFound(ctx), nonce, cookies);
    const params = event.queryStringParameters ?? {};
    // The queue's filters ride along (bounded), so "back" returns to the same view.
    const from = filterQuery({
      ...(params.status && { status: params.status.slice(0, 64) }),
      ...(params.team && { team: params.team.slice(0, 64) }),
      ...(params.theme && { theme: params.theme.slice(0, 64) }),
      ...(params.channel && { channel: params.channel.slice(0, 64) }),
      ...(params.assignee && { assignee: params.assignee.slice(0, 200) }),
      ...(params.overdue && { overdue: true }),
    });
    const [records, originals, history, contact] = await Promise.all([
      deps.feedback.storedRecords(found.feedbackIds),
      viewer.canSeePersonalData
        ? deps.feedback.originalTexts(found.feedbackIds)
        : Promise.resolve(new Map<string, string>()),
      deps.feedback.customerHistory(contactKey(found.contact), HISTORY_LIMIT + found.feedbackIds.length),
      contactDetails(deps.feedback, found, deps.staff.locale),
    ]);
    const inTask = new Set(found.feedbackIds);
    const items = [...found.feedbackIds].reverse().flatMap((f) => {
      const record = records.get(f);
      return record ? [itemView(record, lens, originals.get(f))] : [];
    });
    const earlier = history
      .filter((r) => !inTask.has(r.id))
      .slice(0, HISTORY_LIMIT)
      .map((r) => itemView(r, lens, undefined));
    const suppressed =
      contact.email === undefined
        ? undefined
        : (await deps.suppressions?.suppressedAmong([contact.email]))?.get(normaliseAddress(contact.email));
    const shownContact = forViewer("contact", { id: found.id, ...contact }, lens);
    const t = forViewer("task", found, lens);
    const templates = Object.fromEntries(
      Object.entries(deps.templates[contact.locale]).map(([key, template]) => [
        key,
        fillTemplate(template, contact.locale, contact.name, viewer.name),
      ]),
    );
    const template =
      params.template !== undefined && Object.hasOwn(templates, params.template) ? params.template : undefined;
    const body = renderTaskPage({
      ...ctx,
      task: {
        ...taskView(found, lens, undefined, shownContact.name),
        round: t.round,
        ...(t.firstRespondedAt !== undefined && { firstRespondedAt: t.firstRespondedAt }),
        ...(t.resolvedAt !== undefined && { resolvedAt: t.resolvedAt }),
        ...(t.outcome !== undefined && { outcome: t.outcome }),
        ...(t.resolutionNote !== undefined && { resolutionNote: t.resolutionNote }),
        ...(t.closedAt !== undefined && { closedAt: t.closedAt }),
        audit: t.audit,
      },
      contact: {
        unmasked: viewer.canSeePersonalData,
        ...(shownContact.email !== undefined && { email: shownContact.email }),
        ...(shownContact.name !== undefined && { name: shownContact.name }),
        phones: shownContact.phones ?? [],
        ...(suppressed && { mailSuppressed: { reason: suppressed.reason, at: suppressed.at } }),
      },
      customerLocale: contact.locale,
      items,
      history: earlier,
      templates,
      ...(template !== undefined && { template }),
      themeIds,
      queueQuery: from,
    });
    return page(200, body, nonce, cookies);
  };

  /** Where a form goes back to, with a signed flash line. */
  const back = (form: URLSearchParams, taskId: string | undefined, flash: string) => {
    const note = signedNote(flash, deps.secret);
    const field = (k: string, max: number) => (form.get(`q_${k}`) ?? "").slice(0, max);
    const query = filterQuery({
      ...(field("status", 64) && { status: field("status", 64) }),
      ...(field("team", 64) && { team: field("team", 64) }),
      ...(field("theme", 64) && { theme: field("theme", 64) }),
      ...(field("channel", 64) && { channel: field("channel", 64) }),
      ...(field("assignee", 200) && { assignee: field("assignee", 200) }),
      ...(field("overdue", 8) && { overdue: true }),
    });
    if (taskId !== undefined && form.get("back") === "task") {
      const q = new URLSearchParams(query);
      q.set("flash", note.flash);
      q.set("fs", note.fs);
      return redirect(`${deps.basePath}/tasks/${encodeURIComponent(taskId)}?${q}`);
    }
    const q = new URLSearchParams(query);
    q.set("flash", note.flash);
    q.set("fs", note.fs);
    return redirect(`${deps.basePath}?${q}`);
  };

  /** An action from the queue or the task page (the lifecycle steps, "note", "reply"). */
  const act = async (event: APIGatewayProxyEventV2, viewer: Viewer, now: Date) => {
    const { ctx } = contextFor(event, viewer, "", now);
    const T = ctx.text;
    const { id = "", action = "" } = event.pathParameters ?? {};
    const form = formBody(event);
    let flash: string;
    try {
      if (action === "reply") {
        const parsed = ReplyBody.safeParse({
          version: form.get("version"),
          subject: form.get("subject") ?? "",
          body: form.get("body") ?? "",
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new ValidationError("The reply is invalid", [
            { field: String(issue?.path[0] ?? "body"), message: issue?.message ?? "is invalid" },
          ]);
        }
        const replied = await replyToCustomer(
          { tasks: deps.tasks, feedback: deps.feedback, mailer: deps.customerMail, fallbackLocale: deps.staff.locale },
          id,
          parsed.data,
          viewer.name,
          now,
        );
        // A resolved task, or one waiting on the customer, stays so: the page says only that the email went.
        flash = replied.status === "contacted" ? T.replySent : T.replySentOnly;
      } else {
        const step = TASK_ACTIONS.find((a) => a === action);
        if (!step) throw new ValidationError("Unknown action", [{ field: "action", message: "is not an action" }]);
        const assignee = step === "assign" ? assigneeOf(form) : undefined;
        const outcome = form.get("outcome") || undefined;
        const note = form.get("note")?.trim() || undefined;
        // The task page's checkbox says yes or no; the queue's one-click resolve leaves it to the rules.
        const confirm = form.has("confirm_shown") ? form.get("confirm") === "1" : undefined;
        const confirmations = deps.confirmations && {
          ...deps.confirmations,
          baseUrl: deps.confirmations.baseUrl(event),
          onError: (problem: string) => deps.confirmations?.onError?.(problem, id),
        };
        await actOnTask(
          { tasks: deps.tasks, confirmations, events: deps.events },
          id,
          step,
          { version: Number(form.get("version")), assignee, outcome, note, confirm },
          viewer.name,
          now,
        );
        flash =
          step === "note"
            ? T.done(T.addNote)
            : assignee !== undefined && assignee !== viewer.name
              ? T.assignedTo(assignee)
              : T.done(T.actions[step as WorkbenchAction] ?? step);
      }
    } catch (error) {
      // The address bounced or complained since the page was drawn: say so in the lead's words and zone.
      flash =
        error instanceof AddressSuppressedError
          ? T.mailSuppressed(error.suppression.reason, ctx.words.dateTime(error.suppression.at, ctx.timeZone))
          : sayProblem(error, ctx);
    }
    return back(form, isTaskId(id) ? id : undefined, flash);
  };

  /** "Reading wrong?" on the task page: the corrections use case, then back to the task. */
  const correct = async (event: APIGatewayProxyEventV2, viewer: Viewer, now: Date) => {
    const { ctx } = contextFor(event, viewer, "", now);
    const id = event.pathParameters?.id ?? "";
    const form = formBody(event);
    const taskId = form.get("task") ?? "";
    const themes = form.getAll("themes");
    let flash: string;
    try {
      if (!isFeedbackId(id)) throw new NotFoundError(ctx.text.notFound);
      await correctFeedback(
        { store: deps.feedback, taxonomy: deps.taxonomy, now: () => now },
        id,
        { ...(form.get("sentiment") && { sentiment: form.get("sentiment") }), themes },
        viewer.name,
      );
      flash = ctx.text.corrections;
    } catch (error) {
      flash = sayProblem(error, ctx);
    }
    // From the explorer's theme page: back there, with the word on the outcome.
    const explored = form.get("explore") ?? "";
    if (deps.taxonomy.themes.some((t) => t.id === explored)) {
      const note = signedNote(flash, deps.secret);
      return redirect(`/explore/themes/${encodeURIComponent(explored)}?${new URLSearchParams(note)}`);
    }
    form.set("back", "task");
    return back(form, isTaskId(taskId) ? taskId : undefined, flash);
  };

  return { queue, task, act, correct };
};
