// Which languages the widget speaks and where their tables come from. This part sits in the launcher (the
// bytes every page view pays), so it holds no table but the launcher's own four English strings: the
// English table comes with the window (strings.ts), each other shipped language is a chunk of its own
// fetched when a page speaks it, and a page's registerStrings calls are kept here until they are used.
import type { Strings } from './strings.js';

/** What the launcher says before the window's code is there. */
export const launcherEnglish = {
  launcher: 'Chat with us',
  launcherUnread: (count: number) => `Chat with us, ${count} unread ${count === 1 ? 'message' : 'messages'}`,
  loadFailed: 'The chat could not load. Check your connection, then press the chat button to try again.',
  newMessagesTitle: (count: number) => `(${count}) ${count === 1 ? 'New message' : 'New messages'}`,
};
export type LauncherStrings = typeof launcherEnglish;

/** Tables registered by the page or loaded, by primary language; each falls back to English where it is partial. */
export const tables: Record<string, Partial<Strings>> = {};

/**
 * The languages that ship with the widget, each its own chunk: a visitor downloads English and, at most, the
 * one language the page speaks.
 */
const bundled: Record<string, () => Promise<{ default: Strings }>> = {
  ar: () => import('./ar.js'),
  de: () => import('./de.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  he: () => import('./he.js'),
  it: () => import('./it.js'),
  ja: () => import('./ja.js'),
  nl: () => import('./nl.js'),
  pt: () => import('./pt.js'),
};
const loading: Record<string, Promise<unknown>> = {};

/** The language of a BCP 47 tag: "fr-CA" → "fr". */
const primaryOf = (lang: string | null | undefined) => (lang ?? '').toLowerCase().split('-')[0]!;

/** The launcher's strings for a BCP 47 tag; English when the language is not known or not loaded yet. */
export function launcherStringsFor(lang: string | null | undefined): LauncherStrings {
  return { ...launcherEnglish, ...(tables[primaryOf(lang)] as Partial<LauncherStrings> | undefined) };
}

/**
 * Fetch a shipped language's table. Resolves true once it is there to use (at once when it already is),
 * false for a language with no table (the widget speaks English) or when its chunk could not be downloaded.
 */
export function loadStrings(lang: string | null | undefined): Promise<boolean> | true {
  const primary = primaryOf(lang);
  if (primary === 'en' || tables[primary]) return true;
  const load = bundled[primary];
  if (!load) return Promise.resolve(false);
  return (loading[primary] ??= load().then(
    (module) => (tables[primary] ??= module.default),
    () => delete loading[primary], // tried again next time
  )).then(() => Boolean(tables[primary]));
}

/**
 * Right-to-left scripts, so the layout can mirror: only for a language the widget speaks (shipped or
 * registered), since one with no table is shown in English, which reads left to right.
 */
export function isRightToLeft(lang: string | null | undefined): boolean {
  const primary = primaryOf(lang);
  return (primary in tables || primary in bundled) && ['ar', 'he', 'fa', 'ur', 'ps', 'yi'].includes(primary);
}

/**
 * Add a language or override strings; missing strings fall back to English:
 * `registerStrings('sv', { launcher: 'Chatta med oss', title: 'Chatt' })`.
 */
export function registerStrings(lang: string, strings: Partial<Strings>): void {
  const primary = primaryOf(lang);
  tables[primary] = { ...tables[primary], ...strings };
}
