import * as csstree from "css-tree";
import { Parser } from "htmlparser2";

/**
 * Whether an email's text stays readable in the three ways clients show it: the light design (its
 * inline colours and bgcolor attributes: what Gmail and Outlook for Windows render), the email's own
 * dark colours (its `@media (prefers-color-scheme:dark)` class rules, which win with !important: Apple
 * Mail, Outlook.com), and a client that inverts the light design by itself (Gmail's apps, Outlook's
 * dark mode), modelled here as each colour's RGB inverse. For every visible piece of text it works out
 * the colour and the background it is drawn on, as a browser would inherit them, and the WCAG
 * contrast ratio between the two.
 *
 * Only what the digest uses is understood: hex colours, single-class selectors in the dark rules.
 * Anything else throws, so a change the check cannot judge is noticed rather than passed.
 */

export type Scheme = "light" | "dark" | "inverted";

export interface TextColours {
  text: string;
  /** The innermost element holding it, e.g. `td.hb-tile > div.hb-muted`. */
  at: string;
  colours: Record<Scheme, { fg: string; bg: string; ratio: number }>;
}

type Rgb = readonly [number, number, number];

const hex = (value: string): Rgb => {
  const v = value.trim().toLowerCase();
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v);
  if (!m) throw new Error(`not a hex colour: ${value}`);
  const h = (m[1] ?? "").length === 3 ? [...(m[1] ?? "")].map((c) => c + c).join("") : (m[1] ?? "");
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
};
const toHex = (c: Rgb): string => `#${c.map((x) => x.toString(16).padStart(2, "0")).join("")}`;
const invert = (c: string): string => toHex(hex(c).map((x) => 255 - x) as unknown as Rgb);

const luminance = (c: Rgb): number => {
  const [r, g, b] = c.map((x) => {
    const s = x / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** WCAG 2 contrast ratio, 1 to 21. */
export const contrast = (fg: string, bg: string): number => {
  const [a, b] = [luminance(hex(fg)), luminance(hex(bg))].sort((x, y) => y - x) as [number, number];
  return (a + 0.05) / (b + 0.05);
};

interface Paint {
  color?: string;
  background?: string;
  hidden?: boolean;
}

const declarations = (css: string): Paint => {
  const paint: Paint = {};
  const ast = csstree.parse(css, { context: "declarationList" });
  csstree.walk(ast, {
    visit: "Declaration",
    enter: (d) => {
      const value = csstree.generate(d.value).trim();
      const property = d.property.toLowerCase();
      if (property === "color") paint.color = value;
      if (property === "background-color") paint.background = value;
      if (property === "display" && value === "none") paint.hidden = true;
    },
  });
  return paint;
};

/** The dark-mode rules: class -> colours, from every `@media (prefers-color-scheme:dark)` block. */
const darkRules = (styleSheets: readonly string[]): Map<string, Paint> => {
  const rules = new Map<string, Paint>();
  for (const sheet of styleSheets) {
    csstree.walk(csstree.parse(sheet), {
      visit: "Atrule",
      enter: (atrule) => {
        if (atrule.name !== "media" || !atrule.prelude) return;
        if (!/prefers-color-scheme\s*:\s*dark/.test(csstree.generate(atrule.prelude))) return;
        csstree.walk(atrule, {
          visit: "Rule",
          enter: (rule) => {
            const selector = csstree.generate(rule.prelude);
            const cls = /^\.([\w-]+)$/.exec(selector)?.[1];
            if (!cls) throw new Error(`dark-mode selector the check does not understand: ${selector}`);
            rules.set(cls, { ...rules.get(cls), ...declarations(csstree.generate(rule.block).slice(1, -1)) });
          },
        });
      },
    });
  }
  return rules;
};

interface Frame {
  tag: string;
  classes: string[];
  fg: Record<"light" | "dark", string>;
  bg: Record<"light" | "dark", string>;
  hidden: boolean;
}

/** Every visible piece of text with its colours in each scheme. */
export const textColours = (html: string): TextColours[] => {
  // First the style sheets (they are in <head>, before the text they colour).
  const sheets: string[] = [];
  let sheet: string | undefined;
  const collector = new Parser({
    onopentag: (name) => {
      if (name === "style") sheet = "";
    },
    ontext: (t) => {
      if (sheet !== undefined) sheet += t;
    },
    onclosetag: (name) => {
      if (name === "style" && sheet !== undefined) sheets.push(sheet);
      sheet = undefined;
    },
  });
  collector.write(html);
  collector.end();
  const dark = darkRules(sheets);

  const out: TextColours[] = [];
  // Clients' defaults: black text on white.
  const stack: Frame[] = [
    {
      tag: "",
      classes: [],
      fg: { light: "#000000", dark: "#000000" },
      bg: { light: "#ffffff", dark: "#ffffff" },
      hidden: false,
    },
  ];
  const parser = new Parser(
    {
      onopentag: (name, attrs) => {
        const parent = stack.at(-1) as Frame;
        const inline = attrs.style ? declarations(attrs.style) : {};
        const classes = (attrs.class ?? "").split(/\s+/).filter(Boolean);
        const override: Paint = Object.assign({}, ...classes.map((c) => dark.get(c) ?? {}));
        const lightBg = inline.background ?? attrs.bgcolor ?? parent.bg.light;
        const lightFg = inline.color ?? parent.fg.light;
        stack.push({
          tag: name,
          classes,
          fg: { light: lightFg, dark: override.color ?? inline.color ?? parent.fg.dark },
          bg: { light: lightBg, dark: override.background ?? inline.background ?? attrs.bgcolor ?? parent.bg.dark },
          hidden: parent.hidden || inline.hidden === true || ["head", "style", "title"].includes(name),
        });
      },
      onclosetag: () => {
        if (stack.length > 1) stack.pop();
      },
      ontext: (raw) => {
        const frame = stack.at(-1) as Frame;
        const text = raw.replace(/(?:[\s\u00a0\u200c]|\u034f)+/g, " ").trim();
        if (frame.hidden || text === "") return;
        const pair = (fg: string, bg: string) => ({ fg, bg, ratio: contrast(fg, bg) });
        out.push({
          text,
          at: stack
            .slice(-2)
            .map((f) => `${f.tag}${f.classes.map((c) => `.${c}`).join("")}`)
            .join(" > "),
          colours: {
            light: pair(frame.fg.light, frame.bg.light),
            dark: pair(frame.fg.dark, frame.bg.dark),
            inverted: pair(invert(frame.fg.light), invert(frame.bg.light)),
          },
        });
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
};
