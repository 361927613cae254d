/**
 * Imported first by the CLI, before any module builds a logger or an AWS SDK client.
 *
 * On Node 20 the SDK prints a long NodeVersionSupportWarning at its first client: versions it publishes after
 * January 2027 will need Node 22. The versions pinned in package.json run on Node 20, and Lambda runs Node 22, so the
 * notice says nothing a developer must act on now; the README explains it once instead.
 *
 * The functions' logger reads its level when the module is first imported, which for `hearback start` is before the
 * local stack sets its environment: warnings and errors only on a developer's console, as the stack intends
 * (POWERTOOLS_LOG_LEVEL=INFO shows every line).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
