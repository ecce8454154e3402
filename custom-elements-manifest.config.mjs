// The Custom Elements Manifest (dist/custom-elements.json) of the four elements, read from their JSDoc
// (@tag, @attr, @fires, @csspart, @cssprop, @slot) and their Lit properties. IDEs, Storybook and framework
// tooling read it; the README reference is checked against it by test/package/manifest.test.ts.

/** Lit's and the DOM's own lifecycle hooks are not part of an element's API for its users. */
const LIFECYCLE = new Set([
  'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback', 'adoptedCallback',
  'createRenderRoot', 'render', 'update', 'updated', 'firstUpdated', 'willUpdate', 'shouldUpdate',
  'getUpdateComplete', 'performUpdate', 'scheduleUpdate', 'observedAttributes', 'styles',
]);

/** The manifest describes the package as shipped: dist/…/*.js modules, not the TypeScript sources. */
const toShippedPath = (path) => path.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');

function shippedPackage() {
  return {
    name: 'gc-webchat-shipped-package',
    packageLinkPhase({ customElementsManifest }) {
      const rewrite = (value) => {
        if (Array.isArray(value)) value.forEach(rewrite);
        else if (value && typeof value === 'object') {
          for (const [key, inner] of Object.entries(value)) {
            if ((key === 'path' || key === 'module') && typeof inner === 'string') value[key] = toShippedPath(inner);
            else rewrite(inner);
          }
        }
      };
      rewrite(customElementsManifest.modules);
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          // Every event of ours is named gc-*; the analyzer also picks up the parameter of a dispatch helper.
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name.startsWith('gc-'));
          if (!declaration.members) continue;
          // Lit's internal state (`static properties = { x: { state: true } }`, on a private field) is no attribute.
          const hidden = new Set(declaration.members.filter((member) => member.privacy === 'private').map((member) => member.name));
          if (declaration.attributes) declaration.attributes = declaration.attributes.filter((attribute) => !hidden.has(attribute.fieldName));
          declaration.members = declaration.members.filter(
            (member) => !LIFECYCLE.has(member.name) && member.privacy !== 'private' && member.privacy !== 'protected' && !member.name.startsWith('#'),
          );
        }
      }
    },
  };
}

export default {
  // The element classes, and the define modules that register them (custom-element-definition exports).
  globs: ['src/elements/gc-*.ts', 'src/elements/define-*.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  plugins: [shippedPackage()],
};
