// The design tokens as a Lit style for the elements inside the window (see theme-css.ts for the tokens).
import { unsafeCSS } from 'lit';
import { themeCss } from './theme-css.js';

export const themeTokens = unsafeCSS(themeCss);
