// Loads the Widgets v2 compatibility chunk when, and only when, the page uses the v2 page API: it has a
// `window._genesys.widgets` (a configuration, or the bus of dist/widgets.min.js) when the launcher runs or by
// the time the page has loaded. Any other page downloads nothing more than these few lines. Asking twice is
// harmless: the chunk starts once.
function check(): void {
  if (typeof (window as { _genesys?: { widgets?: unknown } })._genesys?.widgets == 'object') void import('./compat.js').then((compat) => compat.startCompat());
}

check();
addEventListener('load', check, { once: true });
