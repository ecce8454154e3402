// How <gc-webchat> hands its session to the elements inside it. A namespaced string key means two
// copies of the library on one page (npm build and script tag) still find each other.
import { createContext } from '@lit/context';
import type { ChatSession } from '../session/session.js';

export const sessionContext = createContext<ChatSession | undefined>('gc-webchat-session');
