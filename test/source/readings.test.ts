import { controlTable } from "./table.js";

/**
 * Readings a reviewer would argue with (issue 13, item 3): each case names the finding psf used to
 * give and the one it gives now, at file:line.
 */

const allow = { boundaries: { endpoints: { allow: ["https://api.example.com/v1"] } } };
const search = `export async function lookup(q: string) {
  const url = new URL("https://api.example.com/v1/search");
  url.searchParams.set("q", q);
  url.searchParams.append("limit", "10");
  await fetch(url);
  await fetch(url.toString());
  await fetch(url.href);
  const off = new URL("https://other.example/x");
  off.searchParams.set("q", q);
  await fetch(off.toString());
}
`;
controlTable("ABC-02", [
  { name: "new URL(literal) with searchParams edits, fetched as url / url.toString() / url.href, is that literal URL", manifest: allow, files: search, findings: ["fail@10"], messages: ["https://other.example/x\") is not on the endpoint allowlist"] },
  { name: "a URL object built on a run-time base stays run-time, whatever is called on it", manifest: allow, files: `export async function f(base: string) {\n  const u = new URL(base);\n  await fetch(u.toString());\n}\n`, findings: ["warn@3"] },
]);
