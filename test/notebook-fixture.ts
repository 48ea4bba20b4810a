// Notebooks for tests, written the way Jupyter writes them.

export type Cell = [kind: "code" | "markdown" | "raw", source: string];

/** A notebook as Jupyter writes it (nbformat 4, one-space indent: each source line on its own line). */
export function notebook(cells: Cell[], metadata: object = { kernelspec: { display_name: "Python 3", language: "python", name: "python3" } }): string {
  const nb = {
    cells: cells.map(([kind, source]) => ({ cell_type: kind, metadata: {}, source: source.split(/(?<=\n)/).filter((l) => l !== ""), ...(kind === "code" ? { execution_count: null, outputs: [] } : {}) })),
    metadata,
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

