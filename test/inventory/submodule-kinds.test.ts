// Most of langchain-community is not agent machinery: a LangChain app that imports a vector store or a
// document loader from it got "imports langchain-community (agent framework), which psf does not
// recognize" on every source control. The kind of an import follows the submodule it names.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assess } from "../../src/assess.js";
import { MINIMAL, project, removeProjects } from "../helpers.js";

afterAll(removeProjects);

const NOW = new Date("2026-11-28T00:00:00Z");
// A model psf reads (through the declared gateway), so only the unrecognized package's own findings differ.
const AGENT = `from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o-mini")\nllm.invoke("hi")\n`;

const cases: { name: string; imports: string; kind: string; controls: string[] }[] = [
  { name: "a vector store: retrieval, ABC-02 only", imports: "from langchain_community.vectorstores import FAISS\n", kind: "retrieval", controls: ["ABC-02"] },
  { name: "a chat model: a model SDK", imports: "from langchain_community.chat_models import ChatOllama\n", kind: "model-sdk", controls: ["ABC-02", "IAA-04", "RSG-04", "RSG-05"] },
  { name: "a loader and a chat model: the wider of the two", imports: "from langchain_community.document_loaders import WebBaseLoader\nfrom langchain_community.chat_models import ChatOllama\n", kind: "model-sdk", controls: ["ABC-02", "IAA-04", "RSG-04", "RSG-05"] },
  { name: "a tool: the package's own kind (agent framework)", imports: "from langchain_community.tools import ShellTool\n", kind: "agent-framework", controls: ["ABC-02", "ABC-03", "ABC-04", "ABC-06", "ABC-07", "ABC-08", "IAA-04", "OOC-02", "OOC-03", "RSG-04", "RSG-05"] },
];

describe("an import of langchain-community is as wide as the submodule it names", () => {
  it.each(cases)("$name", ({ imports, kind, controls }) => {
    const dir = project({ "psf.yaml": MINIMAL, "requirements.txt": "langchain-openai==0.3.0\nlangchain-community==0.3.0\n", "agent.py": imports + AGENT });
    const report = assess(path.join(dir, "psf.yaml"), { now: NOW }).report;
    expect(report.coverage.packages.find((p) => p.name === "langchain-community")?.kind).toBe(kind);
    const warned = report.controls.filter((c) => c.findings.some((f) => /langchain-community/.test(f.message))).map((c) => c.id).sort();
    expect(warned).toEqual(controls);
  });
});
