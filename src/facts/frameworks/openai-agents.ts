import { DEFAULTS, defaultBound } from "../defaults.js";
import { commandLine, nameFromCommand, server } from "./mcp.js";
import { addClient, addRun, addTool, runOptions, toolNames } from "../common.js";
import { type Builder, type CallSite, type Recognizer } from "../context.js";
import { toBound } from "../values.js";
import { addDefaultClient } from "./shared.js";

/**
 * OpenAI Agents JS (`@openai/agents*`): run(agent, input, { maxTurns }) (default 10, null = no
 * limit), Runner, tool({ name, needsApproval }), tracing on unless disabled, and the default
 * OpenAI client an Agent uses when the project sets none.
 */
export const openaiAgents: Recognizer = {
  packages: ["@openai/agents", "@openai/agents-core", "@openai/agents-openai", "@openai/agents-extensions"],
  alsoReads: (m) => m.startsWith("@openai/agents-"),
  recognize(site, b) {
    const r = site.root!;
    const path = site.q.path;
    if (!r.instance && path.length === 0) {
      switch (r.name) {
        case "run": return addAgentsRun(site, b, site.arg(2), "run");
        case "tool": {
          const opts = site.arg(0);
          const name = site.prop(opts, "name");
          addTool(b, site, { framework: "openai-agents", ...(name?.v.k === "str" ? { name: name.v.v } : {}), ...(site.prop(opts, "needsApproval") ? { approval: site.prop(opts, "needsApproval")! } : {}), body: site.prop(opts, "execute")?.v });
          return;
        }
        case "MCPServerStdio": {
          const o = site.arg(0);
          const command = commandLine(site, site.prop(o, "command")?.v ?? site.prop(o, "fullCommand")?.v, site.prop(o, "args")?.v);
          const name = site.prop(o, "name")?.v;
          server(site, b, { name: name?.k === "str" ? name.v : nameFromCommand(command), source: "MCPServerStdio", transport: "stdio", command, env: site.prop(o, "env")?.v, filtered: site.has(o, "toolFilter"), ...(site.prop(o, "requireApproval") ? { approval: site.prop(o, "requireApproval")! } : {}) });
          return;
        }
        case "MCPServerStreamableHttp":
        case "MCPServerSSE": {
          const o = site.arg(0);
          const name = site.prop(o, "name")?.v;
          server(site, b, { name: name?.k === "str" ? name.v : "remote", source: r.name, transport: r.name === "MCPServerSSE" ? "sse" : "http", url: site.prop(o, "url")?.v, headers: site.prop(site.prop(o, "requestInit")?.v, "headers")?.v, filtered: site.has(o, "toolFilter"), ...(site.prop(o, "requireApproval") ? { approval: site.prop(o, "requireApproval")! } : {}) });
          return;
        }
        case "hostedMcpTool": {
          const o = site.arg(0);
          const label = site.prop(o, "serverLabel")?.v;
          server(site, b, { name: label?.k === "str" ? label.v : "hosted", source: "hostedMcpTool", transport: "hosted", url: site.prop(o, "serverUrl")?.v, headers: site.prop(o, "headers")?.v, filtered: site.has(o, "allowedTools"), ...(site.prop(o, "requireApproval") ? { approval: site.prop(o, "requireApproval")! } : {}) });
          return;
        }
        case "setTracingDisabled": {
          const a = site.arg(0);
          if (!a || (a.k === "bool" && a.v)) b.facts.tracing.openaiAgentsDisabled ??= site.loc;
          return;
        }
        case "setTraceProcessors":
          b.openaiAgentsOwnTraceProcessors = true;
          return;
        case "setDefaultOpenAIClient":
        case "setDefaultModelProvider":
          b.openaiAgentsCustomClient = true;
          return;
        case "Agent": {
          if (!site.ir.isNew) return;
          const model = site.prop(site.arg(0), "model");
          // A model object (`aisdk(openai(...))`, an OpenAIChatCompletionsModel with its own client) is recorded where it is made.
          if (model && model.v.k !== "str") return;
          // One default client per process: the first Agent in a file stands for the others there.
          if (addDefaultClient(b, site, "openai-agents-default", "agents in this file use the default client", { framework: "openai-agents", provider: "openai", api: "Agent (default OpenAI client)" })) {
            b.openaiAgentsDefaultClients.push(b.facts.modelClients.length - 1);
          }
          return;
        }
        case "OpenAIProvider": {
          if (!site.ir.isNew) return;
          b.openaiAgentsCustomClient = true;
          const opts = site.arg(0);
          const base = site.prop(opts, "baseURL");
          if (site.prop(opts, "openAIClient")) return;
          addClient(b, site, { framework: "openai-agents", provider: "openai", api: "new OpenAIProvider", ...(base ? { baseURL: base.v, baseLoc: base.loc } : {}), ...(site.prop(opts, "apiKey") ? { apiKey: site.prop(opts, "apiKey")!.v } : {}) });
          return;
        }
        case "Runner": {
          if (!site.ir.isNew) return;
          const cfg = site.arg(0);
          const td = site.prop(cfg, "tracingDisabled");
          if (td && td.v.k === "bool" && td.v.v) b.facts.tracing.openaiAgentsDisabled ??= td.loc;
          if (site.prop(cfg, "modelProvider")) b.openaiAgentsCustomClient = true;
          return;
        }
      }
      return;
    }
    // runner.run(agent, input, { maxTurns })
    if (r.instance && r.name === "Runner" && site.method === "run") return addAgentsRun(site, b, site.arg(2), "Runner.run");
    // agent.asTool({ toolName }): every call of the tool runs the agent (a nested run with run()'s default maxTurns
    // unless the tool's runOptions set one).
    if (r.instance && r.name === "Agent" && site.method === "asTool" && path.length === 1) {
      const opts = site.arg(0);
      const name = site.prop(opts, "toolName");
      const runOpts = site.prop(opts, "runOptions")?.v;
      const mt = site.prop(runOpts, "maxTurns");
      const ro = runOptions(site, runOpts, b);
      const bound = mt ? toBound(mt.v) ?? defaultBound(DEFAULTS.openaiAgentsMaxTurns) : defaultBound(DEFAULTS.openaiAgentsMaxTurns);
      const agentOpts = r.call?.isNew ? r.call.args[0] : undefined;
      const appr = site.prop(opts, "needsApproval");
      // The nested run takes the calling run's abort signal (agents-core 0.17 asTool: the tool call's `details.signal`,
      // combined with runOptions.signal), so the pause reaches it through the run that calls the tool.
      addRun(b, site, { framework: "openai-agents", api: "Agent.asTool", bound, ...(mt ? { boundLoc: mt.loc } : {}), signal: true, ...(ro.timeout ? { timeout: ro.timeout } : {}), telemetry: true, tools: toolNames(site, site.prop(agentOpts, "tools")?.v, b) });
      addTool(b, site, { framework: "openai-agents", ...(name?.v.k === "str" ? { name: name.v.v } : {}), ...(appr ? { approval: appr } : {}) });
    }
  },
};

function addAgentsRun(site: CallSite, b: Builder, opts: ReturnType<CallSite["arg"]>, api: string): void {
  const mt = site.prop(opts, "maxTurns");
  const bound = mt ? toBound(mt.v) ?? defaultBound(DEFAULTS.openaiAgentsMaxTurns) : defaultBound(DEFAULTS.openaiAgentsMaxTurns);
  const ro = runOptions(site, opts, b);
  const agent = site.arg(0);
  const agentOpts = agent?.k === "call" ? agent.args[0] : undefined;
  addRun(b, site, {
    framework: "openai-agents", api, bound, ...(mt ? { boundLoc: mt.loc } : {}), signal: ro.signal, ...(ro.timeout ? { timeout: ro.timeout } : {}),
    telemetry: true, tools: toolNames(site, site.prop(agentOpts, "tools")?.v, b),
  });
}
