import * as csstree from "css-tree";
import { Parser } from "htmlparser2";

/**
 * What an email's HTML uses, in caniemail's terms (https://www.caniemail.com): the HTML is parsed
 * with htmlparser2 and every style sheet and style attribute with css-tree, and each element,
 * attribute, CSS property, value, unit, at-rule and selector is mapped to the caniemail feature it
 * is (css-padding, css-at-media-prefers-color-scheme, html-target, image-png...). What has no
 * caniemail feature is reported apart (`unmapped`), so a check can list it on purpose instead of
 * missing it. Content of Outlook's conditional comments (`<!--[if mso]>...<![endif]-->`) is only
 * read by Outlook for Windows and counts as a comment.
 *
 * `gaps` then looks each used feature up in the vendored support data (caniemail.json, built by
 * build-caniemail-data.ts) and returns those some of the clients do not support ("n") or support
 * only partly ("a"), with the notes that say how.
 */

export interface Detected {
  /** caniemail feature -> the kinds of places it is used (e.g. `<td style> padding-top`, `<style> @media display`). */
  features: Map<string, Set<string>>;
  /** What caniemail has no feature for: "css property: color", "html element: br", "css selector: :root". */
  unmapped: Map<string, Set<string>>;
}

export interface SupportData {
  clients: readonly string[];
  supported: readonly string[];
  features: Readonly<
    Record<string, { title: string; support: Record<string, string>; notes?: Record<string, string> }>
  >;
}

const note = (map: Map<string, Set<string>>, key: string, where: string) => {
  const places = map.get(key) ?? new Set<string>();
  places.add(where);
  map.set(key, places);
};

// ---------------------------------------------------------------------------------------------
// HTML

const TAG_FEATURES: Readonly<Record<string, string>> = {
  h1: "html-h1-h6",
  h2: "html-h1-h6",
  h3: "html-h1-h6",
  h4: "html-h1-h6",
  h5: "html-h1-h6",
  h6: "html-h1-h6",
  ul: "html-lists",
  ol: "html-lists",
  li: "html-lists",
  dl: "html-lists",
  tr: "html-table",
  td: "html-table",
  th: "html-table",
  thead: "html-table",
  tbody: "html-table",
  tfoot: "html-table",
  caption: "html-table",
  s: "html-strike",
  strike: "html-strike",
  img: "html-img",
  ...Object.fromEntries(
    [
      "article",
      "aside",
      "details",
      "figcaption",
      "figure",
      "footer",
      "header",
      "main",
      "mark",
      "nav",
      "section",
      "summary",
      "time",
    ].map((t) => [t, "html-semantics"]),
  ),
};

/** Elements that carry no feature of their own in caniemail: the document's frame, links, line breaks. */
const FRAME = new Set(["html", "head", "title", "meta", "a", "br"]);

const ATTRIBUTE_FEATURES: Readonly<Record<string, string>> = {
  align: "html-align",
  valign: "html-valign",
  width: "html-width",
  height: "html-height",
  cellpadding: "html-cellpadding",
  cellspacing: "html-cellspacing",
  background: "html-background",
  dir: "html-dir",
  lang: "html-lang",
  role: "html-role",
  target: "html-target",
  hidden: "html-hidden",
  loading: "html-loading-attribute",
  srcset: "html-srcset",
  required: "html-required",
  popover: "html-popover",
  inert: "css-inert-attribute",
};

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  "image/png": "image-png",
  "image/jpeg": "image-jpg",
  "image/gif": "image-gif",
  "image/webp": "image-webp",
  "image/svg+xml": "image-svg",
  "image/avif": "image-avif",
};
const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  png: "image-png",
  jpg: "image-jpg",
  jpeg: "image-jpg",
  gif: "image-gif",
  webp: "image-webp",
  svg: "image-svg",
  avif: "image-avif",
};

// ---------------------------------------------------------------------------------------------
// CSS

const PROPERTY_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^padding-(top|right|bottom|left)$/, "css-padding"],
  [/^padding-(block|inline)$/, "css-padding-inline-block"],
  [/^padding-(block|inline)-(start|end)$/, "css-padding-block-start-end"],
  [/^margin-(top|right|bottom|left)$/, "css-margin"],
  [/^margin-(block|inline)$/, "css-margin-inline-block"],
  [/^margin-(block|inline)-(start|end)$/, "css-margin-block-start-end"],
  [/^border-(top|right|bottom|left)(-(width|style|color))?$/, "css-border"],
  [/^border-(width|style|color)$/, "css-border"],
  [/^border-(top|bottom)-(left|right)-radius$/, "css-border-radius"],
  [/^border-(start|end)-(start|end)-radius$/, "css-border-radius-logical"],
  [/^(top|right|bottom|left)$/, "css-left-right-top-bottom"],
  [/^overflow-[xy]$/, "css-overflow"],
  [/^(column-width|column-gap|column-rule.*|column-span|column-fill)$/, "css-column-layout-properties"],
  [/^(row-gap|column-gap)$/, "css-gap"],
  [/^grid-template-(columns|rows|areas)$/, "css-grid-template"],
  [/^list-style-(image|position|type)$/, "css-list-style"],
];

