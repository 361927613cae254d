import fc from "fast-check";
import { Parser } from "htmlparser2";
import { expect } from "vitest";

/**
 * Nothing a customer writes can add markup or script to a page or an email. Every HTML output is
 * rendered twice from the same data: once with hostile strings in every field a customer (or a
 * URL) controls, once with the same strings "neutralized" (each of < > & " ' ` = replaced by
 * "_", so lengths, scripts and line breaks stay put). Parsed with htmlparser2, the two must have
 * the same elements, attributes, comments and scripts in the same order; customer data may only
 * appear in text, in text-bearing attributes (value, title, data-*) and in URLs; and the text the
 * reader sees must be the customer's characters, escaped exactly once.
 */

// ---------------------------------------------------------------------------------------------
// Parsing.

export interface Attr {
  tag: string;
  name: string;
  value: string;
}

export interface ParsedHtml {
  /** Start tags with their attribute names (duplicates kept), end tags, comments, declarations. */
  skeleton: string[];
  attributes: Attr[];
  /** What a reader sees: decoded text outside <script> and <style>. */
  text: string;
  scripts: string[];
}

/** htmlparser2 leaves entities in <textarea> (RCDATA) undecoded; a <title> decodes them the same way. */
const decodeRcdata = (raw: string): string => {
  let out = "";
  const p = new Parser({ ontext: (t) => (out += t) }, { decodeEntities: true });
  p.write(`<title>${raw.replace(/<\/title/gi, "&lt;/title")}</title>`);
  p.end();
  return out;
};

export const parseHtml = (html: string): ParsedHtml => {
  const skeleton: string[] = [];
  const attributes: Attr[] = [];
  const scripts: string[] = [];
  let text = "";
  let tag = "";
  let names: string[] = [];
  const open: string[] = [];
  const parser = new Parser(
    {
      onopentagname: (name) => {
        tag = name;
        names = [];
      },
      onattribute: (name, value) => {
        names.push(name);
        attributes.push({ tag, name, value });
      },
      onopentag: (name) => {
        skeleton.push(`<${name}${names.map((n) => ` ${n}`).join("")}>`);
        open.push(name);
        if (name === "script") scripts.push("");
      },
      onclosetag: (name) => {
        skeleton.push(`</${name}>`);
        open.pop();
      },
      ontext: (t) => {
        const inside = open[open.length - 1];
        if (inside === "script") scripts[scripts.length - 1] += t;
        else if (inside === "textarea") text += decodeRcdata(t);
        else if (inside !== "style") text += t;
      },
      oncomment: (c) => skeleton.push(`<!--${c}-->`),
      oncdatastart: () => skeleton.push("<![CDATA["),
      onprocessinginstruction: (_name, data) => skeleton.push(`<${data}>`),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { skeleton, attributes, text, scripts };
};

// ---------------------------------------------------------------------------------------------
// Hostile strings and their neutral twins.

const PAYLOADS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  " onmouseover=alert(1) x=",
  "</style><script>alert(1)</script>",
  "</textarea><script>alert(1)</script>",
  "</title><script>alert(1)</script>",
  "</script><script>alert(1)</script>",
  "<scr<script>ipt>alert(1)</script>",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(document.cookie)",
  '<a href="javascript:alert(1)">click</a>',
  "<iframe srcdoc='<script>alert(1)</script>'>",
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  "<svg><style><img src=x onerror=alert(1)></style></svg>",
  '<style>*{background:url("javascript:alert(1)")}</style>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  "<form action=https://evil.example><button>Claim refund</button></form>",
  "{{constructor.constructor('alert(1)')()}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  "${alert(1)}",
  "`-alert(1)-`",
  "<![CDATA[<script>alert(1)</script>]]>",
  "<!--<script>alert(1)</script>-->",
  "--><script>alert(1)</script><!--",
  "<!-- ",
  "<!DOCTYPE html><html><body onload=alert(1)>",
  "<?xml version='1.0'?><x/>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&#60;script&#62;alert(1)&#60;/script&#62;",
  "&amp;&quot;&#x27;&#39;&nbsp;",
  '"\u0000><script>alert(1)</script>',
  "＜script＞alert(1)＜/script＞",
  "\u202e>tpircs/<\u202c",
  "\u2028alert(1)\u2029",
  "\u200b<\u200bscript\u200b>",
  "<\u0000script>alert(1)</script>",
  "退款<b>没到</b>账 😡",
  "שלום <i>עולם</i>",
] as const;

const UNICODE = [
  "",
  " ",
  "\n",
  "\r\n",
  "\t",
  "好",
  "還",
  "😡",
  "👩‍💻",
  "🇨🇳",
  "\u200f",
  "\u200d",
  "\ufeff",
  "e\u0301",
  "مرحبا",
];

/** A hostile payload wrapped in Unicode noise; sometimes raw binary strings, lone surrogates included. */
export const hostile = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...UNICODE), fc.constantFrom(...PAYLOADS), fc.constantFrom(...UNICODE))
      .map((p) => p.join("")),
  },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...PAYLOADS), { minLength: 2, maxLength: 4 }).map((p) => p.join(" ")),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 40 }) },
);

