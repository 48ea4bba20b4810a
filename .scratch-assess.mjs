import { assessAsync } from "./dist/assess.js";
const r = await assessAsync(process.argv[2]);
for (const c of r.report.controls) {
  if (c.status === "pass" || c.status === "not_applicable") { console.log(c.id, c.status); continue; }
  console.log(c.id, c.status);
  for (const f of c.findings) console.log("   ", f.level, `${f.file ?? ""}:${f.line ?? ""}`, f.message.slice(0, 200), "|| FIX:", (f.fix ?? "").slice(0, 150));
}
console.log("facts", JSON.stringify({ files: r.facts?.files, unanalysed: r.facts?.unanalysed, parseErrors: r.facts?.parseErrors }));
