import { BUILT_IN_TOOLS, DEFAULTS, defaultBound } from "../defaults.js";
import { addRun, toolNames } from "../common.js";
import type { Builder, CallSite, Recognizer } from "../context.js";
import type { Sym } from "../sym.js";
import type { ModelClient, SourceLocation, StringValue, ToolDef } from "../types.js";
import { toBound } from "../values.js";
import { opaqueTools, recordClassTools } from "./shared.js";
import { server } from "./mcp.js";

/**
 * Cloudflare Agents (`agents` 0.21, `@cloudflare/ai-chat` 0.10, `@cloudflare/think` 0.16).
 *
 * - `Agent` / `AIChatAgent` subclasses run no model themselves: their `onChatMessage` calls the AI
 *   SDK (`streamText`), which the AI SDK recognizer reads with its own bound.
 * - `class X extends Think` is an agent: each chat turn is a tool loop of at most `maxSteps` steps,
 *   10 by default (packages/think/src/think.ts: `maxSteps = 10`, applied as `stepCountIs(maxSteps)`),
 *   with the tools `getTools()` returns and the model `getModel()` returns. `beforeTurn()` may return
 *   the turn's `maxSteps`, `timeout` and `experimental_telemetry`. Think passes the turn's abort
 *   signal (the chat client's stop) to the run.
 * - Workers AI through the `AI` binding (`env.AI.run(model, input, { gateway: { id } })`,
 *   `createWorkersAI({ binding, gateway })`) reaches Cloudflare's AI Gateway only when a `gateway`
 *   is given; a Think model slug such as `"openai/gpt-5.5"` is routed through the AI Gateway, and an
 *   `@cf/…` id is Workers AI through the binding.
 * - `this.addMcpServer(name, url)` attaches a remote MCP server whose tools the agent hands the model.
 */
export const cloudflareAgents: Recognizer = {
  packages: ["agents", "@cloudflare/think", "@cloudflare/ai-chat", "workers-ai-provider"],
  recognize(site, b) {
    const r = site.root!;
    if (site.ir.subclass) {
      if (r.name === "Think" && r.module.startsWith("@cloudflare/think")) think(site, b);
      // Any other agent class: the keys getTools() returns are the tools' names (the model sees the key of an AI SDK tool).
      else {
        const names = toolNames(site, site.prop(site.arg(0), "getTools()")?.v, b);
        if (names.length && site.ir.subclass) recordClassTools(b, site.file, site.ir.subclass, names);
      }
      return;
    }
    if (r.module === "workers-ai-provider" && !r.instance && r.name === "createWorkersAI") {
      const opts = site.arg(0);
      workersAiClient(site, b, "createWorkersAI (Workers AI provider)", site.prop(opts, "gateway"), site.loc);
    }
  },
};

/** The `Think` subclass: one agent run per chat turn. */
function think(site: CallSite, b: Builder): void {
  const o = site.arg(0);
  // beforeTurn() may return the turn's config: maxSteps (it wins over the field), timeout, telemetry.
  const turn = site.prop(o, "beforeTurn()")?.v;
  const ms = site.prop(turn, "maxSteps") ?? site.prop(o, "maxSteps");
  const t = site.prop(turn, "timeout");
  const tel = site.prop(turn, "experimental_telemetry") ?? site.prop(turn, "telemetry");
  const telOn = tel ? site.prop(tel.v, "isEnabled") : undefined;
  const timeoutMs = t?.v.k === "num" ? t.v.v : undefined;
  if (t) b.facts.timeouts.push({ loc: t.loc, kind: "timeout-option", ...(timeoutMs !== undefined ? { ms: timeoutMs } : {}) });
  const bound = (ms ? toBound(ms.v) : undefined) ?? defaultBound(DEFAULTS.thinkMaxSteps);
  const tools = site.prop(o, "getTools()");
  const toolsOpt: Sym | undefined = tools ? { k: "obj", props: { tools: { v: tools.v, at: site.ir.at } }, spread: false, at: site.ir.at } : undefined;
  const opaque = toolsOpt ? opaqueTools(site, toolsOpt) : [];
  addRun(b, site, {
    framework: "cloudflare-agents",
    api: `${site.ir.text} (Think: a tool loop per chat turn)`,
    bound,
    ...(ms ? { boundLoc: ms.loc } : {}),
    // Think hands the turn's abort signal (the client's stop, a cancelled request) to streamText.
    signal: true,
    ...(t ? { timeout: { ...(timeoutMs !== undefined ? { ms: timeoutMs } : {}), loc: t.loc } } : {}),
    telemetry: !!tel && !(telOn?.v.k === "bool" && !telOn.v.v),
    tools: tools ? toolNames(site, tools.v, b) : [],
    ...(opaque.length ? { opaqueTools: opaque } : !tools && site.prop(o, "getTools") ? { opaqueTools: [{ text: "getTools()", reason: "getTools() does not return an object literal the analysis can read", loc: site.prop(o, "getTools")!.loc }] } : {}),
  });
  builtInTools(site, b, tools ? site.keys(tools.v) ?? [] : []);
  // getModel() returning a string: Think builds the model through its bundled Workers AI provider.
  const model = site.prop(o, "getModel()");
  if (model?.v.k === "str") thinkModel(site, b, model.v.v, model.loc);
}

