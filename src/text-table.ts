import Table from 'cli-table3';

/** How a column lines up: text left, counts right. */
export type ColumnAlign = 'left' | 'right';

// No borders and no colours: the tables are read in terminals, logs and CI output alike, and
// tests match them with plain regular expressions. Columns are two spaces apart.
const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};

/**
 * Rows under a header (none when `head` is empty) as aligned plain-text columns (cli-table3), each
 * line without trailing blanks.
 */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly ColumnAlign[] = []): string[] {
  const columns = head.length || Math.max(0, ...rows.map((r) => r.length));
  const table = new Table({
    head: [...head],
    chars: PLAIN,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colAligns: Array.from({ length: columns }, (_, i) => align[i] ?? 'left'),
  });
  table.push(...rows.map((r) => [...r]));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
}
