import { expect } from "vitest";
import { controlTable } from "./table.js";
import { recognizerTester } from "../facts/tester.js";

/**
 * Cloudflare Think puts its workspace tools (read, write, edit, list, find, grep, delete) in every
 * turn's tool set, none asking for approval; a tool of the same name from getTools() replaces one.
 */
const plain = `import { Think } from "@cloudflare/think";
export class Notes extends Think<Env> {
  getModel() { return "@cf/meta/llama-3.1-8b-instruct"; }
}
`;
const overridden = `import { Think } from "@cloudflare/think";
import { tool } from "ai";
export class Notes extends Think<Env> {
  getModel() { return "@cf/meta/llama-3.1-8b-instruct"; }
  getTools() {
    return {
      delete: tool({ description: "remove a note", inputSchema: s, needsApproval: true, execute: async () => "ok" }),
      write: tool({ description: "save a note", inputSchema: s, needsApproval: true, execute: async () => "ok" }),
      edit: tool({ description: "edit a note", inputSchema: s, needsApproval: true, execute: async () => "ok" }),
    };
  }
}
`;

recognizerTester("Think's built-in workspace tools", {
  valid: [
    {
      name: "a Think subclass gets the seven workspace tools, at the class, with the delete tool's removal as a destructive operation",
      code: plain,
      expect: {
        agentRuns: [{ tools: ["read", "list", "find", "grep", "write", "edit", "delete"] }],
        destructive: [{ op: "workspace.rm (recursive) (Think's built-in delete tool)", tool: "delete", loc: { line: 2, column: 1 } }],
      },
      check: (f) => {
        expect(f.tools.map((t) => t.name)).toEqual(["read", "list", "find", "grep", "write", "edit", "delete"]);
        expect(f.tools.every((t) => t.builtIn && t.approval === "none" && t.loc.line === 2)).toBe(true);
        expect(f.tools.find((t) => t.name === "write")!.writes).toHaveLength(1);
      },
    },
  ],
  invalid: [
    {
      name: "tools getTools() returns under the same names replace the built-in ones",
      code: overridden,
      absent: ["destructive"],
      check: (f) => expect(f.tools.filter((t) => t.builtIn).map((t) => t.name)).toEqual(["read", "list", "find", "grep"]),
    },
  ],
});

const declared = { boundaries: { tools: [{ name: "delete", access: "destructive" as const, requires_approval: true }, { name: "write", access: "write" as const, requires_approval: true }, { name: "edit", access: "write" as const, requires_approval: true }] } };
controlTable("OOC-03", [
  { name: "undeclared built-in write, edit and delete fail at the class, with the fix that replaces them", files: plain, findings: ["fail@2", "fail@2", "fail@2"], messages: ["tool write (one of Think's built-in workspace tools", "tool delete (one of Think's built-in workspace tools", "it deletes or executes (workspace.rm (recursive)"] },
  { name: "declared with approval, but the built-in tools never ask: fail", manifest: declared, files: plain, findings: ["fail@2", "fail@2", "fail@2"], messages: ["tool delete (one of Think's built-in workspace tools, in every turn unless getTools() replaces it) (declared access destructive) has no approval wiring"] },
  { name: "replaced in getTools() with needsApproval: pass", manifest: declared, files: overridden, findings: [] },
]);
controlTable("ABC-08", [
  { name: "the built-in delete tool is judged as a tool: undeclared fails with the declaration fix, never 'move it into a tool'", files: plain, findings: ["fail@2"], messages: ["runs in tool delete, which boundaries.tools does not declare"] },
  { name: "declared destructive with approval: ABC-08 passes (OOC-03 judges the wiring)", manifest: declared, files: plain, findings: [] },
]);
controlTable("IAA-04", [
  { name: "the built-in tools are audited with the Think run: one finding, on the run", files: plain, findings: ["fail@2"], messages: ["agent run class Notes extends Think"], notes: ["7 built-in framework tools run inside their agent run"] },
]);
