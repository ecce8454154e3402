// Registers the custom elements, everything loaded at once: the choice for bundlers and tests. The script-tag
// build starts from launcher.ts instead and loads the window module when it is needed. Importing from the
// package's main entry registers nothing.
import './elements/define-webchat.js';
import './elements/webchat-window.js'; // defines <gc-transcript>, <gc-registration-form> and <gc-composer>
