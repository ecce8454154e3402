// Registers the custom elements, everything loaded at once: the choice for bundlers and tests. The script-tag
// build starts from launcher.ts instead and loads the window module when it is needed.
import './elements/gc-webchat.js';
import './elements/webchat-window.js';
import './elements/gc-transcript.js';
import './elements/gc-registration-form.js';
import './elements/gc-composer.js';
