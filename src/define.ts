// Registers the custom elements. Import this module (or load dist/gc-webchat.min.js) for its side effect.
import './elements/gc-webchat.js';
import './elements/gc-transcript.js';
import './elements/gc-registration-form.js';
import './elements/gc-composer.js';
