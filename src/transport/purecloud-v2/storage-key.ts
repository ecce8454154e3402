// Where a Guest Chat v2 chat is kept: one sessionStorage entry per deployment and queue (two widgets on a page
// keep separate chats), in the tab only, since the chat dies with its page.
import type { StoredChatRule } from '../stored-chats.js';

export const purecloudV2Storage: StoredChatRule = {
  keep: 'tab',
  key({ deploymentKey, targetAddress }) {
    const deployment = String(deploymentKey ?? '').trim();
    const queue = String(targetAddress ?? '').trim();
    return deployment && queue ? `gc-webchat:${deployment}:${queue}` : undefined;
  },
};
