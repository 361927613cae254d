import { escapeHtml } from "#shared/kernel/html";
import { countdownJs } from "./triage-countdown.ts";
import type { WorkbenchText } from "./workbench-text.ts";

/**
 * The frame both pages share (a complete, non-indexed document with its nonce'd inline style and
 * script), their styles, and the triage page's script.
 */

// Contrast on white: text #111827 17:1, muted #374151 10:1, link/primary #1d4ed8 6.7:1, overdue #b91c1c 6.5:1
// (6.0:1 on #fef2f2). Badges: P1 white on #b91c1c 6.5:1, P2 white on #c2410c 5.2:1, P3 #111827 on #fcd34d 12:1,
// P4 white on #4b5563 7.6:1. Every badge carries its meaning in text too.
const BASE_CSS =
  "*{box-sizing:border-box}" +
  'body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Microsoft JhengHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;color:#111827;background:#fff}' +
  "h1{font-size:1.25rem;margin:0}a{color:#1d4ed8}form{margin:0}" +
  "select,input{font:inherit;color:inherit;min-height:28px;border:1px solid #6b7280;border-radius:4px;background:#fff}" +
  "button{font:inherit;min-height:28px;min-width:24px;padding:.125rem .5rem;border:1px solid #1d4ed8;border-radius:4px;background:#fff;color:#1d4ed8;font-weight:600;cursor:pointer}" +
  ".pri{background:#1d4ed8;color:#fff}:focus-visible{outline:3px solid #111827;outline-offset:2px}" +
  ".note{color:#374151;margin:0 0 .5rem}" +
  "@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important;scroll-behavior:auto!important}}";

export const TRIAGE_CSS =
  BASE_CSS +
  "main{padding:.75rem 1rem 2rem}h2{font-size:1.125rem;margin:0 0 .5rem}" +
  ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.25rem .5rem}" +
  ".top,.who,.flt,td form,.acts,.lang{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem}.top{justify-content:space-between;margin-bottom:.5rem}" +
  ".lang a[aria-current]{font-weight:700;color:#111827;text-decoration:none}" +
  ".flt{align-items:flex-end;gap:.5rem .75rem;padding:.5rem 0;border-bottom:1px solid #6b7280;margin-bottom:.5rem}" +
  ".flt label,small,thead th,td label{font-size:.8125rem}.flt label{display:block;font-weight:600}" +
  ".ck{display:flex;align-items:center;gap:.25rem;min-height:28px}.flt .ck label{display:inline;font-size:inherit}" +
  'input[type="checkbox"],input[type="radio"]{width:20px;height:20px;min-height:0;margin:2px}' +
  "#flash:empty{display:none}#flash{margin:0 0 .5rem;padding:.5rem .75rem;border-left:4px solid #1d4ed8;background:#eff6ff;color:#1e3a8a}" +
  ".tw{overflow-x:auto}table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.25rem 0}" +
  "th,td{padding:.375rem .5rem;border-bottom:1px solid #d1d5db;text-align:left;vertical-align:top}" +
  'thead th{color:#374151;border-bottom:2px solid #6b7280}th[scope="row"]{font-weight:400}th[scope="row"] a{font-weight:600}' +
  "tr:focus{outline:3px solid #1d4ed8;outline-offset:-3px}tr:focus>*{background:#eff6ff}tr.od>td:first-child{box-shadow:inset 4px 0 #b91c1c}" +
  "b.p1,b.p2,b.p3,b.p4{display:inline-block;min-width:2.25rem;padding:0 .375rem;border-radius:4px;font-weight:700;text-align:center}" +
  ".p1{background:#b91c1c;color:#fff}.p2{background:#c2410c;color:#fff}.p3{background:#fcd34d;color:#111827}.p4{background:#4b5563;color:#fff}" +
  ".t,em.esc,kbd{display:inline-block;border:1px solid #6b7280;border-radius:4px;padding:0 .25rem;font-family:inherit}" +
  "details ul{margin:.25rem 0;padding-left:1rem}summary{cursor:pointer;color:#1d4ed8;min-height:24px}" +
  "td.w{max-width:28rem;overflow-wrap:anywhere}td.w summary{color:inherit}" +
  // Short words (原因, 待处理, 未分配) must not break one character per line on a desktop: column
  // names stay on one line, and the priority, channel and status columns keep room for a word.
  "thead th{white-space:nowrap}#queue summary{white-space:nowrap}" +
  "#queue tr>:nth-child(1){min-width:5.5rem}#queue tr>:nth-child(3){min-width:6rem}#queue tr>:nth-child(7){min-width:6.5rem}" +
  ".loop{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:0 1.5rem}" +
  "strong.od{color:#b91c1c}em.esc{font-style:normal;color:#7c2d12;border-color:#7c2d12;font-weight:600}" +
  "td small,dd small,th small.cm{display:block;color:#374151}th small.cm{margin-top:.125rem}.pg{margin-top:.75rem}" +
  "dialog{border:2px solid #111827;border-radius:6px;max-width:28rem}dialog::backdrop{background:rgb(0 0 0/.4)}" +
  "dl.keys{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}dd{margin:0}" +
  // The task page: the customer's words and what happened on the left, how to act on the right.
  '.task{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);grid-template-areas:"w s" "h s" "t s";grid-template-rows:auto auto 1fr;gap:0 1.5rem;align-items:start}' +
  ".a-w{grid-area:w}.a-s{grid-area:s}.a-h{grid-area:h}.a-t{grid-area:t}.a-s>.card{margin-bottom:1rem}" +
  ".acts form{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}.acts form>label,.acts form>select,.acts form>input{flex:1 1 100%}" +
  "section{margin:0 0 1.25rem}.card{border:1px solid #d1d5db;border-radius:6px;padding:.75rem}" +
  ".fb{list-style:none;margin:0;padding:0}.fb>li{border-top:1px solid #d1d5db;padding:.5rem 0}" +
  ".older>summary{padding:.375rem 0;font-weight:600}.older[open]>summary{border-bottom:1px solid #d1d5db}" +
  ".fb blockquote{margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere}.meta{color:#374151;font-size:.8125rem}" +
  ".facts{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0}.facts dt{color:#374151}" +
  ".trail{list-style:none;margin:0;padding:0 0 0 .75rem;border-left:2px solid #d1d5db}.trail li{margin:0 0 .5rem}" +
  "textarea,input[type=text],.card select{width:100%;font:inherit;border:1px solid #6b7280;border-radius:4px;padding:.375rem}" +
  "textarea{min-height:7rem}.stack>*{margin:0 0 .5rem}.stack label{display:block;font-weight:600;font-size:.8125rem}" +
  ".chk{display:flex;flex-wrap:wrap;gap:.25rem .75rem;border:0;padding:0;margin:0}.chk label{display:flex;align-items:center;gap:.25rem;font-weight:400}" +
  // Phones: the queue's rows become cards, each cell with its column's name; the task page one column.
  '@media (max-width:40rem){main{padding:.5rem .75rem 2rem}.task{grid-template-columns:minmax(0,1fr);grid-template-areas:"w" "s" "h" "t";grid-template-rows:auto}' +
  "#queue thead{position:absolute;left:-999px}#queue,#queue tbody,#queue tr,#queue th,#queue td{display:block;width:auto;max-width:none}" +
  "#queue caption{display:block}#queue tr{border:1px solid #d1d5db;border-radius:6px;margin:0 0 .75rem;padding:.25rem .5rem}#queue th,#queue td{border:0;padding:.25rem 0}" +
  "#queue tr>*::before{display:block;font-size:.75rem;color:#374151;font-weight:600}" +
  "button{min-height:44px;min-width:44px}select,input{min-height:44px}.older>summary{padding:.75rem 0}}";

