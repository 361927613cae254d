/**
 * The SLA countdown's words, on the server and in the browser: the page is right without
 * JavaScript, and a few lines of inline script keep it live with the same text.
 */

const MINUTE = 60_000;

/** "23 min", "1 h 05 min", "2 d 3 h"; negative (overdue) durations get a leading "-". Floors to the minute. */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms)) return "–";
  const total = Math.floor(Math.abs(ms) / MINUTE);
  if (total === 0) return "0 min";
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const body =
    days > 0
      ? `${days} d ${hours} h`
      : hours > 0
        ? `${hours} h ${String(minutes).padStart(2, "0")} min`
        : `${minutes} min`;
  return (ms < 0 ? "-" : "") + body;
};

/** The SLA cell's text for `ms` until the deadline (negative when it has passed). */
export const countdownText = (ms: number): string => {
  if (ms < 0) return `overdue by ${ms > -MINUTE ? "under 1 min" : formatDuration(-ms)}`;
  return `due in ${ms < MINUTE ? "under 1 min" : formatDuration(ms)}`;
};

/**
 * The browser's copy of `formatDuration` and `countdownText`, kept equal to them by a unit test.
 * Exported for the page's script and that test.
 */
export const COUNTDOWN_JS =
  'function fmt(ms){if(!isFinite(ms))return"\\u2013";var t=Math.floor(Math.abs(ms)/6e4);if(!t)return"0 min";' +
  "var d=Math.floor(t/1440),h=Math.floor(t%1440/60),m=t%60;" +
  'return(ms<0?"-":"")+(d?d+" d "+h+" h":h?h+" h "+(m<10?"0":"")+m+" min":m+" min")}' +
  'function cd(ms){return ms<0?"overdue by "+(ms>-6e4?"under 1 min":fmt(-ms)):"due in "+(ms<6e4?"under 1 min":fmt(ms))}';
