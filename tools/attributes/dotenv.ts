// A small .env reader (KEY=VALUE lines, `export` prefixes, # comments, single or double quotes), so
// credentials can live in a file instead of a flag. Errors never quote a line: it may hold the secret.
import { readFileSync } from 'node:fs';
import { AttributesToolError } from './errors.js';

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** Index of the quote that closes the value (a double-quoted value may contain an escaped quote). */
function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

export function parseDotenv(text: string, source = '.env'): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) throw new AttributesToolError('usage', `${source} line ${i + 1} is not KEY=VALUE`);
    const [, key, rest] = match as unknown as [string, string, string];
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      const end = closingQuote(rest, quote);
      if (end < 0) throw new AttributesToolError('usage', `${source} line ${i + 1}: the value's closing ${quote} is missing`);
      value = rest.slice(1, end);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    out[key] = value;
  }
  return out;
}

/** Reads a .env file; a missing file is an error only when it was asked for by name. */
export function loadDotenv(path: string, required: boolean): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return {};
    throw new AttributesToolError('usage', `cannot read the env file ${path} (${code ?? 'error'})`);
  }
  return parseDotenv(text, path);
}
