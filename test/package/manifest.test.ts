// custom-elements.json (built from the elements' JSDoc by `npm run build`) against two other sources of truth:
//  - the code: every attribute a Lit property, the launcher's PROPERTIES or observedAttributes declares, every gc-* event dispatched,
//    every part in a template (and every part re-exported with exportparts), every --gc-* property read;
//  - the reference a site owner reads (docs/reference.md): its attribute, property, method, event, part and
//    custom property tables per element.
// Whichever drifts, the test names what is missing where.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../e2e/browser.ts';

interface ManifestEntry {
  name: string;
  description?: string;
  attribute?: string;
  kind?: string;
  privacy?: string;
  static?: boolean;
}
interface ElementDoc {
  tagName: string;
  attributes: ManifestEntry[];
  events: ManifestEntry[];
  members: ManifestEntry[];
  cssParts: ManifestEntry[];
  cssProperties: ManifestEntry[];
}

const ELEMENTS_DIR = join(REPO_ROOT, 'src/elements');
/** Global HTML attributes an element may document because it reads them, without declaring them. */
const GLOBAL_ATTRIBUTES = new Set(['lang', 'dir', 'title']);

let docs: Map<string, ElementDoc>;

before(() => {
  const path = join(REPO_ROOT, 'dist/custom-elements.json');
  if (!existsSync(path)) throw new Error('dist/custom-elements.json is missing: run `npm run build` first');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  docs = new Map();
  for (const mod of manifest.modules) {
    for (const declaration of mod.declarations ?? []) {
      if (!declaration.tagName) continue;
      docs.set(declaration.tagName, {
        tagName: declaration.tagName,
        attributes: declaration.attributes ?? [],
        events: declaration.events ?? [],
        members: declaration.members ?? [],
        cssParts: declaration.cssParts ?? [],
        cssProperties: declaration.cssProperties ?? [],
      });
    }
  }
});

const names = (entries: ManifestEntry[]) => new Set(entries.map((entry) => entry.name));
const missing = (expected: Iterable<string>, actual: Set<string>) => [...expected].filter((name) => !actual.has(name)).sort();

// --- What the code declares ---------------------------------------------------------------------------

