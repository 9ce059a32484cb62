// The shell commands that README.md and docs/*.md show, read from their fenced blocks, so a test can
// run each one as written (issue #20: every documented command works).

export interface DocCommand {
  /** `README.md:43`: where the command starts. */
  where: string;
  /** The command, continuation lines joined, the trailing `# comment` removed. */
  command: string;
  /** The trailing comment (`→ 400, lists the parameters`), when there is one. */
  comment?: string;
  /** For a transcript block (`$ command` then its output): the output lines shown. */
  shownOutput?: string[];
}

const FENCE = /^```(\w*)\s*$/;

/** A `#` that starts a comment: at the start or after whitespace, outside quotes. */
function splitComment(line: string): { code: string; comment?: string } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return { code: line.slice(0, i).trimEnd(), comment: line.slice(i + 1).trim() };
  }
  return { code: line.trimEnd() };
}

function joinContinuations(lines: string[]): { text: string; offset: number }[] {
  const joined: { text: string; offset: number }[] = [];
  let current: { text: string; offset: number } | undefined;
  lines.forEach((line, i) => {
    if (current) current.text += ` ${line.trim()}`;
    else current = { text: line, offset: i };
    if (current.text.endsWith('\\')) current.text = current.text.slice(0, -1).trimEnd();
    else {
      joined.push(current);
      current = undefined;
    }
  });
  if (current) joined.push(current);
  return joined;
}

/** `sh`/`bash` blocks: every line is a command; unlabelled blocks: only `$ ` transcript lines. */
export function documentedCommands(file: string, markdown: string): DocCommand[] {
  const lines = markdown.split('\n');
  const found: DocCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !FENCE.test(lines[end]!)) end++;
    const body = lines.slice(start, end);
    const lang = open[1];
    if (lang === 'sh' || lang === 'bash') found.push(...shellBlock(file, start, body));
    else if (lang === '') found.push(...transcriptBlock(file, start, body));
    i = end;
  }
  return found;
}

function shellBlock(file: string, start: number, body: string[]): DocCommand[] {
  return joinContinuations(body).flatMap(({ text, offset }) => {
    const { code, comment } = splitComment(text.trim());
    if (!code) return [];
    return [{ where: `${file}:${start + offset + 1}`, command: code, ...(comment ? { comment } : {}) }];
  });
}

function transcriptBlock(file: string, start: number, body: string[]): DocCommand[] {
  const found: DocCommand[] = [];
  body.forEach((line, offset) => {
    if (line.startsWith('$ ')) found.push({ where: `${file}:${start + offset + 1}`, command: line.slice(2).trim(), shownOutput: [] });
    else if (found.length > 0 && line.trim()) found.at(-1)!.shownOutput!.push(line);
  });
  return found;
}

/** For comparing shown output with real output: numbers, times and spacing may differ. */
export function normalizeOutput(text: string): string {
  return text
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}