/** Same length, same line breaks and scripts, nothing that could ever be markup. */
export const neutral = (s: string): string => s.replace(/[<>&"'`=]/g, "_");

// ---------------------------------------------------------------------------------------------
// The comparison.

/** Attributes whose values are text a person reads; customer data may land here (escaped). */
const TEXT_ATTRIBUTES = /^(value|title|alt|placeholder|aria-label|data-[\w-]+)$/;
/** Attributes holding URLs: customer data may be in them, but never a script scheme. */
export const URL_ATTRIBUTES = /^(href|src|action|formaction|xlink:href|srcset|poster|background)$/;
const SCRIPT_SCHEME = /^[\s\p{Cc}]*(javascript|vbscript|data:text\/html)/iu;

/** A URL attribute as text: percent-decoded (form-style), then neutralized unless asked not to. */
const urlText = (value: string, neutralize = true): string => {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    // Not percent-encoded data: compare it as it is.
  }
  return neutralize ? neutral(decoded) : decoded;
};

/**
 * `hostileHtml` and `neutralHtml` render the same data, with hostile and neutralized strings.
 */
export const expectNoInjection = (hostileHtml: string, neutralHtml: string) => {
  const h = parseHtml(hostileHtml);
  const n = parseHtml(neutralHtml);
  // Same elements, attributes, comments and declarations, in the same order.
  expect(h.skeleton).toEqual(n.skeleton);
  expect(h.attributes).toHaveLength(n.attributes.length);
  h.attributes.forEach((attr, i) => {
    const twin = n.attributes[i] as Attr;
    expect(attr.name).toBe(twin.name);
    expect(attr.name, `event handler on <${attr.tag}>`).not.toMatch(/^on/i);
    if (URL_ATTRIBUTES.test(attr.name)) {
      expect(attr.value, `${attr.name} on <${attr.tag}>`).not.toMatch(SCRIPT_SCHEME);
      expect(urlText(attr.value)).toBe(urlText(twin.value));
    } else if (TEXT_ATTRIBUTES.test(attr.name)) {
      expect(neutral(attr.value)).toBe(neutral(twin.value));
    } else {
      // style, class, id, lang, nonce, type, name...: never anything from the data.
      expect(attr.value, `${attr.name} on <${attr.tag}>`).toBe(twin.value);
    }
  });
  // What a reader sees is the customer's characters, where the template puts them, escaped once.
  expect(neutral(h.text)).toBe(neutral(n.text));
  // The template's own scripts only, and they still parse.
  expect(h.scripts).toHaveLength(n.scripts.length);
  for (const script of h.scripts) {
    expect(script).not.toMatch(/<!--|<\/?script/i);
    expect(() => new Function(script)).not.toThrow();
  }
  return h;
};

/** Every payload with no control or line-separator characters shows up as plain text. */
export const expectShown = (parsed: ParsedHtml, fields: readonly string[]) => {
  const shown = parsed.attributes.map((a) => (URL_ATTRIBUTES.test(a.name) ? urlText(a.value, false) : a.value));
  const visible = `${parsed.text}\n${shown.join("\n")}`.replace(/\s+/g, " ");
  for (const value of fields) {
    for (const payload of PAYLOADS) {
      if (!value.includes(payload) || /[\p{Cc}\u2028\u2029]/u.test(payload)) continue;
      expect(visible).toContain(payload.replace(/\s+/g, " ").trim());
    }
  }
};