interface CodeFacts {
  tag: string;
  attributes: Set<string>;
  events: Set<string>;
  parts: Set<string>;
  /** Parts built from an expression (`message-${kind}`): the manifest must list at least one per prefix. */
  partPrefixes: Set<string>;
  childTags: Set<string>;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Event names in a dispatch's first argument: a literal, or the literals of `open ? 'gc-a' : 'gc-b'`. */
function eventNames(node: ts.CallExpression | ts.NewExpression): string[] {
  const found: string[] = [];
  const first = node.arguments?.[0];
  const collect = (child: ts.Node): void => {
    if (ts.isStringLiteralLike(child) && child.text.startsWith('gc-')) found.push(child.text);
    else if (ts.isConditionalExpression(child) || ts.isParenthesizedExpression(child)) child.forEachChild(collect);
  };
  if (first) collect(first);
  return found;
}

function templateText(node: ts.TemplateLiteral): string {
  if (ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return node.head.text + node.templateSpans.map((span) => '${}' + span.literal.text).join('');
}

/** Modules that render into an element's shadow root on its behalf: <gc-webchat>'s lazily loaded window. */
const RENDERED_BY: Record<string, string[]> = { 'gc-webchat.ts': ['webchat-window.ts'] };

function readElement(file: string, tags: Map<string, string>): CodeFacts | undefined {
  const facts: CodeFacts = { tag: '', attributes: new Set(), events: new Set(), parts: new Set(), partPrefixes: new Set(), childTags: new Set() };
  for (const part of [file, ...(RENDERED_BY[file] ?? [])]) readSource(part, facts);
  // The element is the class its own file exports and a define module registers.
  const source = ts.createSourceFile(file, readFileSync(join(ELEMENTS_DIR, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement) && statement.name && tags.has(statement.name.text)) facts.tag = tags.get(statement.name.text)!;
  }
  return facts.tag ? facts : undefined;
}

/** The keys of SessionEvents (src/session/types.ts): the session's events, each a gc-* event of <gc-webchat>. */
function sessionEventNames(): string[] {
  const types = ts.createSourceFile('types.ts', readFileSync(join(REPO_ROOT, 'src/session/types.ts'), 'utf8'), ts.ScriptTarget.ES2022, true);
  const declaration = types.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'SessionEvents');
  assert.ok(declaration, 'types.ts declares SessionEvents');
  return declaration.members.map((member) => member.name!.getText(types));
}

function readSource(file: string, facts: CodeFacts): void {
  const source = ts.createSourceFile(file, readFileSync(join(ELEMENTS_DIR, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name.getText(source) : callee.getText(source);
      if (/emit$/i.test(calleeName)) for (const name of eventNames(node)) facts.events.add(name);
    }
    if (ts.isNewExpression(node) && node.expression.getText(source) === 'CustomEvent') {
      for (const name of eventNames(node)) facts.events.add(name);
    }
    // `session.onAny(…)`: every session event re-dispatched under its DOM name (messageReceived → gc-message-received).
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'onAny') {
      for (const name of sessionEventNames()) facts.events.add(`gc-${kebab(name)}`);
    }
    // Lit's `static properties = { name: { attribute, state, ... } }`: a reactive property is an attribute
    // unless it says `attribute: false` or `state: true`.
    if (ts.isPropertyDeclaration(node) && node.name.getText(source) === 'properties' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
        const option = (name: string) =>
          (property.initializer as ts.ObjectLiteralExpression).properties.find(
            (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === name,
          )?.initializer;
        const attribute = option('attribute');
        if (option('state')?.kind === ts.SyntaxKind.TrueKeyword) continue;
        if (!attribute) facts.attributes.add(property.name.getText(source).toLowerCase());
        else if (ts.isStringLiteralLike(attribute)) facts.attributes.add(attribute.text);
      }
    }
    // A plain custom element's reactive properties (the launcher's `PROPERTIES`): each is read from the
    // attribute of its name in kebab case.
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'PROPERTIES' && node.initializer) {
      node.initializer.forEachChild(function strings(child: ts.Node): void {
        if (ts.isStringLiteralLike(child)) facts.attributes.add(kebab(child.text));
        child.forEachChild(strings);
      });
    }
    // Parts given as attributes of elements built with DOM calls: `{ part: 'launcher' }`.
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'part' && ts.isStringLiteralLike(node.initializer)) {
      for (const token of node.initializer.text.split(/\s+/).filter(Boolean)) facts.parts.add(token);
    }
    if (ts.isGetAccessorDeclaration(node) && node.name.getText(source) === 'observedAttributes') {
      node.forEachChild(function strings(child: ts.Node): void {
        if (ts.isStringLiteralLike(child)) facts.attributes.add(child.text);
        child.forEachChild(strings);
      });
    }
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'html') {
      const text = templateText(node.template);
      for (const [, value] of text.matchAll(/\spart="([^"]*)"/g)) {
        for (const token of value!.split(/\s+/).filter(Boolean)) {
          if (token.includes('${}')) facts.partPrefixes.add(token.slice(0, token.indexOf('${}')));
          else facts.parts.add(token);
        }
      }
      // exportparts="inner, inner: outer" makes `inner` (or `outer`) a part of this element too.
      for (const [, value] of text.matchAll(/\sexportparts="([^"]*)"/g)) {
        for (const mapping of value!.split(',')) {
          const [inner, outer] = mapping.split(':').map((s) => s.trim());
          facts.parts.add(outer || inner!);
        }
      }
      for (const [, tag] of text.matchAll(/<(gc-[a-z-]+)/g)) facts.childTags.add(tag!);
    }
    node.forEachChild(visit);
  };
  visit(source);
}

