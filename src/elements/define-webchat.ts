// Registers <gc-webchat>. Element modules only export their classes (importing one registers nothing), so a
// bundle that uses the session alone stays free of the elements; registering is this module's one job.
import { GcWebchat } from './gc-webchat.js';

if (!customElements.get('gc-webchat')) customElements.define('gc-webchat', GcWebchat);
