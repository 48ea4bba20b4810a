// The table of known AI packages is data; the recognizers declare what they read; the two must agree.
import { describe, expect, it } from "vitest";
import { classifyPackage, loadAiPackages, packageForModule } from "../../src/sources/ai-packages.js";
import { INSTRUMENTATION_PACKAGES, RECOGNIZERS } from "../../src/facts/extract.js";
import { listCovers, recognizesPackage } from "../../src/facts/packages.js";
import { readsModule } from "../../src/facts/context.js";
import { PYTHON_PACKAGES } from "../../src/facts/python/recognizers.js";
import { importsOf, npmPackageOf } from "../../src/sources/inventory.js";

const table = loadAiPackages();

describe("the AI package table and the recognizers agree", () => {
  const npm = table.packages.filter((p) => p.ecosystem === "npm").map((p) => p.name);

  it("every package a recognizer declares is in the table, and the recognizer handles its imports", () => {
    for (const r of RECOGNIZERS) {
      for (const decl of r.packages) {
        if (decl.startsWith("!")) continue;
        if (decl.endsWith("/*")) {
          const scoped = npm.filter((n) => listCovers(r.packages, n));
          expect(scoped.length, decl).toBeGreaterThan(0);
          for (const n of scoped) expect(readsModule(r, n), n).toBe(true);
        } else {
          expect(npm, `${decl} is declared by a recognizer but missing from checklists/ai-packages.yaml`).toContain(decl);
          expect(readsModule(r, decl), decl).toBe(true);
        }
      }
    }
    for (const p of INSTRUMENTATION_PACKAGES) expect(npm).toContain(p);
  });

  it("every PyPI package the Python recognizers declare is in the table", () => {
    const pypi = table.packages.filter((p) => p.ecosystem === "pypi").map((p) => p.name);
    for (const decl of PYTHON_PACKAGES) {
      if (decl.endsWith("*")) expect(pypi.filter((n) => listCovers(PYTHON_PACKAGES, n) && n.startsWith(decl.slice(0, -1))).length, decl).toBeGreaterThan(0);
      else expect(pypi, decl).toContain(decl);
    }
    expect(recognizesPackage("pypi", "openai")).toBe(true);
    expect(recognizesPackage("pypi", "agno")).toBe(true);
    expect(recognizesPackage("pypi", "griptape")).toBe(false);
    expect(recognizesPackage("pypi", "crewai")).toBe(true);
  });

  it("a scope wildcard leaves out what its recognizer does not read", () => {
    expect(recognizesPackage("npm", "@ai-sdk/openai")).toBe(true);
    // The AI SDK recognizer leaves @ai-sdk/mcp out of its scope; the MCP recognizer declares it.
    expect(listCovers(RECOGNIZERS.find((r) => r.packages.includes("ai"))!.packages, "@ai-sdk/mcp")).toBe(false);
    expect(listCovers(RECOGNIZERS.find((r) => r.packages.includes("langchain"))!.packages, "@langchain/mcp-adapters")).toBe(false);
    expect(recognizesPackage("npm", "@ai-sdk/mcp")).toBe(true);
    expect(recognizesPackage("npm", "mcp-use")).toBe(false);
    expect(recognizesPackage("npm", "@voltagent/core")).toBe(RECOGNIZERS.some((r) => listCovers(r.packages, "@voltagent/core")));
  });
});

