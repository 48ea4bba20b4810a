import { createRequire } from "node:module";
import type _Ajv2020 from "ajv/dist/2020.js";
import type _Ajv2019 from "ajv/dist/2019.js";
import type _AjvDraft7 from "ajv";
import type _addFormats from "ajv-formats";

// ajv is loaded on first use, not at start: most runs validate only psf's own inputs, against
// validators compiled at build time (util/generated.ts), and never need the compiler. Each export
// behaves as the ajv export it names (`new Ajv2020(opts)` returns a real Ajv instance).
const require = createRequire(import.meta.url);
const lazyClass = <T>(id: string): T => function construct(...args: unknown[]) {
  const Cls = (require(id) as { default: new (...a: unknown[]) => object }).default;
  return new Cls(...args);
} as unknown as T;

export const Ajv2020 = lazyClass<typeof _Ajv2020.default>("ajv/dist/2020.js");
export const Ajv2019 = lazyClass<typeof _Ajv2019.default>("ajv/dist/2019.js");
export const AjvDraft7 = lazyClass<typeof _AjvDraft7.default>("ajv");
export const addFormats = ((...args: Parameters<typeof _addFormats.default>) => (require("ajv-formats") as { default: typeof _addFormats.default }).default(...args)) as unknown as typeof _addFormats.default;
export type { ErrorObject, ValidateFunction } from "ajv";
