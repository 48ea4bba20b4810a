import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The installed package's root (holds schemas/ and checklists/), from src/ under tests or dist/ when built. */
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

export function packageFile(rel: string): string {
  return fileURLToPath(new URL(`../../${rel}`, import.meta.url));
}

export const toolVersion: string = (JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version: string }).version;
