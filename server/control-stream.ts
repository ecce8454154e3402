// Live updates for agent consoles over a WebSocket at /control/stream, and the "is a person
// answering chats" signal the router uses to keep the scripted agent out of the way.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChatEvent, ChatService } from './chat-service.ts';
import { chatSummary, controlMessage } from './control-api.ts';
import type { EventStream } from './event-stream.ts';

export const CONTROL_STREAM_PATH = '/control/stream';

interface ConsoleState {
  available: boolean;
}

export class ControlStream {
  // Consoles only send small availability switches; anything bigger closes the socket (1009).
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly consoles = new Map<WebSocket, ConsoleState>();
  private readonly unsubscribe: () => void;
  /** Set by the app once the router exists (the router needs this object first). */
  onAvailabilityChanged: () => void = () => undefined;

  constructor(
    private readonly service: ChatService,
    private readonly events: EventStream,
  ) {
    this.unsubscribe = service.subscribe((event) => this.onEvent(event));
  }

  /** True while at least one console is connected and has "I'm answering chats" on. */
  personAvailable(): boolean {
    for (const state of this.consoles.values()) if (state.available) return true;
    return false;
  }

  attach(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const state: ConsoleState = { available: url.searchParams.get('available') !== '0' };
      this.consoles.set(ws, state);
      const summaries = this.service.store.all().map((c) => chatSummary(c, { store: this.service.store, events: this.events }));
      ws.send(JSON.stringify({ type: 'snapshot', chats: summaries, available: state.available }));
      this.onAvailabilityChanged();
      ws.on('message', (data) => {
        let msg: unknown;
        try {
          msg = JSON.parse(String(data));
        } catch {
          return;
        }
        const m = msg as { type?: string; available?: unknown };
        if (m.type === 'availability' && typeof m.available === 'boolean') {
          state.available = m.available;
          this.onAvailabilityChanged();
        }
      });
      const gone = () => {
        if (this.consoles.delete(ws)) this.onAvailabilityChanged();
      };
      ws.on('close', gone);
      ws.on('error', gone);
    });
  }

  private broadcast(payload: unknown): void {
    if (this.consoles.size === 0) return;
    const data = JSON.stringify(payload);
    for (const ws of this.consoles.keys()) if (ws.readyState === ws.OPEN) ws.send(data);
  }

  private onEvent(event: ChatEvent): void {
    if (this.consoles.size === 0) return;
    const { conv } = event;
    const store = this.service.store;
    if (event.kind === 'message') {
      this.broadcast({ type: 'message', chatId: conv.id, message: controlMessage(conv, event.message, store) });
    } else if (event.kind === 'forgotten') {
      this.broadcast({ type: 'removed', chatId: conv.id });
      return;
    } else if (event.kind === 'typing') {
      const member = store.member(conv, event.memberId);
      this.broadcast({ type: 'typing', chatId: conv.id, memberId: event.memberId, role: member?.role });
      return;
    }
    this.broadcast({ type: 'chat', chat: chatSummary(conv, { store, events: this.events }) });
  }

  close(): void {
    this.unsubscribe();
    for (const ws of this.consoles.keys()) ws.terminate();
    this.consoles.clear();
    this.wss.close();
  }
}
