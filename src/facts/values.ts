import { show, type Sym } from "./sym.js";
import type { Bound, StringValue } from "./types.js";

/** What a reviewer can say about a string-valued expression (a URL, a base URL). */
export function toStringValue(sym: Sym | undefined): StringValue {
  if (!sym || sym.k === "undef") return { kind: "absent" };
  switch (sym.k) {
    case "str": return sym.via ? { kind: "literal", text: sym.v, via: sym.via } : { kind: "literal", text: sym.v };
    case "env": return { kind: "env", name: sym.name };
    case "or": {
      const env = sym.options.find((o) => o.k === "env");
      const lit = sym.options.find((o) => o.k === "str");
      if (env && env.k === "env") return lit && lit.k === "str" ? { kind: "env", name: env.name, fallback: lit.v } : { kind: "env", name: env.name };
      const vals = sym.options.map(toStringValue);
      if (vals.every((v) => v.kind === "literal")) return vals[0]!;
      return { kind: "dynamic", text: show(sym), reason: "one of several values chosen at run time" };
    }
    case "cat": {
      let prefix = "";
      let i = 0;
      let via: string | undefined;
      for (; i < sym.parts.length; i++) {
        const p = sym.parts[i]!;
        if (p.k === "str") {
          prefix += p.v;
          via ??= p.via;
        } else if (p.k === "num") prefix += String(p.v);
        else break;
      }
      if (i === sym.parts.length) return via ? { kind: "literal", text: prefix, via } : { kind: "literal", text: prefix };
      if (prefix) return via ? { kind: "prefix", prefix, text: show(sym), via } : { kind: "prefix", prefix, text: show(sym) };
      const first = sym.parts[0]!;
      if (first.k === "env") return { kind: "env", name: first.name };
      if (first.k === "or") {
        const inner = toStringValue(first);
        if (inner.kind === "env" || inner.kind === "literal") return inner.kind === "literal" ? { kind: "prefix", prefix: inner.text, text: show(sym) } : inner;
      }
      return { kind: "dynamic", text: show(sym), reason: `built at run time from ${show(first)}` };
    }
    case "url": {
      const base = toStringValue(sym.base);
      const path = toStringValue(sym.path);
      if (path.kind === "literal" && /^[a-z][a-z0-9+.-]*:/i.test(path.text)) return path;
      if (base.kind === "literal") {
        if (path.kind === "literal") {
          try {
            return { kind: "literal", text: new URL(path.text, base.text).href };
          } catch {
            return { kind: "prefix", prefix: base.text, text: show(sym) };
          }
        }
        // An absolute path replaces the base's path: only the origin is known then.
        const absPath = path.kind === "prefix" && path.prefix.startsWith("/");
        if (absPath) {
          try {
            return { kind: "prefix", prefix: new URL(path.prefix, base.text).href, text: show(sym) };
          } catch { /* fall through */ }
        }
        return { kind: "prefix", prefix: base.text.endsWith("/") || path.kind !== "prefix" ? base.text : base.text.replace(/[^/]*$/, "") + path.prefix, text: show(sym) };
      }
      if (base.kind === "prefix" || base.kind === "env") return base.kind === "env" ? base : { kind: "prefix", prefix: base.prefix, text: show(sym) };
      return { kind: "dynamic", text: show(sym), reason: "the base URL is decided at run time" };
    }
    case "member": {
      // `url.href` of a URL the source spells out (`new URL("https://…")`, then searchParams edits) is that URL.
      if (sym.name === "href" && urlLike(sym.obj)) return toStringValue(sym.obj);
      return { kind: "dynamic", text: show(sym), reason: "not a string the source spells out" };
    }
    case "call": {
      // `url.toString()` / `url.toJSON()` likewise.
      const c = sym.callee;
      if (!sym.isNew && sym.args.length === 0 && c.k === "member" && (c.name === "toString" || c.name === "toJSON") && urlLike(c.obj)) return toStringValue(c.obj);
      return { kind: "dynamic", text: show(sym), reason: "not a string the source spells out" };
    }
    case "unknown": return { kind: "dynamic", text: sym.text, reason: sym.why };
    default: return { kind: "dynamic", text: show(sym), reason: "not a string the source spells out" };
  }
}

/** A value whose text is a URL the analysis can read: a string, a template, or a `new URL(…)`. */
function urlLike(s: Sym): boolean {
  return s.k === "str" || s.k === "cat" || s.k === "url" || s.k === "env" || s.k === "or";
}

