import { readFileSync } from 'node:fs';

/**
 * A service README's authorisation matrix: the first table whose header starts `| route |`.
 * Each cell is the exact status the request gets, or `–` for a refusal by the access check.
 * The authorisation tests send what this table says, so the README cannot drift from the code.
 */
export interface MatrixRow {
  route: string;
  /** persona → expected status, or 'refused'. */
  expected: Record<string, number | 'refused'>;
}

export const readMatrix = (readmePath: string): { personas: string[]; rows: MatrixRow[] } => {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('| route |'));
  if (headerAt < 0) throw new Error(`${readmePath} has no authorisation matrix (a table starting "| route |")`);
  const cellsOf = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
  const personas = cellsOf(lines[headerAt]!).slice(1);
  const rows: MatrixRow[] = [];
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.startsWith('|')) break;
    const [route, ...cells] = cellsOf(line);
    if (cells.length !== personas.length) throw new Error(`${readmePath}: "${line}" has ${cells.length} cells for ${personas.length} personas`);
    const expected = Object.fromEntries(
      personas.map((persona, i) => {
        const cell = cells[i]!;
        if (cell === '–') return [persona, 'refused' as const];
        if (!/^\d{3}$/.test(cell)) throw new Error(`${readmePath}: ${route} as ${persona} is "${cell}", not a status or –`);
        return [persona, Number(cell)];
      }),
    );
    rows.push({ route: route!.replace(/`/g, ''), expected });
  }
  return { personas, rows };
};

/** `METHOD /path/:param` of every operation in an OpenAPI document. */
export const exposedRoutes = (openapi: { paths: Record<string, object> }): string[] =>
  Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
