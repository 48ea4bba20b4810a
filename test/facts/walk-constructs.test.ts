import { describe, expect, it } from "vitest";
import { recognizerTester } from "./tester.js";
import { factsOf } from "./helpers.js";

/**
 * The walk dispatches on a table of node kinds and evaluates expressions to a bounded depth, with
 * each `const` evaluated once and remembered. These cases pin down that no construct hides the
 * calls inside it, and that a long method chain evaluated deep inside another expression does not
 * leave a truncated value remembered for a name used later.
 */
recognizerTester("walk: calls inside every construct", {
  valid: [
    {
      // The shape of a real example: tools declared before the functions they name, a fluent chain
      // of five calls on the runner, and the client used again afterwards.
      name: "runTools behind a long .on() chain in async main(), functions declared after use",
      code: [
        `import OpenAI from "openai";`,
        `const openai = new OpenAI();`,
        `type Tool<T> = { type: "function"; function: { name: string; function: (a: T) => unknown } };`,
        `const tools: Tool<any>[] = [`,
        `  { type: "function", function: { name: "alpha", parameters: {}, function: alpha, parse: JSON.parse } } as Tool<{ q: string }>,`,
        `  { type: "function", function: { name: "beta", parameters: {}, function: beta, parse: JSON.parse } } as Tool<{ q: string }>,`,
        `  { type: "function", function: { name: "gamma", parameters: {}, function: gamma, parse: JSON.parse } } satisfies Tool<{ q: string }>,`,
        `];`,
        `async function main() {`,
        `  const runner = await openai.chat.completions`,
        `    .runTools({ model: "m", stream: true, tools, messages: [] })`,
        `    .on("message", (m) => console.log(m))`,
        `    .on("functionToolCall", (c) => console.log(c))`,
        `    .on("functionToolCallResult", (r) => console.log(r))`,
        `    .on("content", (d) => process.stdout.write(d));`,
        `  const result = await runner.finalChatCompletion();`,
        `  await openai.chat.completions.create({ model: "m", messages: [] });`,
        `  console.dir(result);`,
        `}`,
        `async function alpha({ q }: { q: string }) { return q; }`,
        `async function beta({ q }: { q: string }) { return q; }`,
        `async function gamma({ q }: { q: string }) { return q!; }`,
        `main();`,
      ].join("\n"),
      expect: {
        agentRuns: [{ framework: "openai", api: "chat.completions.runTools", fn: "src/agent.ts#main", loc: { line: 10, column: 24 }, tools: ["alpha", "beta", "gamma"] }],
        modelCalls: [{ api: "chat.completions.create", loc: { line: 17 }, fn: "src/agent.ts#main" }],
        tools: [{ name: "alpha" }, { name: "beta" }, { name: "gamma" }],
      },
    },
  ],
  invalid: [],
});

/** One observable call (a fetch to a literal URL) placed inside each construct. */
const constructs: [string, (call: string) => string][] = [
  ["satisfies", (c) => `const x = { go: () => ${c} } satisfies Record<string, () => unknown>;\nx.go();\n`],
  ["as const", (c) => `export const x = [${c}] as const;\n`],
  ["non-null assertion", (c) => `export function f() { return (${c})!; }\n`],
  ["optional call", (c) => `export function f(o?: { g?: (p: Promise<Response>) => void }) { o?.g?.(${c}); }\n`],
  ["decorator arguments", (c) => `function dec(_: unknown) { return (t: unknown) => t; }\n@dec(${c})\nexport class A {}\n`],
  ["class property initializer", (c) => `export class A {\n  p = ${c};\n  static s = ${c.replace("/call", "/static")};\n}\n`],
  ["class static block", (c) => `export class A {\n  static {\n    ${c};\n  }\n}\n`],
  ["export default async function", (c) => `export default async function main() {\n  await ${c};\n}\n`],
  ["arrow in an object-literal property", (c) => `export const api = { go: async () => { await ${c}; } };\n`],
  ["method in an object literal", (c) => `export const api = { async go() { await ${c}; } };\n`],
  ["for await", (c) => `export async function f(xs: AsyncIterable<number>) {\n  for await (const x of xs) await ${c};\n}\n`],
  ["labeled statement", (c) => `export function f() {\n  outer: for (let i = 0; i < 3; i++) { ${c}; continue outer; }\n}\n`],
  ["using declaration", (c) => `export async function f() {\n  using r = { [Symbol.dispose]() {} };\n  await using s = { async [Symbol.asyncDispose]() {} };\n  await ${c};\n}\n`],
  ["generic call with type arguments", (c) => `function id<T>(x: T): T { return x; }\nexport const p = id<Promise<Response>>(${c});\n`],
  ["type assertion (angle brackets)", (c) => `export const p = <Promise<Response>>${c};\n`],
  ["enum member initializer", (c) => `export enum E { A = String(${c}).length }\n`],
  ["namespace body", (c) => `export namespace N {\n  export const p = ${c};\n}\n`],
  ["default parameter value", (c) => `export function f(p = ${c}) { return p; }\n`],
  ["tagged template", (c) => `const tag = (s: TemplateStringsArray, ...v: unknown[]) => v;\nexport const t = tag\`a\${${c}}b\`;\n`],
  ["JSX expression", (c) => `export const el = <div onClick={() => ${c}}>{String(${c})}</div>;\n`],
  ["try / catch / finally", (c) => `export async function f() {\n  try { await ${c}; } catch (e) { await ${c}; } finally { await ${c}; }\n}\n`],
  ["switch case", (c) => `export function f(k: string) {\n  switch (k) { case "a": return ${c}; default: return null; }\n}\n`],
  ["getter and setter", (c) => `export class A {\n  get g() { return ${c}; }\n  set s(v: number) { void ${c}; }\n}\n`],
  ["constructor parameter property", (c) => `export class A {\n  constructor(private readonly p = ${c}) {}\n}\n`],
  ["IIFE", (c) => `(async () => { await ${c}; })();\n`],
  ["function declared after use, called at the end", (c) => `main();\nasync function main() { await helper(); }\nasync function helper() { return ${c}; }\n`],
];