/** A step bound from an option value (`maxSteps: 10`, `maxTurns: MAX_TURNS`, `stopWhen: stepCountIs(8)`). */
export function toBound(sym: Sym | undefined): Bound | undefined {
  if (!sym || sym.k === "undef") return undefined;
  switch (sym.k) {
    case "num": return sym.via ? { kind: "literal", value: sym.v, via: sym.via } : { kind: "literal", value: sym.v };
    case "null": return { kind: "unbounded", reason: "set to null (no limit)" };
    case "env": return { kind: "dynamic", text: `process.env.${sym.name}`, reason: `read from the environment variable ${sym.name} at run time` };
    case "call": {
      // The AI SDK's stepCountIs, or a project's own function of that name (a Mastra app's wrapper): a count of steps.
      const name = calleeName(sym.callee) ?? fnName(sym.callee);
      if (name === "stepCountIs" || name === "isStepCount") return toBound(sym.args[0]) ?? { kind: "dynamic", text: show(sym), reason: "step count not given" };
      if (name === "isLoopFinished") return { kind: "unbounded", reason: "isLoopFinished() never stops the loop" };
      if (name === "Number" || name === "parseInt" || name === "parseFloat") {
        const inner = toBound(sym.args[0]);
        return inner?.kind === "dynamic" ? inner : { kind: "dynamic", text: show(sym), reason: "computed at run time" };
      }
      return { kind: "dynamic", text: show(sym), reason: `a custom stop condition (${show(sym.callee)}) the analysis cannot count` };
    }
    case "arr": {
      // Stop when any condition holds: the smallest step bound wins.
      const bounds = sym.items.map(toBound).filter((b): b is Bound => b !== undefined);
      const lits = bounds.filter((b) => b.kind === "literal");
      if (lits.length) return lits.reduce((a, b) => (a.kind === "literal" && b.kind === "literal" && b.value < a.value ? b : a));
      const dyn = bounds.find((b) => b.kind === "dynamic");
      if (dyn) return dyn;
      if (bounds.length && bounds.every((b) => b.kind === "unbounded")) return bounds[0];
      return { kind: "dynamic", text: show(sym), reason: "stop conditions without a step count" };
    }
    case "or": {
      const bounds = sym.options.map(toBound);
      if (bounds.every((b) => b?.kind === "literal")) {
        return bounds.reduce((a, b) => ((b as { value: number }).value > (a as { value: number }).value ? b : a));
      }
      const env = sym.options.find((o) => o.k === "env");
      return { kind: "dynamic", text: show(sym), reason: env && env.k === "env" ? `read from the environment variable ${env.name} at run time` : "one of several values chosen at run time" };
    }
    case "unknown": return { kind: "dynamic", text: sym.text, reason: sym.why };
    default: return { kind: "dynamic", text: show(sym), reason: "not a number the source spells out" };
  }
}

/** The name of a project function a Sym refers to (`src/a.py#refund` → `refund`). */
export function fnName(s: Sym | undefined): string | undefined {
  return s?.k === "fnref" || s?.k === "fn" ? s.id.slice(s.id.lastIndexOf("#") + 1) : undefined;
}

/** A function's own name as the code spells it (`refund` for `file#Orders.refund` or `file#refund@40`): what a framework names a tool made from it. */
export function toolFunctionName(s: Sym | undefined): string | undefined {
  return fnName(s)?.split(".").pop()!.replace(/@\d+$/, "");
}

/** A function's id (`file#name`), the key that finds it whether it is a literal or a reference. */
export function fnId(s: Sym | undefined): string | undefined {
  return s?.k === "fn" || s?.k === "fnref" ? s.id : undefined;
}

export function calleeName(s: Sym): string | undefined {
  if (s.k === "import") return s.name;
  if (s.k === "global") return s.name;
  if (s.k === "member") return s.name;
  return undefined;
}

/** Does an absolute URL (or a known prefix of one) fall under an allowlist entry (origin, or origin + path prefix)? */
export function urlAllowed(url: string, allow: readonly string[]): boolean {
  return allow.some((entry) => underEntry(url, entry));
}

function underEntry(url: string, entry: string): boolean {
  let u: URL, e: URL;
  try {
    u = new URL(url);
    e = new URL(entry);
  } catch {
    return false;
  }
  if (u.protocol !== e.protocol || u.host !== e.host) return false;
  const ep = e.pathname.replace(/\/+$/, "");
  if (!ep) return true;
  return u.pathname === ep || u.pathname.startsWith(`${ep}/`);
}

/**
 * For a known prefix of a URL: "allowed" when everything after it stays under an entry, "denied"
 * when its origin is complete and on no entry, "unknown" when the prefix is too short to tell.
 */
export function prefixAllowed(prefix: string, allow: readonly string[]): "allowed" | "denied" | "unknown" {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)([/?#].*)?$/i.exec(prefix);
  if (!m) return "unknown";
  const originComplete = m[2] !== undefined;
  if (!originComplete) return "unknown";
  if (urlAllowed(prefix, allow)) {
    // `https://host/api` + run-time text could become `/apiX`: require the prefix to end on a path boundary or to extend past the entry.
    const ok = allow.some((entry) => {
      const e = entry.replace(/\/+$/, "");
      return prefix === e + "/" || prefix.startsWith(e + "/") || prefix.startsWith(e + "?") || (new URL(e).pathname === "/" || new URL(e).pathname === "") && prefix.startsWith(e);
    });
    return ok ? "allowed" : "unknown";
  }
  let origin: string;
  try {
    origin = new URL(m[1]!).origin;
  } catch {
    return "unknown";
  }
  const sameOrigin = allow.some((entry) => {
    try {
      return new URL(entry).origin === origin;
    } catch {
      return false;
    }
  });
  if (!sameOrigin) return "denied";
  // Same origin, fixed path so far: still possible only if some entry's path extends this prefix's path.
  const prefixPath = (m[2] ?? "/").replace(/[?#].*$/, "");
  const reachable = allow.some((entry) => {
    try {
      const e = new URL(entry);
      return e.origin === origin && e.pathname.startsWith(prefixPath);
    } catch {
      return false;
    }
  });
  return reachable ? "unknown" : "denied";
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
