// Bytes of the script-tag build as a visitor's browser fetches it: the entry, then every chunk it imports
// (statically or with import()), found by reading the files themselves rather than globbing dist/, so a
// stale chunk left on disk is never counted. Each file is compressed on its own, as a server sends it.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  raw: number;
  /** zlib level 9 (gzip -9). */
  gzip: number;
  /** brotli quality 11 (the maximum, what CDNs use for static files). */
  brotli: number;
}

export function sizeOf(path: string, root: string): FileSize {
  const bytes = readFileSync(path);
  return {
    file: relative(root, path),
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Relative module specifiers in minified ES output: `from"./x.js"`, `import"./x.js"`, `import("./x.js")`. */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) found.add(match[1]!);
  return [...found];
}

/** The entry first, then each file reachable from it once. */
export function measureBuild(entry: string, root = dirname(entry)): FileSize[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    order.push(path);
    for (const specifier of importsOf(readFileSync(path, 'utf8'))) visit(join(dirname(path), specifier));
  };
  visit(entry);
  return order.map((path) => sizeOf(path, root));
}

export function total(sizes: FileSize[]): Omit<FileSize, 'file'> {
  return sizes.reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}

