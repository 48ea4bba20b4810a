import type { Builder, CallSite } from "../context.js";
import type { PyNames } from "./sites.js";
import { pythonMcp } from "./mcp.js";
import { langgraph } from "./frameworks/langgraph.js";
import { crewai } from "./frameworks/crewai.js";
import { crewaiTools } from "./frameworks/crewai-tools.js";
import { openaiAgents } from "./frameworks/openai-agents.js";
import { pydanticAi } from "./frameworks/pydantic-ai.js";
import { smolagents } from "./frameworks/smolagents.js";
import { autogen } from "./frameworks/autogen.js";
import { adk, llamaIndex } from "./frameworks/llamaindex-adk.js";
import { decoratorTool, subclassTool } from "./frameworks/tools.js";
import { browserUse, browserUseAction } from "./frameworks/browser-use.js";
import { strands, strandsTool } from "./frameworks/strands.js";
import { agentFramework, agentFrameworkDecorator } from "./frameworks/agent-framework.js";
import { agno, agnoDecorator, agnoToolkitSubclass } from "./frameworks/agno.js";
import { claudeAgentSdk, claudeSdkTool } from "./frameworks/claude-agent-sdk.js";
import { semanticKernel, semanticKernelDecorator } from "./frameworks/semantic-kernel.js";
import { haystack, haystackTool } from "./frameworks/haystack.js";
import { dspy } from "./frameworks/dspy.js";

/**
 * Python agent frameworks: where each one's run is, and its step bound, approval, tools and model
 * client, one module per framework under ./frameworks/. Defaults come from facts/defaults.ts, each
 * with the version it is read from. This module only picks the framework by the call's top module.
 */
const FRAMEWORK_MODULES = new Set(["mcp", "langchain_mcp_adapters", "langchain_core", "crewai_tools", "langgraph", "langchain", "langchain_openai", "langchain_anthropic", "langchain_ollama", "crewai", "agents", "pydantic_ai", "smolagents", "autogen_agentchat", "autogen_ext", "autogen_core", "autogen", "llama_index", "google", "browser_use", "agno", "agent_framework", "claude_agent_sdk", "strands", "strands_tools", "semantic_kernel", "haystack", "haystack_integrations", "haystack_experimental", "dspy"]);

/**
 * The framework module a Python name is read under, if any: its top-level module, except that every
 * Microsoft Agent Framework distribution (agent_framework_openai, agent_framework_bedrock, …) is its
 * agent_framework.<provider> namespace, whatever provider ships next.
 */
export function frameworkModule(name: string): string | undefined {
  const top = name.split(".")[0]!;
  if (top.startsWith("agent_framework")) return "agent_framework";
  return FRAMEWORK_MODULES.has(top) ? top : undefined;
}

export function recognizePythonFramework(site: CallSite, b: Builder, n: PyNames): void {
  const name = n.ctor ?? n.full ?? "";
  const last = n.path.split(".").pop() ?? "";
  const top = frameworkModule(name) ?? name.split(".")[0]!;
  if (site.ir.decorates) return top === "browser_use" ? browserUseAction(site, b, n) : top === "agno" ? agnoDecorator(site, b, name) : top === "agent_framework" ? agentFrameworkDecorator(site, b, name) : top === "claude_agent_sdk" ? claudeSdkTool(site, b, name) : top === "strands" ? strandsTool(site, b, name) : top === "semantic_kernel" ? semanticKernelDecorator(site, b, n, name) : top === "haystack" ? haystackTool(site, b, name) : decoratorTool(site, b, n, name);
  if (site.ir.subclass) return top === "agno" ? agnoToolkitSubclass(site, b, name) : subclassTool(site, b, name);
  if (pythonMcp(site, b, n, name)) return;
  switch (top) {
    case "langgraph":
    case "langchain":
    case "langchain_openai":
    case "langchain_anthropic":
    case "langchain_ollama":
      return langgraph(site, b, n, name, last);
    case "crewai":
      return crewai(site, b, n, name);
    case "crewai_tools":
      return crewaiTools(site, b, n, name);
    case "agents":
      return openaiAgents(site, b, n, name, last);
    case "pydantic_ai":
      return pydanticAi(site, b, n, name, last);
    case "smolagents":
      return smolagents(site, b, n, name, last);
    case "autogen_agentchat":
    case "autogen_ext":
    case "autogen_core":
    case "autogen":
      return autogen(site, b, n, name, last);
    case "llama_index":
      return llamaIndex(site, b, n, name, last);
    case "browser_use":
      return browserUse(site, b, n, name, last);
    case "strands":
      return strands(site, b, n, name, last);
    case "agno":
      return agno(site, b, n, name);
    case "agent_framework":
      return agentFramework(site, b, n, name);
    case "claude_agent_sdk":
      return claudeAgentSdk(site, b, n, name);
    case "semantic_kernel":
      return semanticKernel(site, b, n, name);
    case "haystack":
    case "haystack_integrations":
    case "haystack_experimental":
      return haystack(site, b, n, name);
    case "dspy":
      return dspy(site, b, n, name);
    case "google":
      if (name.startsWith("google.adk")) return adk(site, b, n, name, last);
  }
}
