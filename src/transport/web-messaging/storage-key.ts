// Where a Web Messaging conversation is kept: one localStorage entry per Messenger deployment, since Messenger
// keeps a guest's conversation for days across visits and tabs, and so does the widget.
import type { StoredChatRule } from '../stored-chats.js';

export const webMessagingStorage: StoredChatRule = {
  keep: 'site',
  key({ deploymentKey }) {
    const key = String(deploymentKey ?? '').trim().toLowerCase();
    return key ? `gc-webchat:web-messaging:${key}` : undefined;
  },
};
