import { type Builder, type CallSite, type Recognizer } from "../context.js";
import { show, type Sym } from "../sym.js";
import { toStringValue } from "../values.js";
import type { StringValue } from "../types.js";

/**
 * Raw HTTP: fetch (global, node-fetch, undici), axios (and axios.create({ baseURL }) instances),
 * got (and got.extend({ prefixUrl })), undici request/Client/Pool, node:http/https request/get,
 * WebSocket (global and `ws`), EventSource. Each call is an outbound URL site.
 */
const FETCH_MODULES = new Set(["node-fetch", "cross-fetch", "isomorphic-fetch", "undici"]);
const VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"]);

export const http: Recognizer = {
  packages: [],
  alsoReads: (m) => FETCH_MODULES.has(m) || m === "axios" || m === "got" || m === "ky" || m === "ws" || m === "http" || m === "https" || m === "node:http" || m === "node:https" || m === "http2" || m === "node:http2",
  recognize(site, b) {
    const r = site.root!;
    const m = r.module;
    const path = site.q.path;
    if (FETCH_MODULES.has(m) && !r.instance) {
      if ((r.name === "fetch" || r.name === "default" || r.name === "request" || r.name === "stream") && path.length === 0) return add(b, site, site.arg(0), m === "undici" ? `undici.${r.name}` : "fetch", methodOption(site, site.arg(1)));
      if ((r.name === "Client" || r.name === "Pool") && site.ir.isNew) return add(b, site, site.arg(0), `new undici.${r.name}`);
      return;
    }
    if (m === "axios" || m === "got" || m === "ky") {
      if (!r.instance) {
        if (path.length === 0 && (r.name === "default" || r.name === "request")) {
          const a = site.arg(0);
          return add(b, site, a?.k === "obj" ? site.prop(a, "url")?.v ?? site.prop(a, "baseURL")?.v : a, m);
        }
        const verb = path.length ? path[path.length - 1]! : r.name;
        if (path.length <= 1 && VERBS.has(verb)) return add(b, site, site.arg(0), `${m}.${verb}`, verb);
        if (verb === "create" || verb === "extend") {
          const cfg = site.arg(0);
          const base = site.prop(cfg, "baseURL") ?? site.prop(cfg, "prefixUrl") ?? site.prop(cfg, "prefixURL");
          if (base) b.facts.urls.push({ loc: base.loc, api: `${m}.${verb} baseURL`, url: toStringValue(base.v) });
        }
        return;
      }
      // An instance made by axios.create({ baseURL }) / got.extend({ prefixUrl }): relative paths go under its base.
      const verb = path.length ? path[path.length - 1]! : "";
      if (!(VERBS.has(verb) || path.length === 0)) return;
      const p = site.arg(0);
      const pv = toStringValue(p);
      if (pv.kind === "literal" && /^[a-z]+:\/\//i.test(pv.text)) return add(b, site, p, `${m} instance`, verb);
      const base = r.call ? site.prop(r.call.args[0], "baseURL") ?? site.prop(r.call.args[0], "prefixUrl") : undefined;
      if (!base) return add(b, site, p, `${m} instance`, verb);
      const joined: Sym = p ? { k: "cat", parts: [base.v, p] } : base.v;
      return add(b, site, joined, `${m} instance`, verb);
    }
    if (m === "ws" && site.ir.isNew) return add(b, site, site.arg(0), "WebSocket");
    if (/^(node:)?https?2?$/.test(m) && !r.instance && (r.name === "request" || r.name === "get" || r.name === "connect" || path[path.length - 1] === "request" || path[path.length - 1] === "get")) {
      return add(b, site, nodeRequestUrl(site, m), `${m.replace("node:", "")}.${path[path.length - 1] ?? r.name}`);
    }
  },
};

/** Globals: fetch(url), new WebSocket(url), new EventSource(url). */
export function recognizeGlobal(site: CallSite, b: Builder): boolean {
  const q = site.q;
  if (q.root.k !== "global" || q.path.length) return false;
  const name = q.root.name;
  if (name === "fetch") {
    const a = site.arg(0);
    const req = a?.k === "call" && a.isNew && a.callee.k === "global" && a.callee.name === "Request" ? a : undefined;
    add(b, site, req ? site.R(req.args[0]) : a, "fetch", methodOption(site, req ? req.args[1] : site.arg(1)));
    return true;
  }
  if ((name === "WebSocket" || name === "EventSource") && site.ir.isNew) {
    add(b, site, site.arg(0), name);
    return true;
  }
  return false;
}

function nodeRequestUrl(site: CallSite, m: string): Sym | undefined {
  const a = site.arg(0);
  if (!a || a.k !== "obj") return a;
  const host = site.prop(a, "hostname") ?? site.prop(a, "host");
  if (!host) return { k: "unknown", text: "{…}", why: "request options without a host" };
  const proto = site.prop(a, "protocol")?.v ?? { k: "str", v: m.includes("https") ? "https:" : "http:" };
  const port = site.prop(a, "port")?.v;
  const path = site.prop(a, "path")?.v;
  const parts: Sym[] = [proto, { k: "str", v: "//" }, host.v];
  if (port) parts.push({ k: "str", v: ":" }, port);
  parts.push(path ?? { k: "str", v: "/" });
  return { k: "cat", parts };
}

/** `{ method: "POST" }` in a fetch's options, when it is a literal. */
function methodOption(site: CallSite, init: Sym | undefined): string | undefined {
  const m = site.prop(init, "method");
  return m?.v.k === "str" ? m.v.v : undefined;
}

function add(b: Builder, site: CallSite, s: Sym | undefined, api: string, method?: string): void {
  let url: StringValue = toStringValue(s);
  if (url.kind === "absent") url = { kind: "dynamic", text: site.ir.text, reason: "no URL argument the analysis can see" };
  if (url.kind === "dynamic" && s) url = { ...url, text: show(s) };
  const verb = method && method !== "request" && method !== "stream" ? method.toUpperCase() : undefined;
  b.facts.urls.push({ loc: site.loc, api, url, ...(verb ? { method: verb } : {}) });
}