describe("classifying packages", () => {
  it.each([
    ["npm", "openai", "model-sdk"],
    ["npm", "@modelcontextprotocol/sdk", "mcp"],
    ["npm", "@inngest/agent-kit", "agent-framework"],
    ["npm", "acme-llm-router", "unknown-ai"],
    ["npm", "@acme/agents-core", "unknown-ai"],
    ["pypi", "Pydantic_AI", "agent-framework"],
    ["pypi", "crewai", "agent-framework"],
    ["pypi", "my-rag-helpers", "unknown-ai"],
    // Maven artifacts by their group: langchain4j and Spring AI ship dozens.
    ["other", "dev.langchain4j:langchain4j-open-ai-spring-boot-starter", "agent-framework"],
    ["other", "org.springframework.ai:spring-ai-openai", "agent-framework"],
    // npm packages by their scope: LlamaIndex.TS ships a package per provider and tool.
    ["npm", "@llamaindex/tools", "agent-framework"],
    ["npm", "ollama-client-lite", "unknown-ai"],
    // Genkit's Firebase plugin is telemetry and a Firestore retriever: it reaches a host (ABC-02).
    ["npm", "@genkit-ai/firebase", "retrieval"],
    ["npm", "@genkit-ai/google-cloud", "tracing"],
  ] as const)("%s %s is %s", (eco, name, kind) => {
    expect(classifyPackage(eco, name)?.kind).toBe(kind);
  });

  // The table's lookup: a package listed by its own name wins over its family (`@llamaindex/*`), so
  // provider adapters are model SDKs and stores are retrieval, while the rest of the scope stays a framework.
  it.each([
    ["@llamaindex/openai", "model-sdk"],
    ["@llamaindex/anthropic", "model-sdk"],
    ["@llamaindex/ollama", "model-sdk"],
    ["@llamaindex/google", "model-sdk"],
    ["@llamaindex/portkey-ai", "gateway-client"],
    ["@llamaindex/qdrant", "retrieval"],
    ["@llamaindex/pinecone", "retrieval"],
    ["@llamaindex/readers", "retrieval"],
    ["@llamaindex/workflow", "agent-framework"],
    ["@llamaindex/core", "agent-framework"],
    ["@llamaindex/some-future-package", "agent-framework"],
    ["llamaindex", "agent-framework"],
  ] as const)("%s is %s: a name listed on its own wins over its family", (name, kind) => {
    expect(classifyPackage("npm", name)?.kind).toBe(kind);
  });

  it.each([["npm", "lodash"], ["npm", "zod"], ["npm", "react"], ["pypi", "requests"], ["pypi", "pydantic"], ["npm", "airtable"], ["npm", "tailwind-merge"], ["other", "org.springframework.boot:spring-boot-starter-web"], ["npm", "@types/node"]] as const)("%s %s is not an AI package", (eco, name) => {
    expect(classifyPackage(eco, name)).toBeUndefined();
  });

  it.each([
    ["google.adk.agents", "google-adk"],
    ["llama_index.tools.mcp", "llama-index-tools-mcp"],
    ["llama_index.core.agent", "llama-index-core"],
    ["agents", "openai-agents"],
    ["openinference.instrumentation.crewai", "openinference-instrumentation-crewai"],
  ])("Python module %s comes from %s", (module, dist) => {
    expect(packageForModule(module)?.name).toBe(dist);
  });
});

describe("reading imports", () => {
  it.each([
    ["@scope/pkg/sub/path", "@scope/pkg"],
    ["ai/rsc", "ai"],
    ["openai", "openai"],
    ["./local", undefined],
    ["@/lib/agent", undefined],
    ["node:fs", undefined],
    ["~/x", undefined],
  ])("npm package of %j is %j", (spec, pkg) => {
    expect(npmPackageOf(spec)).toBe(pkg);
  });

  it("finds every import form in TypeScript with its line, and skips type-only imports", () => {
    const text = [
      'import { a } from "one";',
      "import {",
      "  b,",
      '} from "two";',
      'import type { T } from "types-only";',
      'export * from "three";',
      'import "four";',
      'const x = require("five");',
      'const y = await import("six");',
    ].join("\n");
    expect(importsOf("a.ts", text)).toEqual([
      { module: "one", line: 1 },
      { module: "two", line: 2 },
      { module: "three", line: 6 },
      { module: "four", line: 7 },
      { module: "five", line: 8 },
      { module: "six", line: 9 },
    ]);
  });

  it("finds Python imports with their lines", () => {
    const text = "import os, openai as oa\nfrom crewai import Agent\n    from langgraph.graph import StateGraph\nfrom . import local\n";
    expect(importsOf("a.py", text)).toEqual([
      { module: "os", line: 1 },
      { module: "openai", line: 1 },
      { module: "crewai", line: 2 },
      { module: "langgraph.graph", line: 3 },
    ]);
  });
});

describe("a recognizer reads its packages' subpath modules", () => {
  it.each([
    ["ai/rsc", "ai"],
    ["@google/generative-ai/server", "@google/genai"],
    ["@openai/agents-realtime", "@openai/agents"],
    ["@langchain/textsplitters", "langchain"],
  ])("%s is read by the recognizer of %s", (module, pkg) => {
    const owner = RECOGNIZERS.find((r) => readsModule(r, module));
    expect(owner).toBe(RECOGNIZERS.find((r) => r.packages.includes(pkg)));
  });
});
