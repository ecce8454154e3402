// The window's icons, drawn in SVG with the text colour: no font glyph that a page's font or a screen reader
// could change. Each is decorative; its button carries the name.
import { svg } from 'lit';

const stroke = (d: string) =>
  svg`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d=${d} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" /></svg>`;

export const headerIcons = {
  close: stroke('M6 6l12 12M18 6L6 18'),
  minimize: stroke('M6 9l6 6 6-6'),
  restore: stroke('M6 15l6-6 6 6'),
  chat: stroke('M4 5h16v11H9l-5 4z'),
  download: stroke('M12 4v11m-5-5 5 5 5-5M5 20h14'),
};
