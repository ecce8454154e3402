// The strings an element inside the widget shows, in the language it speaks (see lang-of.ts).
import { stringsFor, type Strings } from '../i18n/strings.js';
import { followLang, langOf } from './lang-of.js';

export { langOf };

/** The strings of the language `element` speaks; a shipped language not downloaded yet is fetched first. */
export function stringsOf(element: Element & { requestUpdate(): void }): Strings {
  return stringsFor(followLang(element));
}