/** Class name → tag, from the `customElements.define('gc-…', GcX)` calls of the define modules (define-*.ts). */
function readDefinitions(): Map<string, string> {
  const tags = new Map<string, string>();
  for (const file of readdirSync(ELEMENTS_DIR).filter((f) => /^define-.*\.ts$/.test(f))) {
    const source = ts.createSourceFile(file, readFileSync(join(ELEMENTS_DIR, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.getText(source) === 'customElements.define') {
        const [tag, element] = node.arguments;
        if (tag && element && ts.isStringLiteralLike(tag)) tags.set(element.getText(source), tag.text);
      }
      node.forEachChild(visit);
    };
    visit(source);
  }
  return tags;
}

function readCode(): Map<string, CodeFacts> {
  const tags = readDefinitions();
  const elements = new Map<string, CodeFacts>();
  for (const file of readdirSync(ELEMENTS_DIR).filter((f) => /^gc-.*\.ts$/.test(f))) {
    const facts = readElement(file, tags);
    if (facts) elements.set(facts.tag, facts);
  }
  return elements;
}

/** Every --gc-* custom property any element's styles read. */
function cssPropertiesInCode(): Set<string> {
  const found = new Set<string>();
  for (const file of readdirSync(ELEMENTS_DIR).filter((f) => f.endsWith('.ts'))) {
    for (const [name] of readFileSync(join(ELEMENTS_DIR, file), 'utf8').matchAll(/--gc-[a-z0-9-]+/g)) found.add(name);
  }
  return found;
}

describe('custom-elements.json against the code', () => {
  test('the manifest documents exactly the four elements the code defines', () => {
    assert.deepEqual([...docs.keys()].sort(), [...readCode().keys()].sort());
  });

  for (const [tag, facts] of readCode()) {
    test(`<${tag}>: every attribute, event, part and custom property is in the manifest, and nothing else`, () => {
      const doc = docs.get(tag)!;
      const code = readCode();

      const attributes = names(doc.attributes);
      assert.deepEqual(missing(facts.attributes, attributes), [], `<${tag}> attributes missing from the manifest (add @attr)`);
      const unknownAttributes = [...attributes].filter((name) => !facts.attributes.has(name) && !GLOBAL_ATTRIBUTES.has(name));
      assert.deepEqual(unknownAttributes, [], `<${tag}> documents attributes the code does not have`);

      // Events of the elements it renders inside itself bubble out of it too (they are composed).
      const expectedEvents = new Set(facts.events);
      for (const child of facts.childTags) for (const event of code.get(child)?.events ?? []) expectedEvents.add(event);
      const events = names(doc.events);
      assert.deepEqual(missing(expectedEvents, events), [], `<${tag}> events missing from the manifest (add @fires)`);
      assert.deepEqual(missing(events, expectedEvents), [], `<${tag}> documents events it never fires`);

      const parts = names(doc.cssParts);
      assert.deepEqual(missing(facts.parts, parts), [], `<${tag}> parts missing from the manifest (add @csspart)`);
      for (const prefix of facts.partPrefixes) {
        assert.ok([...parts].some((part) => part.startsWith(prefix)), `<${tag}>: no documented part for part="${prefix}…"`);
      }
      const unknownParts = [...parts].filter((part) => !facts.parts.has(part) && ![...facts.partPrefixes].some((p) => part.startsWith(p)));
      assert.deepEqual(unknownParts, [], `<${tag}> documents parts its templates do not have`);

      const inCode = cssPropertiesInCode();
      const properties = names(doc.cssProperties);
      assert.deepEqual(missing(properties, inCode), [], `<${tag}> documents custom properties no style reads`);
      // The widget is where pages theme everything, so it lists every property; its parts inherit them.
      if (tag === 'gc-webchat') assert.deepEqual(missing(inCode, properties), [], '<gc-webchat> custom properties missing from the manifest (add @cssprop)');

      for (const entry of [...doc.attributes, ...doc.events, ...doc.cssParts, ...doc.cssProperties]) {
        assert.ok(entry.description?.trim(), `<${tag}> ${entry.name} has a description`);
      }
    });
  }
});

describe('typed event maps (src/elements/events.ts) against custom-elements.json', () => {
  /** Keys of an interface in events.ts, with those of the interfaces it extends there. */
  function eventMapKeys(name: string): Set<string> {
    const source = ts.createSourceFile('events.ts', readFileSync(join(ELEMENTS_DIR, 'events.ts'), 'utf8'), ts.ScriptTarget.ES2022, true);
    const declaration = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
    assert.ok(declaration, `events.ts declares ${name}`);
    const keys = new Set<string>();
    for (const member of declaration.members) if (member.name && ts.isStringLiteral(member.name)) keys.add(member.name.text);
    for (const clause of declaration.heritageClauses ?? []) {
      for (const type of clause.types) for (const key of eventMapKeys(type.expression.getText(source))) keys.add(key);
    }
    return keys;
  }

  for (const [tag, map] of [['gc-webchat', 'GcWebchatEventMap'], ['gc-registration-form', 'GcRegistrationFormEventMap']] as const) {
    test(`${map} types every event <${tag}> fires, and only those`, () => {
      const typed = eventMapKeys(map);
      const fired = names(docs.get(tag)!.events);
      assert.deepEqual(missing(fired, typed), [], `events of <${tag}> missing from ${map}`);
      assert.deepEqual(missing(typed, fired), [], `${map} types events <${tag}> does not fire`);
    });
  }
});

// --- What the reference says (docs/reference.md) -------------------------------------------------------

type Kind = 'attribute' | 'property' | 'method' | 'event' | 'part' | 'custom property';
const KINDS: Kind[] = ['attribute', 'property', 'method', 'event', 'part', 'custom property'];

/**
 * The reference tables of docs/reference.md: a table whose first header cell is one of KINDS belongs to the element named
 * (as `<gc-…>`) in the closest heading above it that names one.
 */
/** Names a reference table lists more than once (`<tag> kind name`): one row each, or the two drift apart. */
const duplicateRows: string[] = [];

function readmeReference(): Map<string, Map<Kind, Set<string>>> {
  const reference = new Map<string, Map<Kind, Set<string>>>();
  duplicateRows.length = 0;
  let element: string | undefined;
  let kind: Kind | undefined;
  let inTable = false;
  for (const line of readFileSync(join(REPO_ROOT, 'docs/reference.md'), 'utf8').split('\n')) {
    if (line.startsWith('#')) {
      const tags = [...line.matchAll(/<(gc-[a-z-]+)>/g)].map((m) => m[1]!);
      element = tags.length === 1 ? tags[0] : undefined;
      inTable = false;
      continue;
    }
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (!inTable) {
      inTable = true;
      kind = KINDS.find((k) => cells[0]!.toLowerCase() === k);
      continue;
    }
    if (!kind || !element || /^-+$/.test(cells[0]!)) continue;
    const byKind = reference.get(element) ?? new Map<Kind, Set<string>>();
    reference.set(element, byKind);
    const set = byKind.get(kind) ?? new Set<string>();
    byKind.set(kind, set);
    // `name`, `other`, `method(args)` / `alias(args)`: every code span of the first cell is one name.
    for (const [, code] of cells[0]!.matchAll(/`([^`]+)`/g)) {
      const name = code!.replace(/\(.*$/, '').trim();
      if (set.has(name) && kind !== 'method') duplicateRows.push(`<${element}> ${kind} ${name}`);
      set.add(name);
    }
  }
  return reference;
}

describe('docs/reference.md against custom-elements.json', () => {
  test('lists each attribute, property, event, part and custom property once', () => {
    readmeReference();
    assert.deepEqual(duplicateRows, []);
  });

  for (const tag of ['gc-webchat', 'gc-registration-form', 'gc-transcript', 'gc-composer']) {
    test(`<${tag}>: the reference lists the manifest's attributes, properties, methods, events, parts and custom properties`, () => {
      const doc = docs.get(tag);
      assert.ok(doc, `${tag} is in the manifest`);
      const readme = readmeReference().get(tag);
      assert.ok(readme, `docs/reference.md has reference tables for <${tag}>`);
      const publicMembers = doc.members.filter((m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected');
      const fromManifest: Record<Kind, Set<string>> = {
        attribute: names(doc.attributes),
        // Properties a page sets from script: those with no attribute of their own.
        property: names(publicMembers.filter((m) => m.kind === 'field' && !m.attribute && !doc.attributes.some((a) => a.name === m.name))),
        method: names(publicMembers.filter((m) => m.kind === 'method')),
        event: names(doc.events),
        part: names(doc.cssParts),
        'custom property': names(doc.cssProperties),
      };
      for (const kind of KINDS) {
        const documented: Set<string> = readme.get(kind) ?? new Set<string>();
        assert.deepEqual(missing(fromManifest[kind], documented), [], `<${tag}>: ${kind} entries in custom-elements.json but not in docs/reference.md`);
        assert.deepEqual(missing(documented, fromManifest[kind]), [], `<${tag}>: ${kind} entries in docs/reference.md but not in custom-elements.json`);
      }
    });
  }
});

describe('README', () => {
  test('keeps, for a fresh machine, the command that runs the product and the one that runs the tests, and links the docs', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.match(readme, /^npm install && npm start$/m);
    assert.match(readme, /^bash \.ci\/run$/m);
    for (const [, target] of readme.matchAll(/\]\((docs\/[^)#]+)/g)) assert.ok(existsSync(join(REPO_ROOT, target!)), `README links ${target}, which exists`);
  });
});
