// Shared set-up for the rich messaging browser tests: a Web Messaging chat on the local Genesys Cloud (the
// Manual queue: the test is the agent), the transcript and composer a visitor sees, and lookups through
// their shadow roots by what a visitor (or a screen reader) would find: roles, names, text.
import { fixture, html } from '@open-wc/testing';
import { createControl, type ChatSummary } from '../../server/control-client.js';
import '../../src/elements/define-parts.js';
import type { GcComposer } from '../../src/elements/gc-composer.js';
import type { GcTranscript } from '../../src/elements/gc-transcript.js';
import { ChatSession } from '../../src/session/session.js';
import { memoryState } from '../../src/session/storage.js';
import type { SessionConfig } from '../../src/session/types.js';
import { CONTROL, SERVER, until } from './helpers.js';

export const MANUAL_DEPLOYMENT = '6a1b7c4d-8e9f-4a0b-9c1d-2e3f4a5b6c7d';
/** The control API, through the test page's proxy that adds the server's control token. */
export const control = createControl(CONTROL);

export interface RichChat {
  session: ChatSession;
  chat: ChatSummary;
  transcript: GcTranscript;
  composer: GcComposer;
  root: HTMLElement;
}

const open: ChatSession[] = [];
let count = 0;

export function webMessagingConfig(overrides: Partial<SessionConfig> = {}): SessionConfig {
  return {
    transport: 'web-messaging',
    deploymentKey: MANUAL_DEPLOYMENT,
    environment: SERVER,
    storage: memoryState(),
    agentTypingTimeoutMs: 400,
    ...overrides,
  } as SessionConfig;
}

/** A visitor chatting with the test (as agent Alex) on Web Messaging, with the transcript and composer on the page. */
export async function richChat(): Promise<RichChat> {
  const name = `Rich${Date.now()}${count++}`;
  const session = new ChatSession(webMessagingConfig());
  open.push(session);
  const root = await fixture<HTMLElement>(html`
    <div style="width: 400px; height: 640px; display: flex; flex-direction: column; border: 1px solid #ccc">
      <gc-transcript .session=${session} style="flex: 1; min-height: 0"></gc-transcript>
      <gc-composer .session=${session}></gc-composer>
    </div>
  `);
  await session.startChat({ firstname: name });
  const chat = await control.waitForChat((c) => c.channel === 'messaging' && Object.values(c.customer.customFields ?? {}).includes(name));
  await control.accept(chat.id, 'Alex Agent');
  return {
    session,
    chat,
    root,
    transcript: root.querySelector('gc-transcript')!,
    composer: root.querySelector('gc-composer')!,
  };
}

export async function closeRichChats(): Promise<void> {
  for (const session of open.splice(0)) {
    if (session.active) await session.endChat().catch(() => undefined);
    session.dispose();
  }
}

/** Every element matching `selector` in `root` and all shadow roots below it. */
export function deepAll<T extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): T[] {
  const out: T[] = [];
  const walk = (node: Element | ShadowRoot | Document) => {
    out.push(...(node.querySelectorAll(selector) as unknown as T[]));
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(root);
  if (root instanceof Element && root.shadowRoot) walk(root.shadowRoot);
  return out;
}

/** The text a screen reader would name a control by: aria-label, else its text. */
export const nameOf = (el: Element) => {
  const label = el.getAttribute('aria-label');
  if (label !== null) return label.trim();
  const copy = el.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden=true]')) hidden.remove();
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
};

/** The button (or link) a visitor would find by its accessible name. */
export function control_(root: Element, role: 'button' | 'link', name: string | RegExp): HTMLElement | undefined {
  const candidates = deepAll<HTMLElement>(root, role === 'button' ? 'button' : 'a[href]');
  return candidates.find((el) => (typeof name === 'string' ? nameOf(el) === name : name.test(nameOf(el))));
}

export const findControl = (root: Element, role: 'button' | 'link', name: string | RegExp, what = `${role} "${name}"`): Promise<HTMLElement> =>
  until(() => control_(root, role, name), what) as Promise<HTMLElement>;

/** The guest's messages as the agent side holds them (with their structured content). */
export async function guestMessages(chatId: string) {
  const detail = await control.chat(chatId);
  return detail.messages.filter((m) => m.senderRole === 'CUSTOMER' && m.bodyType === 'standard');
}

/** A file the visitor picks, as the browser gives it. */
export function file(name: string, type: string, bytes: number | Uint8Array): File {
  const data = typeof bytes === 'number' ? new Uint8Array(bytes).fill(65) : bytes;
  return new File([data as BlobPart], name, { type });
}

/** A tiny real PNG (1×1), so an <img> can show it. */
export const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** Put files in the composer's file input, as choosing them in the file dialog does. */
export async function chooseFiles(composer: GcComposer, files: File[]): Promise<void> {
  const input = (await until(() => deepAll<HTMLInputElement>(composer, 'input[type=file]')[0], 'file input')) as HTMLInputElement;
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
