import { readFileSync } from "node:fs";
import { assess } from "../../src/assess.js";
import type { Report } from "../../src/report/model.js";
import { Ajv2020, addFormats } from "../../src/util/ajv.js";
import { fixture } from "../helpers.js";

/** SOURCE_DATE_EPOCH of every golden file: 2026-11-21T12:00:00Z. */
export const EPOCH = 1795262400;
export const FIXTURES = ["dn42-scanner", "governed-scanner"] as const;

/** A fixture's report, as `SOURCE_DATE_EPOCH=1795262400 psf assess fixtures/NAME` evaluates it. */
export function fixtureReport(name: string): Report {
  return assess(fixture(name), { now: new Date(EPOCH * 1000) }).report;
}

/**
 * The official SARIF 2.1.0 schema (OASIS), copied beside this file so the test runs
 * anywhere. That copy declares draft 2020-12 and uses only keywords
 * Ajv2020 knows, so the stock Ajv2020 compiles it with no extra dependency. Strict mode is off only
 * because the schema's `anyOf: [{ required: [...] }]` branches trip Ajv's strictRequired check.
 */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL("./sarif-2.1.0.schema.json", import.meta.url), "utf8")) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (doc: unknown) => (validate(doc) ? "" : ajv.errorsText(validate.errors));
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function unescape(s: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bare & in ${JSON.stringify(s.slice(0, 60))}`);
  if (/</.test(s)) throw new Error(`bare < in ${JSON.stringify(s.slice(0, 60))}`);
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) => (e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e]!));
}

/** A strict little XML parser for tests: elements, attributes, text, the five entities; throws when not well-formed. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\s*/.exec(xml);
  if (decl) i = decl[0].length;
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/y;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    stack[stack.length - 1]!.text += unescape(text);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      const open = stack.pop()!;
      if (open.name !== name) throw new Error(`</${name}> closes <${open.name}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of rawAttrs!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1]!] = unescape(a[2]!);
      }
      const el: XmlElement = { name: name!, attrs, children: [], text: "" };
      stack[stack.length - 1]!.children.push(el);
      if (!selfClose) stack.push(el);
    }
    i = tag.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1 || root.text.trim()) throw new Error("not exactly one root element");
  return root.children[0]!;
}

export const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
