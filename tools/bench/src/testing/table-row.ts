/** The cells of the markdown table row whose first cell is `first` (report tests). */
export function tableRow(md: string, first: string): string[] {
  const line = md.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (!line) throw new Error(`no row "${first}"`);
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The cells of the first row whose first cell starts with `prefix` (a label that carries a value). */
export function tableRowStarting(md: string, prefix: string): string[] {
  const line = md.split('\n').find((l) => l.startsWith(`| ${prefix}`));
  if (!line) throw new Error(`no row starting "${prefix}"`);
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}
