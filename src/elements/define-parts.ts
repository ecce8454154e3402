// Registers the parts <gc-webchat>'s window renders, which a page may also place on their own (bound to a
// <gc-webchat> with for=): imported by the window module, so the script-tag build defines them when it loads.
import { GcComposer } from './gc-composer.js';
import { GcRegistrationForm } from './gc-registration-form.js';
import { GcTranscript } from './gc-transcript.js';

if (!customElements.get('gc-transcript')) customElements.define('gc-transcript', GcTranscript);
if (!customElements.get('gc-registration-form')) customElements.define('gc-registration-form', GcRegistrationForm);
if (!customElements.get('gc-composer')) customElements.define('gc-composer', GcComposer);
