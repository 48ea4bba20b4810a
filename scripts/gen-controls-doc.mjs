// `npm run docs`: writes docs/controls.md from the catalogue (run after the build: it uses dist/).
import { writeFileSync } from "node:fs";
import { loadCatalogue } from "../dist/catalogue/load.js";
import { renderControlsDoc } from "../dist/catalogue/doc.js";

const out = new URL("../docs/controls.md", import.meta.url);
writeFileSync(out, renderControlsDoc(loadCatalogue()));
console.log("wrote docs/controls.md");
