// Where the gzip bytes of the script-tag build go: for each source module, how much smaller the build would
// be without the bytes the minifier produced from it (each file gzipped again, as a server sends it). Gzip
// shares a dictionary across a file, so this marginal cost is what cutting that source would really save,
// which summing per-module sizes overstates. Read from the build's source maps.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer, type MappingItem } from 'source-map-js';

interface Segment {
  start: number;
  end: number;
  source: string;
}

interface MappedFile {
  code: string;
  segments: Segment[];
  gzip: number;
}

const gzipLength = (text: string): number => gzipSync(text, { level: 9 }).length;

/** node_modules/lit-html/lit-html.js → lit-html/lit-html.js; …/src/x.ts → src/x.ts. */
function shortName(source: string): string {
  return source.replace(/.*node_modules\//, '').replace(/.*\/(src\/)/, '$1');
}

function readMapped(path: string): MappedFile {
  const code = readFileSync(path, 'utf8');
  const consumer = new SourceMapConsumer(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const mappings: MappingItem[] = [];
  consumer.eachMapping((mapping) => mappings.push(mapping), undefined, SourceMapConsumer.GENERATED_ORDER);
  const segments: Segment[] = [];
  mappings.forEach((mapping, i) => {
    const next = mappings[i + 1];
    const lineStart = lineStarts[mapping.generatedLine - 1]!;
    const lineEnd = (lineStarts[mapping.generatedLine] ?? code.length + 1) - 1;
    const end = next && next.generatedLine === mapping.generatedLine ? lineStart + next.generatedColumn : lineEnd;
    if (mapping.source) segments.push({ start: lineStart + mapping.generatedColumn, end, source: shortName(mapping.source) });
  });
  return { code, segments, gzip: gzipLength(code) };
}

function withoutSource(file: MappedFile, source: string): string {
  let out = '';
  let from = 0;
  for (const segment of file.segments) {
    if (segment.source !== source) continue;
    out += file.code.slice(from, segment.start);
    from = segment.end;
  }
  return out + file.code.slice(from);
}

/** Marginal gzip bytes per source module across the given built files, largest first. */
export function bytesBySource(paths: string[]): { source: string; gzip: number }[] {
  const files = paths.map(readMapped);
  const sources = new Set(files.flatMap((file) => file.segments.map((segment) => segment.source)));
  return [...sources]
    .map((source) => ({
      source,
      gzip: files.reduce(
        (saved, file) => saved + (file.segments.some((s) => s.source === source) ? file.gzip - gzipLength(withoutSource(file, source)) : 0),
        0,
      ),
    }))
    .sort((a, b) => b.gzip - a.gzip);
}