/**
 * Think's workspace tools (read, write, edit, list, find, grep, delete) are in every turn's tool set
 * unless getTools() returns a tool of the same name. None asks for approval: write and edit change
 * the agent's workspace, delete removes from it.
 */
function builtInTools(site: CallSite, b: Builder, own: string[]): void {
  const run = b.facts.agentRuns[b.facts.agentRuns.length - 1]!;
  for (const t of BUILT_IN_TOOLS.think!.tools) {
    if (own.includes(t.name)) continue;
    run.tools.push(t.name);
    const tool: ToolDef = { name: t.name, loc: site.loc, framework: "cloudflare-agents", approval: "none", audited: run.telemetry, ...(run.telemetry ? { auditedBy: "the telemetry of the Think turn" } : {}), builtIn: "Think's built-in workspace tools" };
    if (t.effect === "write") tool.writes = [{ op: `${t.op} (Think's built-in ${t.name} tool)`, loc: site.loc }];
    b.facts.tools.push(tool);
    if (t.effect === "delete") b.facts.destructive.push({ loc: site.loc, op: `${t.op} (Think's built-in ${t.name} tool)`, tool: t.name });
  }
}

function thinkModel(site: CallSite, b: Builder, id: string, at: SourceLocation): void {
  if (id.startsWith("@cf/")) {
    pushClient(b, site, at, { provider: "workers-ai", api: `model "${id}" (Think: Workers AI through the AI binding)`, baseURL: { kind: "absent" }, defaultHost: "Workers AI (the AI binding, no AI Gateway)" });
    return;
  }
  // Any other slug goes through Cloudflare's AI Gateway (the account's default gateway).
  pushClient(b, site, at, { provider: "cloudflare-ai-gateway", api: `model "${id}" (Think: routed through Cloudflare AI Gateway)`, baseURL: { kind: "absent" }, defaultHost: "https://gateway.ai.cloudflare.com (the account's default gateway)" });
}

/**
 * A Workers AI call or client through the binding. With `gateway: { id }` it goes through that AI
 * Gateway (recorded as the gateway's URL, so a declared gateway URL on gateway.ai.cloudflare.com
 * matches); without, it reaches Workers AI directly.
 */
export function workersAiClient(site: CallSite, b: Builder, api: string, gateway: { v: Sym; loc: SourceLocation } | undefined, at: SourceLocation): void {
  if (!gateway) {
    pushClient(b, site, at, { provider: "workers-ai", api, baseURL: { kind: "absent" }, defaultHost: "Workers AI (the AI binding, no AI Gateway: pass gateway: { id })" });
    return;
  }
  const id = site.prop(gateway.v, "id");
  const idv = id ? site.R(id.v) : undefined;
  const baseURL: StringValue = idv?.k === "str"
    ? { kind: "literal", text: `https://gateway.ai.cloudflare.com/v1/{account}/${idv.v}/workers-ai`, via: "gateway.id" }
    : { kind: "dynamic", text: id ? site.show(id.v) : site.show(gateway.v), reason: "the AI Gateway id is decided at run time" };
  pushClient(b, site, gateway.loc, { provider: "cloudflare-ai-gateway", api, baseURL, defaultHost: "https://gateway.ai.cloudflare.com" });
  b.facts.urls.push({ loc: gateway.loc, api: `baseURL (${api})`, url: baseURL });
}

function pushClient(b: Builder, site: CallSite, at: SourceLocation, c: Pick<ModelClient, "provider" | "api" | "baseURL" | "defaultHost">): void {
  b.facts.modelClients.push({ loc: at, framework: "cloudflare-agents", traced: false, ...c });
}

/**
 * Calls on the Workers environment or the agent itself, which no import names: `env.AI.run(model,
 * input, options)` (a Workers AI model call) and `this.addMcpServer(name, url)`. Returns true when
 * the call was one of them.
 */
export function recognizeBindingCall(site: CallSite, b: Builder): boolean {
  const text = site.ir.text;
  if (/(^|\.)env\.AI\.run$/.test(text)) {
    const opts = site.arg(2);
    workersAiClient(site, b, "env.AI.run (Workers AI binding)", site.prop(opts, "gateway"), site.loc);
    b.facts.modelCalls.push({ loc: site.loc, framework: "cloudflare-agents", api: "env.AI.run", telemetry: false, signal: false, audited: false, ...(site.ir.fn ? { fn: site.ir.fn } : {}) });
    b.markAction(site);
    return true;
  }
  if (/^this\.addMcpServer$/.test(text)) {
    const name = site.arg(0);
    const url = site.arg(1);
    const transport = site.prop(site.arg(2), "transport");
    const type = transport ? site.prop(transport.v, "type") : undefined;
    server(site, b, {
      name: name?.k === "str" ? name.v : "unknown",
      source: "Agent.addMcpServer",
      transport: type?.v.k === "str" && type.v.v === "sse" ? "sse" : url?.k === "str" || url?.k === "cat" || url?.k === "env" ? "http" : "unknown",
      url,
      headers: site.prop(site.prop(transport?.v, "headers")?.v, "Authorization") ? site.prop(transport?.v, "headers")?.v : undefined,
    });
    return true;
  }
  return false;
}
