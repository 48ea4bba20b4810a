import { recognizerTester } from "./tester.js";

// Destructive SQL in strings: what a reviewer calls SQL, and what only looks like it.
recognizerTester("SQL in strings", {
  valid: [
    { name: "DROP TABLE in a query", code: `export const q = (db: any) => db.query("DROP TABLE runs");\n`, expect: { destructive: [{ op: "SQL DROP TABLE", loc: { line: 1 } }] } },
    { name: "delete from, any case", code: `export const q = (db: any) => db.exec("delete from cache where id = ?");\n`, expect: { destructive: [{ op: "SQL DELETE FROM" }] } },
    { name: "truncate table, any case", code: `export const q = (db: any) => db.exec("truncate table runs");\n`, expect: { destructive: [{ op: "SQL TRUNCATE TABLE" }] } },
    { name: "TRUNCATE in capitals before a name", code: `export const q = (db: any) => db.exec("TRUNCATE runs");\n`, expect: { destructive: [{ op: "SQL TRUNCATE" }] } },
  ],
  invalid: [
    { name: "Tailwind's truncate class", code: { "src/c.tsx": `export const C = () => <span className="text-sm truncate font-medium">x</span>;\n` }, absent: ["destructive"] },
    { name: "truncate in a template class list", code: "export const c = (b: boolean) => `text-sm truncate ${b ? 'font-semibold' : ''}`;\n", absent: ["destructive"] },
    { name: "prose that says delete", code: `export const help = "Select a row and press delete to remove it";\n`, absent: ["destructive"] },
  ],
});
