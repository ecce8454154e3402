// The lifecycle metadata block (as Genesys Widgets v2 documents it): every value starts false and is filled in as the chat goes on.
import type { LifecycleMetadata } from './types.js';

const INITIAL: Readonly<LifecycleMetadata> = {
  proactive: false,
  prefilled: false,
  autoSubmitted: false,
  coBrowseInitiated: false,
  filesUploaded: 0,
  numAgents: 0,
  userMessages: 0,
  agentMessages: 0,
  systemMessages: 0,
  errors: false,
  form: false,
  opened: false,
  started: false,
  cancelled: false,
  rejected: false,
  completed: false,
  closed: false,
  agentReached: false,
  supervisorReached: false,
  elapsed: false,
  waitingForAgent: false,
  id: false,
};

export function createMetadata(): LifecycleMetadata {
  return { ...INITIAL };
}

export { uuid as newInteractionId } from '../util/uuid.js';
