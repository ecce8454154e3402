// A scripted agent so the demo works alone: greets the customer, "types", answers every message and
// ends the chat when the customer sends exactly "/end".
import type { ChatService } from './chat-service.ts';
import type { Conversation, Member, Message } from './store.ts';

export const END_TRIGGER = '/end';

export class ScriptedAgent {
  /** Replies are chained per conversation so they come out in the order the customer wrote. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly unsubscribe: () => void;
  private turn = 0;

  constructor(private readonly service: ChatService) {
    this.unsubscribe = service.subscribe((event) => {
      if (event.kind === 'message') this.onMessage(event.conv, event.message);
      if (event.kind === 'ended') this.queues.delete(event.conv.id);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** Takes a queued chat: alerting, connected, then a greeting by name. */
  async take(conv: Conversation): Promise<void> {
    const agent = await this.service.acceptAsAgent(conv, { name: this.service.config.scriptedAgentName, scripted: true });
    if (agent.state !== 'CONNECTED') return;
    const name = conv.customer.customFields?.firstName || conv.customer.firstName || conv.customer.displayName;
    this.enqueue(conv, agent, `Hi ${name}, I'm ${agent.displayName} from the ${conv.queue.name} team. How can I help you today?`);
  }

  private onMessage(conv: Conversation, message: Message): void {
    if (message.senderId !== conv.customer.id || message.bodyType !== 'standard') return;
    const agent = this.service.store.activeAgent(conv);
    if (!agent?.scripted || agent.state !== 'CONNECTED') return;
    if (message.body.trim().toLowerCase() === END_TRIGGER) {
      this.enqueue(conv, agent, 'Thanks for chatting with us today. Goodbye!', true);
    } else {
      this.enqueue(conv, agent, this.answer(message.body));
    }
  }

  private answer(body: string): string {
    const text = body.replace(/\s+/g, ' ').trim();
    const quote = text.length > 80 ? `${text.slice(0, 77)}...` : text;
    if (text.endsWith('?')) return `Good question: "${quote}" Let me look into that for you.`;
    const templates = [
      `Thanks, I see: "${quote}". Could you tell me a bit more?`,
      `Got it: "${quote}". One moment while I check that.`,
      `Understood. About "${quote}", I have made a note of it.`,
    ];
    return templates[this.turn++ % templates.length]!;
  }

  private enqueue(conv: Conversation, agent: Member, text: string, endAfter = false): void {
    const previous = this.queues.get(conv.id) ?? Promise.resolve();
    const next = previous.then(() => this.say(conv, agent, text, endAfter)).catch(() => undefined);
    this.queues.set(conv.id, next);
  }

  private async say(conv: Conversation, agent: Member, text: string, endAfter: boolean): Promise<void> {
    const { timers, config } = this.service;
    if (!this.stillConnected(conv, agent)) return;
    this.service.typing(conv, agent);
    await timers.sleep(config.agentTypingMs);
    if (!this.stillConnected(conv, agent)) return;
    this.service.sendMessage(conv, agent, text, 'standard');
    if (endAfter) {
      await timers.sleep(Math.min(config.agentTypingMs, 1000));
      if (this.stillConnected(conv, agent)) this.service.endByAgent(conv, 'agent');
    }
  }

  private stillConnected(conv: Conversation, agent: Member): boolean {
    return conv.state === 'connected' && agent.state === 'CONNECTED' && !this.service.timers.isClosed;
  }
}