export const LOGIN_CSS =
  BASE_CSS +
  "main{max-width:22rem;margin:3rem auto;padding:0 1rem}label{display:block;font-weight:600;margin-top:.75rem}" +
  "input{width:100%;padding:.375rem}button{margin-top:1rem;min-height:36px}" +
  "[role=alert]{padding:.5rem .75rem;border-left:4px solid #b91c1c;background:#fef2f2;color:#7f1d1d}";

/** Keeps the browser's time zone in a cookie (read by the server for dates); reloads once if it changed. */
const TIME_ZONE_JS =
  'try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&z!==b.getAttribute("data-tz")){' +
  'd.cookie="hb_tz="+encodeURIComponent(z)+";path=/;max-age=31536000;samesite=lax";' +
  'if(!sessionStorage.getItem("hb_tz")){sessionStorage.setItem("hb_tz","1");location.reload()}}}catch(e){}';

/** Live countdowns in every <time data-due> of the page, in the lead's words, following the server clock. */
const tickJs = (text: WorkbenchText): string =>
  countdownJs(text.countdown) +
  'var skew=Date.parse(b.getAttribute("data-now"))-Date.now();if(!isFinite(skew))skew=0;' +
  'function tick(){var now=Date.now()+skew;[].forEach.call(d.querySelectorAll("time[data-due]"),function(t){' +
  'var ms=Date.parse(t.getAttribute("datetime"))-now;if(!isFinite(ms))return;t.textContent=cd(ms);var r=t.closest("tr");' +
  'if(ms<0&&r&&!r.classList.contains("od")){r.classList.add("od");var o=d.createElement("strong");o.className="od";o.textContent=' +
  JSON.stringify(text.overdue).replaceAll("<", "\\u003c") +
  ';t.parentNode.insertBefore(o,t);t.parentNode.insertBefore(d.createTextNode(" "),t)}})}' +
  "tick();setInterval(tick,30000);";