describe("walk: a call is recorded inside each construct", () => {
  for (const [name, make] of constructs) {
    it(name, () => {
      const code = make(`fetch("https://x.example/call")`);
      const f = factsOf(name === "JSX expression" ? { "src/agent.tsx": code } : code);
      expect(f.parseErrors).toEqual([]);
      expect(f.urls.map((u) => u.url)).toContainEqual(expect.objectContaining({ kind: "literal", text: "https://x.example/call" }));
    });
  }
});

describe("walk: a remembered const does not depend on where it was first evaluated", () => {
  // `openai` is first evaluated at the end of a chain of n calls; whatever n, every use must see the client.
  for (let n = 0; n <= 8; n++) {
    it(`a client first reached through a chain of ${n} .then() calls still resolves at later uses`, () => {
      const code = [
        `import OpenAI from "openai";`,
        `const openai = new OpenAI({ baseURL: "https://gw.example/v1" });`,
        `export async function f() {`,
        `  const r = await openai.chat.completions.create({ model: "m", messages: [] })${".then((a) => a)".repeat(n)};`,
        `  await openai.chat.completions.runTools({ model: "m", messages: [], tools: [] });`,
        `  return r.choices;`,
        `}`,
      ].join("\n");
      const f = factsOf(code);
      expect(f.modelCalls).toMatchObject([{ api: "chat.completions.create", fn: "src/agent.ts#f" }]);
      expect(f.agentRuns).toMatchObject([{ api: "chat.completions.runTools", fn: "src/agent.ts#f", loc: { line: 5, column: 9 } }]);
      expect(f.modelClients).toMatchObject([{ baseURL: { kind: "literal", text: "https://gw.example/v1" } }]);
    });
  }
});

describe("walk: method chains", () => {
  it("a chain far longer than any real one is walked without exhausting the stack", () => {
    const code = `import OpenAI from "openai";\nconst openai = new OpenAI();\nexport const r = openai.chat.completions.runTools({ model: "m", messages: [], tools: [] })${".on(\"x\", () => 1)".repeat(1000)};\n`;
    const f = factsOf(code);
    expect(f.agentRuns).toMatchObject([{ api: "chat.completions.runTools", loc: { line: 3, column: 18 } }]);
  });
});

describe("walk: a call evaluated inside another call reads the same as where the walk reaches it", () => {
  // The walk evaluates a recorded call's arguments, calls inside them included, then evaluates each
  // inner call again when it reaches it; the first value is kept and given again. An outer call
  // nested n deep cuts its own evaluation short past the depth limit: the run inside must still show
  // its step bound and its signal, whatever n.
  const shapes: [string, (n: number, run: string) => string][] = [
    ["inside n nested calls of a project function", (n, run) => `${"wrap(".repeat(n)}${run}${")".repeat(n)}`],
    ["inside n nested object literals passed to a project function", (n, run) => `wrap(${"{ a: ".repeat(n)}${run}${" }".repeat(n)})`],
    ["at the head of a chain of n project calls", (n, run) => `${run}.then(wrap)${".then(wrap)".repeat(n)}`],
  ];
  for (const [name, make] of shapes) {
    for (const n of [0, 1, 5, 9, 10, 11, 14]) {
      it(`${name}, n = ${n}`, () => {
        const run = `generateText({ model: m, tools: {}, abortSignal: controller.signal, stopWhen: stepCountIs(LIMIT) })`;
        const code = [
          `import { generateText, stepCountIs } from "ai";`,
          `const LIMIT = 6;`,
          `const controller = new AbortController();`,
          `function wrap<T>(x: T): T { return x; }`,
          `export const r = ${make(n, run)};`,
        ].join("\n");
        const f = factsOf(code);
        expect(f.agentRuns).toMatchObject([{ api: "generateText", bound: { kind: "literal", value: 6, via: "LIMIT" }, signal: true }]);
      });
    }
  }
});
