// Design tokens shared by every element: each is a --gc-* custom property with a default, so a page can
// theme the widget without reaching into its shadow roots. A property one rule alone reads (the focus ring,
// the font, the bubble colours) is read there, with its default, rather than through a token.
// Plain text, not Lit's css: the launcher, which has no Lit, applies it too.

/** Styles as plain text; named css so the build's template minifier squeezes them as it does Lit's. */
export const css = String.raw;

/** What the launcher paints with: the tokens it reads and the rules every element shares. */
export const launcherThemeCss = css`
  :host {
    --_surface: var(--gc-color-surface, #ffffff);
    --_primary: var(--gc-color-primary, #2b4fd8);
    --_on-primary: var(--gc-color-on-primary, #ffffff);
    --_error: var(--gc-color-error, #b3261e);
    --_radius: var(--gc-radius, 12px);
    font-family: var(--gc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    line-height: 1.4;
    font-size: var(--gc-font-size, 15px);
  }
  :host([hidden]) {
    display: none !important;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  :focus-visible {
    outline: 3px solid var(--gc-color-focus, #1a73e8);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
`;
