// Rollup plugin for the script-tag build: squeezes the whitespace out of Lit's css`` and html`` templates,
// which terser must leave alone (a template literal is a string to it). Runs after TypeScript, on the parsed
// AST, touching only the static parts of tagged templates named `css` or `html`.
//  - css: comments dropped, whitespace collapsed, none kept around { } ; : , > (no template uses > inside
//    calc()), no ; before }, no 0 before a decimal point;
//  - html: a whitespace run holding a line break becomes one space (HTML would render it as one anyway;
//    none of our templates has <pre> or text inside <textarea>).
import MagicString from 'magic-string';

function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}') // the last declaration of a rule needs no semicolon
    .replace(/([:( ,])0\.(\d)/g, '$1.$2'); // 0.5 → .5
}

const minifyHtml = (text) => text.replace(/\s*\n\s*/g, ' ');

function* taggedTemplates(node) {
  if (!node || typeof node.type !== 'string') return;
  if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && (node.tag.name === 'css' || node.tag.name === 'html')) {
    yield node;
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const child of value) yield* taggedTemplates(child);
    else if (value && typeof value === 'object' && typeof value.type === 'string') yield* taggedTemplates(value);
  }
}

export function minifyTemplates() {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html)\s*`/.test(code)) return null;
      const magic = new MagicString(code);
      for (const node of taggedTemplates(this.parse(code))) {
        const minify = node.tag.name === 'css' ? minifyCss : minifyHtml;
        for (const quasi of node.quasi.quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          const small = minify(raw);
          if (small !== raw) magic.overwrite(quasi.start, quasi.end, small);
        }
      }
      return { code: magic.toString(), map: magic.generateMap({ hires: true }) };
    },
  };
}
