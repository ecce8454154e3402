// Entry of the script-tag build (dist/gc-webchat.min.js): <gc-webchat> and its launcher only. The window
// module (form, transcript, composer, session, transport) is a separate file, fetched when it is needed.
import { loadWindow } from './elements/gc-webchat.js';
import './elements/define-webchat.js';

// <gc-transcript>, <gc-registration-form> and <gc-composer> are defined by the window module: a page that
// places one of them on its own (bound with for=) gets it loaded at once.
function loadForStandaloneElements(): void {
  if (document.querySelector('gc-transcript, gc-registration-form, gc-composer')) void loadWindow().catch(() => undefined);
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', loadForStandaloneElements, { once: true });
else loadForStandaloneElements();
