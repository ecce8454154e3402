// The guest event stream: WebSockets at /v1/token/<jwt>, frames shaped like the captured ones,
// channel.metadata heartbeats, and the per-conversation fault switches (drop, heartbeats off).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChatEvent, ChatService } from './chat-service.ts';
import { newId } from './ids.ts';
import type { Conversation, Message } from './store.ts';

export const HEARTBEAT_FRAME = JSON.stringify({
  topicName: 'channel.metadata',
  eventBody: { message: 'WebSocket Heartbeat' },
});

export const STREAM_PATH_PREFIX = '/v1/token/';

function frame(topicName: string, type: string, eventBody: unknown): string {
  return JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: newId(), type } });
}

export function messageEventBody(message: Message): Record<string, unknown> {
  return {
    id: message.id,
    conversation: { id: message.conversationId },
    sender: { id: message.senderId },
    body: message.body,
    bodyType: message.bodyType,
    timestamp: message.timestamp,
  };
}

export class EventStream {
  // Guests never write to this socket (the stream is server-push only), so any frame past a few bytes is
  // refused instead of buffered: ws closes the socket with 1009 at this size.
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly service: ChatService) {
    this.unsubscribe = service.subscribe((event) => this.onEvent(event));
    service.timers.interval(() => this.beat(), service.config.heartbeatMs);
  }

  /** Completes an upgrade the app has already authorised for this conversation. */
  attach(req: IncomingMessage, socket: Duplex, head: Buffer, conv: Conversation): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      let set = this.sockets.get(conv.id);
      if (!set) this.sockets.set(conv.id, (set = new Set()));
      set.add(ws);
      const forget = () => {
        set.delete(ws);
        if (set.size === 0 && this.sockets.get(conv.id) === set) this.sockets.delete(conv.id);
      };
      ws.on('close', forget);
      ws.on('error', forget);
      // Clients never write to this socket; anything they send is ignored.
      if (conv.state === 'ended') {
        this.service.timers.timeout(() => ws.close(1000, 'Conversation ended'), this.service.config.endedSocketCloseMs);
      } else {
        this.service.streamAttached(conv);
      }
    });
  }

  socketCount(conversationId: string): number {
    return this.sockets.get(conversationId)?.size ?? 0;
  }

  /** Fault injection: kill every socket of the conversation without a close frame. */
  drop(conversationId: string): number {
    const set = this.sockets.get(conversationId);
    if (!set) return 0;
    const count = set.size;
    for (const ws of [...set]) ws.terminate();
    return count;
  }

  private send(conversationId: string, data: string): void {
    const set = this.sockets.get(conversationId);
    if (!set) return;
    for (const ws of set) {
      if (ws.readyState === ws.OPEN) ws.send(data);
    }
  }

  private onEvent(event: ChatEvent): void {
    const { conv } = event;
    const topic = `v2.conversations.chats.${conv.id}`;
    switch (event.kind) {
      case 'member-change':
        this.send(
          conv.id,
          frame(`${topic}.members`, 'member-change', {
            conversation: { id: conv.id },
            member: { id: event.member.id, state: event.member.state },
            timestamp: new Date().toISOString(),
          }),
        );
        break;
      case 'message':
        // Every message goes to every socket, the guest's own included: clients wait for the echo.
        this.send(conv.id, frame(`${topic}.messages`, 'message', messageEventBody(event.message)));
        break;
      case 'typing':
        if (event.memberId === conv.customer.id && !this.service.config.echoGuestTyping) break;
        this.send(
          conv.id,
          frame(`${topic}.messages`, 'typing-indicator', {
            id: event.id,
            conversation: { id: conv.id },
            sender: { id: event.memberId },
            timestamp: event.timestamp,
          }),
        );
        break;
      case 'ended':
        this.service.timers.timeout(() => {
          for (const ws of this.sockets.get(conv.id) ?? []) ws.close(1000, 'Conversation ended');
        }, this.service.config.endedSocketCloseMs);
        break;
      case 'forgotten':
        this.drop(conv.id);
        break;
      default:
        break;
    }
  }

  private beat(): void {
    for (const [conversationId, set] of this.sockets) {
      if (this.service.store.get(conversationId)?.heartbeats === false) continue;
      for (const ws of set) {
        if (ws.readyState === ws.OPEN) ws.send(HEARTBEAT_FRAME);
      }
    }
  }

  close(): void {
    this.unsubscribe();
    for (const set of this.sockets.values()) for (const ws of set) ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }
}
