import type { CountdownWords } from "./workbench-text.ts";

/**
 * The SLA countdown's words, on the server and in the browser: the page is right without
 * JavaScript, and a few lines of inline script keep it live with the same text, in the lead's
 * language (the words are handed to the script as data).
 */

const MINUTE = 60_000;

/** "23 min", "1 h 05 min", "2 d 3 h"; negative (overdue) durations get a leading "-". Floors to the minute. */
export const formatDuration = (ms: number, w: CountdownWords): string => {
  if (!Number.isFinite(ms)) return "–";
  const s = w.spaced ? " " : "";
  const total = Math.floor(Math.abs(ms) / MINUTE);
  if (total === 0) return `0${s}${w.min}`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const body =
    days > 0
      ? `${days}${s}${w.d} ${hours}${s}${w.h}`
      : hours > 0
        ? `${hours}${s}${w.h} ${String(minutes).padStart(2, "0")}${s}${w.min}`
        : `${minutes}${s}${w.min}`;
  return (ms < 0 ? "-" : "") + body;
};

/** The SLA cell's text for `ms` until the deadline (negative when it has passed). */
export const countdownText = (ms: number, w: CountdownWords): string => {
  if (ms < 0) return `${w.overdueBy} ${ms > -MINUTE ? w.underOneMinute : formatDuration(-ms, w)}`;
  return `${w.dueIn} ${ms < MINUTE ? w.underOneMinute : formatDuration(ms, w)}`;
};

/**
 * The browser's copy of `formatDuration` and `countdownText` for one language, kept equal to them
 * by a unit test. Exported for the page's script and that test. The words are JSON (never markup:
 * the script escapes "<" so no word can end the script element).
 */
export const countdownJs = (w: CountdownWords): string =>
  `var W=${JSON.stringify(w).replaceAll("<", "\\u003c")},S=W.spaced?" ":"";` +
  'function fmt(ms){if(!isFinite(ms))return"\\u2013";var t=Math.floor(Math.abs(ms)/6e4);if(!t)return"0"+S+W.min;' +
  "var d=Math.floor(t/1440),h=Math.floor(t%1440/60),m=t%60;" +
  'return(ms<0?"-":"")+(d?d+S+W.d+" "+h+S+W.h:h?h+S+W.h+" "+(m<10?"0":"")+m+S+W.min:m+S+W.min)}' +
  'function cd(ms){return ms<0?W.overdueBy+" "+(ms>-6e4?W.underOneMinute:fmt(-ms)):W.dueIn+" "+(ms<6e4?W.underOneMinute:fmt(ms))}';
