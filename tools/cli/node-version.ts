/**
 * Imported first by the CLI, before any AWS SDK client exists. On Node 20 the SDK prints a long
 * NodeVersionSupportWarning at its first client: versions it publishes after January 2027 will need
 * Node 22. The versions pinned in package.json run on Node 20, and Lambda runs Node 22, so the notice
 * says nothing a developer must act on now; the README explains it once instead.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