/** The shortcut help dialog and the rule that keys are ignored while typing or with a modifier. */
const KEYS_JS =
  'var dlg=d.getElementById("help"),kb=d.getElementById("kb");' +
  "function help(){if(!dlg||!dlg.showModal)return;if(dlg.open)dlg.close();else dlg.showModal()}" +
  'if(kb&&dlg&&dlg.showModal){kb.hidden=false;kb.addEventListener("click",help)}' +
  'function typing(e){var t=e.target,n=t&&t.tagName;return e.defaultPrevented||e.ctrlKey||e.metaKey||e.altKey||n==="INPUT"||n==="SELECT"||n==="TEXTAREA"||(t&&t.isContentEditable)}' +
  // A form's buttons post to .../{action}: the first through its form's action, the others through formaction.
  'function press(root,a){return root&&[].some.call(root.querySelectorAll("form[method=post] button"),function(x){' +
  'var u=x.getAttribute("formaction")||x.form.getAttribute("action");if(u.slice(-a.length-1)!=="/"+a)return false;x.click();return true})}';

/**
 * The queue's script. Progressive enhancement only: every action works as a plain form without it.
 * j/k move between rows, o or Enter opens the focused task, a/c/r act on it.
 */
export const queueScript = (text: WorkbenchText): string =>
  "(function(){var d=document,b=d.body;" +
  TIME_ZONE_JS +
  tickJs(text) +
  KEYS_JS +
  'function rows(){return[].slice.call(d.querySelectorAll("tr[tabindex]"))}' +
  'function cur(){var a=d.activeElement;return a&&a.closest?a.closest("tr[tabindex]"):null}' +
  "function mv(n){var rs=rows();if(!rs.length)return;var i=rs.indexOf(cur());i=i<0?(n>0?0:rs.length-1):Math.max(0,Math.min(rs.length-1,i+n));rs[i].focus()}" +
  'function open(){var r=cur(),a=r&&r.querySelector("a[data-open]");if(a)a.click()}' +
  'd.addEventListener("keydown",function(e){if(typing(e))return;' +
  'if(dlg&&dlg.open&&e.key!=="?")return;var s;' +
  'switch(e.key){case"j":mv(1);break;case"k":mv(-1);break;case"o":case"Enter":if(!cur())return;open();break;' +
  'case"a":press(cur(),"assign");break;case"c":press(cur(),"contact");break;' +
  'case"r":s=cur();s=s&&s.querySelector("select[name=outcome]");if(!s)return;s.focus();break;' +
  'case"/":s=d.getElementById("f-status");if(!s)return;s.focus();break;case"?":help();break;default:return}' +
  "e.preventDefault()})})();";

/**
 * The task page's script: live clocks, templates that fill the reply form, and keys (u back to the
 * queue, a/c act, m write, n note, r resolve). Without it every form still works.
 */
export const taskScript = (text: WorkbenchText): string =>
  "(function(){var d=document,b=d.body;" +
  TIME_ZONE_JS +
  tickJs(text) +
  KEYS_JS +
  'var tpl=d.getElementById("r-template"),data=d.getElementById("templates"),T={};' +
  "try{T=JSON.parse(data.textContent)}catch(e){}" +
  'if(tpl)tpl.addEventListener("change",function(){var t=T[tpl.value];if(!t)return;' +
  'd.getElementById("r-subject").value=t.subject;d.getElementById("r-body").value=t.body});' +
  'var go=d.getElementById("r-go");if(go)go.hidden=true;' +
  "function focus(id){var x=d.getElementById(id);if(x){x.focus();return true}return false}" +
  'd.addEventListener("keydown",function(e){if(typing(e))return;if(dlg&&dlg.open&&e.key!=="?")return;var ok=true;' +
  'switch(e.key){case"u":var back=d.getElementById("back");if(back)back.click();break;' +
  'case"a":ok=press(d.getElementById("actions"),"assign");break;case"c":ok=press(d.getElementById("actions"),"contact");break;' +
  'case"m":ok=focus("r-body");break;case"n":ok=focus("n-note");break;case"r":ok=focus("a-outcome");break;' +
  'case"?":help();break;default:return}if(ok)e.preventDefault()})})();';

export const shell = (
  title: string,
  css: string,
  body: string,
  nonce: string,
  bodyAttrs = "",
  script?: string,
  lang = "en",
): string => {
  const n = ` nonce="${escapeHtml(nonce)}"`;
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex"><meta name="referrer" content="same-origin">' +
    `<meta name="color-scheme" content="light"><title>${escapeHtml(title)}</title><style${n}>${css}</style></head>` +
    `<body${bodyAttrs}>${body}${script === undefined ? "" : `<script${n}>${script}</script>`}</body></html>`
  );
};
