/** Renders rows as an aligned text table with a header and a dashed rule, like `clrg status`. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('   ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export interface Out {
  readonly json: boolean;
  print(text: string): void;
}

/** Prints `data` as JSON when --json was given, else the text `render` makes of it. */
export function emit<T>(out: Out, data: T, render: (d: T) => string): void {
  out.print(out.json ? JSON.stringify(data, null, 2) : render(data));
}
