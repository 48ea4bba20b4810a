import type { Catalogue, Framework, FrameworkId } from "./load.js";

/** A control's link to one item, as the item's side of the cross-walk sees it. */
export interface ItemEvidence {
  control: string;
  partial: boolean;
}

/** One item of a standard with every control that gives evidence for it (none: psf does not cover it). */
export interface MappedItem {
  id: string;
  title: string;
  controls: ItemEvidence[];
}

export interface FrameworkMap {
  framework: Framework;
  items: MappedItem[];
}

export const FRAMEWORK_IDS: readonly FrameworkId[] = ["owasp-agentic", "owasp-llm", "nist-ai-rmf", "iso-42001", "eu-ai-act"];

/** Tag prefixes for SARIF rule tags and short labels: owasp-agentic:ASI02, eu-ai-act:Art. 12. */
export function crosswalkTag(framework: FrameworkId, item: string): string {
  return `${framework}:${item}`;
}

/** The standard's items in the catalogue's order, each with the controls that give evidence for it. */
export function mapFramework(catalogue: Catalogue, id: FrameworkId): FrameworkMap | undefined {
  const framework = catalogue.frameworks?.find((f) => f.id === id);
  if (!framework) return undefined;
  const items = framework.items.map((item) => ({
    ...item,
    controls: catalogue.controls.flatMap((c) =>
      (c.crosswalk ?? []).filter((x) => x.framework === id && x.item === item.id).map((x) => ({ control: c.id, partial: x.partial === true })),
    ),
  }));
  return { framework, items };
}

/** Every framework's map, in the catalogue's order. */
export function mapAllFrameworks(catalogue: Catalogue): FrameworkMap[] {
  return (catalogue.frameworks ?? []).map((f) => mapFramework(catalogue, f.id)!);
}

/** The JSON report's `crosswalk`: per standard, each item with the controls that give evidence and their verdicts here. */
export interface ReportCrosswalk {
  framework: FrameworkId;
  title: string;
  items: { id: string; title: string; controls: { id: string; partial: boolean; status: string }[] }[];
}

export function reportCrosswalk(catalogue: Catalogue, statuses: ReadonlyMap<string, string>): ReportCrosswalk[] {
  return mapAllFrameworks(catalogue).map(({ framework, items }) => ({
    framework: framework.id,
    title: framework.title,
    items: items.map((i) => ({ id: i.id, title: i.title, controls: i.controls.map((c) => ({ id: c.control, partial: c.partial, status: statuses.get(c.control) ?? "error" })) })),
  }));
}
