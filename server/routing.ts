// Routing: a chat enters its queue when its event stream attaches; after routingDelayMs an
// auto-answer queue hands it to the scripted agent, unless a person in the agent console is
// available, in which case it waits for them (and falls back to the script if they go away).
import type { ChatService } from './chat-service.ts';
import type { ScriptedAgent } from './scripted-agent.ts';
import type { Conversation } from './store.ts';

export class Router {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly service: ChatService,
    private readonly scripted: ScriptedAgent,
    private readonly isPersonAvailable: () => boolean,
  ) {
    this.unsubscribe = service.subscribe((event) => {
      if (event.kind === 'routed') {
        service.timers.timeout(() => this.routingDelayElapsed(event.conv), service.config.routingDelayMs);
      }
    });
  }

  close(): void {
    this.unsubscribe();
  }

  private routingDelayElapsed(conv: Conversation): void {
    if (conv.state !== 'queued' || !conv.queue.autoAnswer) return;
    conv.routingDue = true;
    if (!this.isPersonAvailable()) this.handToScript(conv);
  }

  /** Called when a console connects, disconnects or toggles availability. */
  availabilityChanged(): void {
    if (this.isPersonAvailable()) return;
    for (const conv of this.service.store.all()) {
      if (conv.state === 'queued' && conv.routingDue && conv.queue.autoAnswer) this.handToScript(conv);
    }
  }

  private handToScript(conv: Conversation): void {
    this.scripted.take(conv).catch(() => undefined);
  }
}