const FUNCTION_FEATURES: Readonly<Record<string, string>> = {
  rgb: "css-rgb",
  rgba: "css-rgba",
  calc: "css-unit-calc",
  min: "css-function-min",
  max: "css-function-max",
  clamp: "css-function-clamp",
  var: "css-variables",
  "light-dark": "css-function-light-dark",
  "linear-gradient": "css-linear-gradient",
  "radial-gradient": "css-radial-gradient",
  "conic-gradient": "css-conic-gradient",
};

const MEDIA_FEATURES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^prefers-color-scheme$/, "css-at-media-prefers-color-scheme"],
  [/^prefers-reduced-motion$/, "css-at-media-prefers-reduced-motion"],
  [/^orientation$/, "css-at-media-orientation"],
  [/^hover$/, "css-at-media-hover"],
  [/device-pixel-ratio$|^resolution$/, "css-at-media-device-pixel-ratio"],
];

const COMBINATORS: Readonly<Record<string, string>> = {
  " ": "css-selector-descendant",
  ">": "css-selector-child",
  "+": "css-selector-adjacent-sibling",
  "~": "css-selector-general-sibling",
};

export const detectFeatures = (
  html: string,
  data: Pick<SupportData, "supported" | "features">,
  options: { images?: Readonly<Record<string, string>> } = {},
): Detected => {
  const known = new Set([...data.supported, ...Object.keys(data.features)]);
  const detected: Detected = { features: new Map(), unmapped: new Map() };
  const use = (feature: string, where: string) => {
    if (known.has(feature)) note(detected.features, feature, where);
    else note(detected.unmapped, `caniemail has no ${feature}`, where);
  };
  const unmapped = (what: string, where: string) => note(detected.unmapped, what, where);

  const declaration = (d: csstree.Declaration, where: string) => {
    const property = d.property.toLowerCase();
    const at = `${where} ${property}`;
    const direct = `css-${property}`;
    const rule = PROPERTY_RULES.find(([re]) => re.test(property));
    if (known.has(direct)) use(direct, at);
    else if (rule) use(rule[1], at);
    else unmapped(`css property: ${property}`, where);
    if (d.important) use("css-important", at);
    csstree.walk(d.value, (node) => {
      if (node.type === "Dimension") use(`css-unit-${node.unit.toLowerCase()}`, at);
      else if (node.type === "Percentage") use("css-unit-percent", at);
      else if (node.type === "Function") {
        const f = FUNCTION_FEATURES[node.name.toLowerCase()];
        if (f) use(f, `${at}: ${node.name}()`);
        else unmapped(`css function: ${node.name}()`, at);
      } else if (node.type === "Identifier") {
        const value = node.name.toLowerCase();
        if (value === "initial") use("css-unit-initial", at);
        if (property === "display" && value === "none") use("css-display-none", at);
        if (property === "display" && /^(inline-)?flex$/.test(value)) use("css-display-flex", at);
        if (property === "display" && /^(inline-)?grid$/.test(value)) use("css-display-grid", at);
      }
    });
  };

  const selector = (list: csstree.CssNode, where: string) => {
    if (list.type === "SelectorList" && list.children.size > 1) use("css-selector-grouping", where);
    csstree.walk(list, (node) => {
      if (node.type === "Selector") {
        // A compound selector (td.x, a:hover) is two simple selectors with no combinator between them.
        let previousSimple = false;
        node.children.forEach((part) => {
          const simple = part.type !== "Combinator";
          if (
            simple &&
            previousSimple &&
            part.type !== "PseudoClassSelector" &&
            part.type !== "PseudoElementSelector"
          ) {
            use("css-selector-chaining", where);
          }
          previousSimple = simple;
        });
      } else if (node.type === "ClassSelector") use("css-selector-class", where);
      else if (node.type === "IdSelector") use("css-selector-id", where);
      else if (node.type === "AttributeSelector") use("css-selector-attribute", where);
      else if (node.type === "TypeSelector")
        use(node.name === "*" ? "css-selector-universal" : "css-selector-type", where);
      else if (node.type === "Combinator") {
        const f = COMBINATORS[node.name];
        if (f) use(f, where);
        else unmapped(`css combinator: ${node.name}`, where);
      } else if (node.type === "PseudoClassSelector") {
        const f = `css-pseudo-class-${node.name.toLowerCase()}`;
        if (known.has(f)) use(f, where);
        else unmapped(`css selector: :${node.name}`, where);
      } else if (node.type === "PseudoElementSelector") {
        const f = `css-pseudo-element-${node.name.toLowerCase()}`;
        if (known.has(f)) use(f, where);
        else unmapped(`css selector: ::${node.name}`, where);
      }
    });
  };

  const css = (text: string, where: string, context: "stylesheet" | "declarationList") => {
    const ast = csstree.parse(text, {
      context,
      onComment: () => use("css-comments", where),
      onParseError: (error) => unmapped(`css that does not parse: ${error.message}`, where),
    });
    const atRules: string[] = [];
    csstree.walk(ast, {
      enter: (node: csstree.CssNode) => {
        if (node.type === "Atrule") {
          const name = node.name.toLowerCase();
          atRules.push(name);
          const f = `css-at-${name}`;
          if (known.has(f)) use(f, `${where} @${name}`);
          else unmapped(`css at-rule: @${name}`, where);
        } else if (node.type === "Feature" || node.type === "FeatureRange") {
          const name = node.type === "Feature" ? node.name : String((node as { left?: { name?: string } }).left?.name);
          const f = MEDIA_FEATURES.find(([re]) => re.test(name.toLowerCase()));
          if (f) use(f[1], `${where} @media (${name})`);
        } else if (node.type === "Rule") {
          selector(node.prelude, `${where} ${csstree.generate(node.prelude)}`);
        } else if (node.type === "Declaration") {
          declaration(node, atRules.length > 0 ? `${where} @${atRules.join(" @")}` : where);
        }
      },
      leave: (node: csstree.CssNode) => {
        if (node.type === "Atrule") atRules.pop();
      },
    });
  };

  let styleText: string | undefined;
  const parser = new Parser(
    {
      onprocessinginstruction: (name) => {
        if (name.toLowerCase() === "!doctype") use("html-doctype", "<!DOCTYPE>");
      },
      oncomment: (value) => {
        // Outlook's conditional comments are comments to every other client.
        use("html-comments", /^\[if\b|<!\[endif\]$|^<!\[endif\]/.test(value.trim()) ? "<!--[if mso]>" : "<!-- -->");
      },
      onopentag: (name, attrs) => {
        const tag = name.toLowerCase();
        const where = `<${tag}>`;
        const tagFeature = TAG_FEATURES[tag] ?? `html-${tag}`;
        if (known.has(tagFeature)) use(tagFeature, where);
        else if (!FRAME.has(tag)) unmapped(`html element: ${tag}`, where);
        for (const [attribute, value] of Object.entries(attrs)) {
          const a = attribute.toLowerCase();
          const f = ATTRIBUTE_FEATURES[a] ?? (a.startsWith("aria-") ? `html-${a}` : undefined);
          if (f) use(f, `<${tag} ${a}>`);
          if (a === "style" && value.trim() !== "") css(value, `<${tag} style>`, "declarationList");
        }
        if (tag === "a") {
          const href = (attrs.href ?? "").trim().toLowerCase();
          if (href.startsWith("#")) use("html-anchor-links", where);
          if (href.startsWith("mailto:")) use("html-mailto-links", where);
        }
        if (tag === "meta" && /^(color-scheme|supported-color-schemes)$/i.test(attrs.name ?? "")) {
          use("html-meta-color-scheme", `<meta name="${attrs.name}">`);
        }
        if (tag === "img") {
          const src = (attrs.src ?? "").trim();
          const cid = /^cid:(.+)$/i.exec(src)?.[1];
          const dataType = /^data:([^;,]+)/i.exec(src)?.[1]?.toLowerCase();
          if (dataType) use("image-base64", "<img src=data:>");
          const type = cid ? options.images?.[cid] : dataType;
          const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(src)?.[1]?.toLowerCase();
          const f = type ? IMAGE_TYPES[type] : ext ? IMAGE_EXTENSIONS[ext] : undefined;
          if (f) use(f, `<img src="${src.slice(0, 40)}">`);
          else unmapped(`image of unknown type: ${src.slice(0, 40)}`, where);
        }
        if (tag === "style") styleText = "";
      },
      ontext: (text) => {
        if (styleText !== undefined) styleText += text;
      },
      onclosetag: (name) => {
        if (name.toLowerCase() === "style" && styleText !== undefined) {
          css(styleText, "<style>", "stylesheet");
          styleText = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return detected;
};

// ---------------------------------------------------------------------------------------------
// Support

export interface Gap {
  feature: string;
  title: string;
  /** The clients that do not support it ("n") or only partly ("a"), with the notes that apply. */
  clients: Array<{ client: string; status: string; notes: string[] }>;
  where: string[];
}

/** The used features that some client does not support ("n") or supports only partly ("a"). */
export const gaps = (detected: Detected, data: SupportData): Gap[] =>
  [...detected.features].flatMap(([feature, where]) => {
    const f = data.features[feature];
    if (!f) return [];
    const clients = Object.entries(f.support)
      .filter(([, status]) => /^[na]\b/.test(status))
      .map(([client, status]) => ({
        client,
        status,
        notes: [...status.matchAll(/#(\d+)/g)].map((m) => `#${m[1]} ${f.notes?.[m[1] ?? ""] ?? ""}`.trim()),
      }));
    return clients.length > 0 ? [{ feature, title: f.title, clients, where: [...where] }] : [];
  });

export const describeGap = (g: Gap): string =>
  `${g.feature} (${g.title}), used at ${g.where.join(", ")}:\n` +
  g.clients.map((c) => `    ${c.client} = ${c.status}${c.notes.length > 0 ? `: ${c.notes.join(" ")}` : ""}`).join("\n");
