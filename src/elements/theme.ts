// The design tokens as a Lit style for the window and the elements inside it: the launcher's (theme-css.ts)
// and those only the window reads, kept out of the launcher so every page view pays a little less.
import { unsafeCSS } from 'lit';
import { css, launcherThemeCss } from './theme-css.js';

export const themeTokens = unsafeCSS(
  launcherThemeCss +
    css`
      :host {
        --_text: var(--gc-color-text, #1d2330);
        --_muted: var(--gc-color-muted, #4d5566);
        --_border: var(--gc-color-border, #c4cad6);
        --_space: var(--gc-spacing, 8px);
        color: var(--_text);
      }
    `,
);
