// A scripted agent so the demo works alone: greets the customer, "types", answers every message and
// ends the chat when the customer sends exactly "/end". Like a Genesys digital bot, it also sends
// structured content on request ("/quickreplies", "/card", "/carousel", "/listpicker", "/datepicker",
// "/markdown", "/unsupported") and files ("/file" a PDF, "/image" a picture), and answers the button a
// guest chose. Guest Chat v2 guests read the text of those messages.
import type { AttachmentStore } from './attachments.ts';
import type { ChatService } from './chat-service.ts';
import { isPlainObject } from './http.ts';
import { DEMO_IMAGE_PATH, demoMessage } from './rich-content.ts';
import { samplePdf, samplePng } from './sample-files.ts';
import type { Conversation, Member, Message } from './store.ts';

export const END_TRIGGER = '/end';

interface Reply {
  text: string;
  content?: unknown[];
  /** An agent file, stored when the reply is sent. */
  file?: { name: string; mime: string; data: () => Buffer };
}

export class ScriptedAgent {
  /** Replies are chained per conversation so they come out in the order the customer wrote. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly unsubscribe: () => void;
  private turn = 0;

  constructor(
    private readonly service: ChatService,
    private readonly files: AttachmentStore,
  ) {
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
    this.enqueue(conv, agent, { text: `Hi ${name}, I'm ${agent.displayName} from the ${conv.queue.name} team. How can I help you today?` });
  }

  private onMessage(conv: Conversation, message: Message): void {
    if (message.senderId !== conv.customer.id || message.bodyType !== 'standard') return;
    const agent = this.service.store.activeAgent(conv);
    if (!agent?.scripted || agent.state !== 'CONNECTED') return;
    const command = message.body.trim().toLowerCase();
    if (command === END_TRIGGER) {
      this.enqueue(conv, agent, { text: 'Thanks for chatting with us today. Goodbye!' }, true);
      return;
    }
    this.enqueue(conv, agent, this.rich(command, message) ?? { text: this.answer(message.body) });
  }

  /** A structured reply when the guest asked for one, or answered a button. */
  private rich(command: string, message: Message): Reply | undefined {
    const button = message.content?.map((c) => (isPlainObject(c) ? c.buttonResponse : undefined)).find(isPlainObject);
    if (button) return { text: `You chose "${String(button.text ?? '')}" (${String(button.type ?? 'Button')}, ${String(button.payload ?? '')}).` };
    if (message.content?.some((c) => isPlainObject(c) && c.contentType === 'Attachment')) {
      return { text: `Thanks, I have received ${message.body}.` };
    }
    if (command === '/file') return { text: 'Here is your invoice.', file: { name: 'invoice-A-1001.pdf', mime: 'application/pdf', data: () => samplePdf() } };
    if (command === '/image') return { text: 'This is the router to look for.', file: { name: 'router.png', mime: 'image/png', data: () => samplePng() } };
    if (!command.startsWith('/')) return undefined;
    const demo = demoMessage(command.slice(1), DEMO_IMAGE_PATH);
    return demo && { text: demo.text, content: demo.content };
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

  private enqueue(conv: Conversation, agent: Member, reply: Reply, endAfter = false): void {
    const previous = this.queues.get(conv.id) ?? Promise.resolve();
    const next = previous.then(() => this.say(conv, agent, reply, endAfter)).catch(() => undefined);
    this.queues.set(conv.id, next);
  }

  private async say(conv: Conversation, agent: Member, reply: Reply, endAfter: boolean): Promise<void> {
    const { timers, config } = this.service;
    if (!this.stillConnected(conv, agent)) return;
    this.service.typing(conv, agent);
    await timers.sleep(config.agentTypingMs);
    if (!this.stillConnected(conv, agent)) return;
    let content = reply.content;
    if (reply.file) {
      const file = this.files.addAgentFile(conv.id, reply.file.name, reply.file.mime, reply.file.data());
      content = [this.files.contentItem(file)];
    }
    this.service.sendMessage(conv, agent, reply.text, 'standard', content);
    if (endAfter) {
      await timers.sleep(Math.min(config.agentTypingMs, 1000));
      if (this.stillConnected(conv, agent)) this.service.endByAgent(conv, 'agent');
    }
  }

  private stillConnected(conv: Conversation, agent: Member): boolean {
    return conv.state === 'connected' && agent.state === 'CONNECTED' && !this.service.timers.isClosed;
  }
}
