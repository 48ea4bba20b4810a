import { addClient, addRun, givenBound } from "../../common.js";
import { perRun, type Builder, type CallSite } from "../../context.js";
import { defaultBound, type FrameworkDefault } from "../../defaults.js";
import type { Sym } from "../../sym.js";
import type { Bound, Framework, SourceLocation, ToolDef } from "../../types.js";

/** What every Python framework recognizer shares: reading a bound, recording a run, model strings. */

export type Opt = { v: Sym; loc: SourceLocation } | undefined;

export function boundOf(site: CallSite, opt: Opt, dflt: FrameworkDefault): { bound: Bound; boundLoc?: SourceLocation } {
  if (!opt) return { bound: defaultBound(dflt) };
  const given = givenBound(site, opt);
  if (given.bound.kind === "unbounded") return { bound: { kind: "unbounded", reason: `${dflt.name.split(" ").pop()}=None removes the bound` }, boundLoc: opt.loc };
  return given;
}

export function run(site: CallSite, b: Builder, framework: Framework, api: string, bound: { bound: Bound; boundLoc?: SourceLocation }, extra: { telemetry?: boolean; signal?: boolean; timeout?: { ms?: number; loc: SourceLocation } } = {}): void {
  addRun(b, site, { framework, api, ...bound, signal: extra.signal ?? false, ...(extra.timeout ? { timeout: extra.timeout } : {}), telemetry: extra.telemetry ?? false, tools: [] });
}

/** Seconds as a Python keyword gives them (`max_execution_time=600`), as a run timeout. */
export function secondsTimeout(opt: Opt): { ms?: number; loc: SourceLocation } | undefined {
  if (!opt) return undefined;
  return opt.v.k === "num" ? { ms: opt.v.v * 1000, loc: opt.loc } : { loc: opt.loc };
}

export function provider(model: string): string {
  const p = model.includes(":") ? model.slice(0, model.indexOf(":")) : model.includes("/") ? model.slice(0, model.indexOf("/")) : "openai";
  return p === "google-gla" || p === "google-vertex" || p === "gemini" ? "google" : p;
}

/** A model named by a string (`"openai:gpt-4o"`, `"anthropic/claude-…"`): the framework calls that provider directly. */
export function modelString(site: CallSite, b: Builder, framework: Framework, opt: Opt, api: string): void {
  if (opt?.v.k !== "str" || !/[:/]/.test(opt.v.v)) return;
  const p = provider(opt.v.v);
  addClient(b, site, { framework, provider: p, api: `model "${opt.v.v}" (${api})`, baseLoc: opt.loc });
}

/** A keyword argument of a call given as a value (`usage_limits=UsageLimits(request_limit=5)`). */
export function kwOfCall(site: CallSite, call: Extract<Sym, { k: "call" }>, name: string): Opt {
  for (const a of call.args) {
    const o = site.R(a);
    if (o?.k === "obj" && (o as { kw?: boolean }).kw && name in o.props) return site.prop(o, name);
  }
  return undefined;
}

/**
 * Tools already recorded, by function id and by where the function ends: a decorated function listed
 * in `tools=[…]` is one tool (agno, Agent Framework), whichever of the two psf meets first.
 */
const seen = perRun(() => new Map<string, ToolDef>());
function keysOf(s: Sym | undefined): string[] {
  if (s?.k === "fn") return [s.id, `${s.at.file}:${s.end}`];
  return s?.k === "fnref" ? [s.id] : [];
}
export function remember(b: Builder, s: Sym | undefined, t: ToolDef): void {
  for (const k of keysOf(s)) seen(b).set(k, t);
}
export function recorded(b: Builder, s: Sym | undefined): ToolDef | undefined {
  return keysOf(s).map((k) => seen(b).get(k)).find(Boolean);
}

/** Whether an option is given as the literal True (through a name the analysis follows). */
export function isTrue(site: CallSite, o: Opt): boolean {
  const v = site.R(o?.v);
  return v?.k === "bool" && v.v;
}
