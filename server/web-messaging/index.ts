// Web Messaging, assembled: the guest socket, its REST (deployment config, history) and control routes,
// on the same server and port as everything else. app.ts only hooks these in.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AttachmentStore } from '../attachments.ts';
import type { ChatService } from '../chat-service.ts';
import type { ServerConfig } from '../config.ts';
import type { Route } from '../http.ts';
import type { JwtSigner } from '../jwt.ts';
import { MessagingConversations } from './conversations.ts';
import { deploymentConfigRoutes } from './deployments.ts';
import { GuestSocket, SOCKET_PATH } from './guest-socket.ts';
import { HISTORY_PATH, historyRoutes } from './history.ts';
import { webMessagingControlRoutes } from './control.ts';
import { Attachments } from './attachments.ts';
import { fileRoutes } from './file-routes.ts';
import { Outbox } from './outbox.ts';
import { SessionRegistry } from './sessions.ts';

export { SOCKET_PATH as WEB_MESSAGING_SOCKET_PATH } from './guest-socket.ts';

export interface WebMessaging {
  /** Guest-facing REST: deployment config and history. */
  routes: Route[];
  controlRoutes: Route[];
  /** Files in conversations (the control API and the scripted agent add agents' files here). */
  attachments: Attachments;
  isSocketPath(pathname: string): boolean;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, refuse: (status: number, code: string, message: string) => void): void;
  close(): void;
}

/** Paths whose answers pages on any site read (CORS), as Genesys serves them. */
export function isWebMessagingApiPath(pathname: string): boolean {
  return pathname === HISTORY_PATH || pathname.startsWith('/webdeployments/v1/deployments/');
}

export function createWebMessaging(deps: { config: ServerConfig; service: ChatService; signer: JwtSigner; files: AttachmentStore }): WebMessaging {
  const { config, service, signer } = deps;
  const sessions = new SessionRegistry(config.webMessaging, service.timers);
  const outbox = new Outbox(service.timers);
  const attachments = new Attachments(config.webMessaging, deps.files);
  const conversations = new MessagingConversations(service, sessions, outbox, attachments);
  const socket = new GuestSocket({ config, service, sessions, outbox, conversations, signer, attachments });
  return {
    attachments,
    routes: [...deploymentConfigRoutes(config), ...historyRoutes({ signer, sessions, conversations }), ...fileRoutes({ attachments, sessions, outbox })],
    controlRoutes: webMessagingControlRoutes({ sessions, socket, config: config.webMessaging, maxBodyBytes: config.maxBodyBytes }),
    isSocketPath: (pathname) => pathname === SOCKET_PATH || pathname === `${SOCKET_PATH}/`,
    upgrade: (req, s, head, url, refuse) => socket.upgrade(req, s, head, url, refuse),
    close() {
      conversations.close();
      socket.close();
    },
  };
}
