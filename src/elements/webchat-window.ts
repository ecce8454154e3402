// The window of <gc-webchat>, loaded on demand: the registration form, the transcript and the composer,
// the session and its transport, and the behaviour between them (focus, unread count, confirmation before
// ending). It is a reactive controller of the element, rendering into the element's own shadow root, so parts,
// styles and events are exactly those of <gc-webchat>.
import { adoptStyles, html, nothing, render, unsafeCSS, type LitElement, type ReactiveController } from 'lit';
import { ChatSession } from '../session/session.js';
import { SessionError } from '../session/errors.js';
import { isPlainObject } from '../util/config-parse.js';
import type { AgentInfo, ChatEnding, ChatState, StartChatOptions } from '../session/types.js';
import type { Strings } from '../i18n/strings.js';
import { CONFIG_PROPERTIES, ConfigError, kebabCase, readSessionConfig } from './attributes.js';
import { parseFormSchema } from './form-schema.js';
import { SessionProvider } from './context.js';
import { provideWindow, type ChangedProperties, type GcWebchat, type ShowOptions } from './gc-webchat.js';
import { launcherCss } from './launcher-styles.js';
import { themeTokens } from './theme.js';
import { langOf, stringsOf } from './lang.js';
import { StoreController } from './store-controller.js';
import { webchatStyles } from './webchat-styles.js';
import { dotsStyles } from './dots-styles.js';
import './define-parts.js';
import { TitleAlert } from './title-alert.js';
import { initials } from './gc-transcript.js';
import { headerIcons } from './icons.js';

/** The launcher's styles (plain text, for the launcher has no Lit) as one Lit style shared by every widget. */
const launcherStyles = unsafeCSS(launcherCss);

/** Where the window fills the screen: a phone, or a short viewport (a laptop at 200 % zoom). Also in webchat-styles.ts. */
const FULL_SCREEN = '(max-width: 480px), (max-height: 500px)';

/** The window of one `<gc-webchat>`: created by the element once this module has loaded. */
export class WebchatWindow implements ReactiveController {
  #host: GcWebchat;
  #configErrors: ConfigError[] = [];
  #unread = 0;
  #confirming = false;
  #prefill?: Record<string, unknown>;
  #autoSubmit = false;
  #formOverride?: string;
  #banner = '';
  /** "Starting", "waiting for an agent": set as the body renders, shown in the status region above it. */
  #status = '';

  #provider: SessionProvider;
  #session?: ChatSession;
  #offSession: (() => void)[] = [];
  #state: StoreController<ChatState>;
  #openUserData?: Record<string, unknown>;
  /** Focus was in the widget before this render; a control it was on may be gone after. */
  #hadFocus = false;
  /** The button that opened the end-chat confirmation, to take focus back when it closes. */
  #returnFocus?: HTMLElement | null;
  #rendered = false;
  #renderedLang?: string;
  #focusOnOpen = false;
  #agents: StoreController<AgentInfo[]>;
  /** How the chat ended (who, and whether its transcript stays readable), for the ended panel. */
  #ending: StoreController<ChatEnding | null>;
  #undoScrollLock?: () => void;
  /** Media queries the window follows as they change: the OS's dark mode, a viewport that becomes small. */
  #media = [matchMedia('(prefers-color-scheme: dark)'), matchMedia(FULL_SCREEN)];
  #onMedia = (): void => this.#host.requestUpdate();

  constructor(host: GcWebchat) {
    this.#host = host;
    this.#provider = new SessionProvider(host);
    this.#state = new StoreController<ChatState>(host);
    this.#agents = new StoreController<AgentInfo[]>(host);
    this.#ending = new StoreController<ChatEnding | null>(host);
    host.addController(this);
    // The window's styles join the launcher's in the element's shadow root.
    if (host.shadowRoot) adoptStyles(host.shadowRoot, [launcherStyles, themeTokens, ...webchatStyles, dotsStyles]);
  }

  /** The session (WebChatService) behind this widget; undefined while the configuration is invalid. */
  get session(): ChatSession | undefined {
    return this.#session;
  }

  /** Agent messages that arrived while the window was closed or minimized, for the launcher's badge. */
  get unread(): number {
    return this.#unread;
  }

  #set(change: () => void): void {
    change();
    this.#host.requestUpdate();
  }

  get #strings(): Strings {
    return stringsOf(this.#host);
  }

  #lang(): string {
    return langOf(this.#host);
  }

  hostConnected(): void {
    // Moved in the page: the session was torn down when the element left, so build it again.
    if (!this.#session) this.#host.requestUpdate();
    window.addEventListener('pagehide', this.#checkpoint);
    document.addEventListener('visibilitychange', this.#checkpoint);
    for (const query of this.#media) query.addEventListener('change', this.#onMedia);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.#checkpoint);
    document.removeEventListener('visibilitychange', this.#checkpoint);
    for (const query of this.#media) query.removeEventListener('change', this.#onMedia);
    this.#lockPageScroll(false);
    this.#teardownSession();
  }

  // The restore timeout counts from when the visitor left the page: stamp the stored chat then.
  #checkpoint = (): void => this.#session?.checkpoint();

  willUpdate(changed: ChangedProperties): void {
    const configChanged = !this.#session || CONFIG_PROPERTIES.some((name) => changed.has(name));
    // A widget taken out of the page keeps no session: one built now would restore or mirror the chat
    // with no one to see it (and, across tabs, could take the chat over). It is rebuilt when reconnected.
    if (configChanged && !this.#session?.active && this.#host.isConnected) this.#buildSession();
    if (changed.has('form') || !this.#rendered) this.#checkForm();
    this.#hadFocus = this.#host.matches(':focus-within');
    // Restored: the visitor sees the messages, so they are no longer unread (the next minimize starts at 0).
    if (changed.has('minimized') && !this.#host.minimized) this.#unread = 0;
    // A chat that ended meanwhile (the agent ended it) has nothing left to confirm; focus goes to what the
    // ended chat offers, not back to the button that asked.
    if (!this.#session?.active && this.#confirming) {
      this.#confirming = false;
      this.#returnFocus = undefined;
    }
  }

  updated(changed: ChangedProperties): void {
    const host = this.#host;
    // A focused control went away (the form once the chat starts, the composer when it ends, the launcher,
    // the confirmation): focus moves to what replaced it rather than falling to the page.
    if (this.#hadFocus && !host.matches(':focus-within')) {
      const back = this.#returnFocus;
      this.#returnFocus = undefined;
      if (back?.isConnected) back.focus();
      else void this.#focusWindow();
    }
    if (!this.#rendered) {
      this.#rendered = true;
      if (host.open) this.#onOpened();
    } else if (changed.has('open') && changed.get('open') !== undefined) {
      if (host.open) this.#onOpened();
      else {
        this.#confirming = false;
        void this.#session?.close();
      }
    }
    // The inner elements read the nearest lang when they render: a new lang on the widget re-renders them.
    const lang = this.#lang();
    if (this.#renderedLang !== undefined && lang !== this.#renderedLang) {
      for (const inner of host.shadowRoot!.querySelectorAll<LitElement>('gc-registration-form, gc-transcript, gc-composer')) inner.requestUpdate();
    }
    this.#renderedLang = lang;
    this.#lockPageScroll(host.open && !host.minimized && this.#media[1]!.matches);
    if (changed.has('minimized') && changed.get('minimized') !== undefined) {
      this.#session?.rememberUi({ minimized: host.minimized });
      this.#emit(host.minimized ? 'gc-minimized' : 'gc-unminimized', {});
    }
  }

  // --- Commands from the element ------------------------------------------------------------------

  async show(options: ShowOptions): Promise<void> {
    const host = this.#host;
    if (options.userData) this.#openUserData = options.userData;
    if (options.formJSON !== undefined) {
      this.#formOverride = typeof options.formJSON === 'string' ? options.formJSON : JSON.stringify(options.formJSON);
      this.#checkForm();
    }
    if (options.form) {
      const { autoSubmit, ...values } = options.form;
      this.#prefill = values;
      this.#autoSubmit = Boolean(autoSubmit);
    }
    if (options.proactive) this.#session?.noteForm({ proactive: true });
    host.minimized = false;
    // Opened by the visitor (the launcher) or the page on their behalf: focus goes into the window.
    this.#focusOnOpen = true;
    host.open = true;
    host.requestUpdate();
    await host.updateComplete;
  }

  startChat(options: StartChatOptions) {
    // Only an object is merged with show()'s userData: spreading a string or an array would send its
    // characters as context.0, context.1…; anything else goes as it is, for the session to refuse.
    const { userData } = options;
    return this.call((s) => s.startChat({ ...options, userData: isPlainObject(userData ?? {}) ? { ...this.#openUserData, ...userData } : userData }));
  }

  async call<T>(command: (session: ChatSession) => Promise<T>): Promise<T> {
    const session = this.#session;
    if (!session) {
      const message = this.#configErrors.map((e) => e.message).join(' ') || 'The chat is not configured.';
      throw new SessionError(message, 'config.invalid');
    }
    return command(session);
  }

  // --- Session wiring -----------------------------------------------------------------------------

  #buildSession(): void {
    const host = this.#host;
    const { config, errors } = readSessionConfig(host);
    this.#teardownSession();
    // Form problems are #checkForm's: kept here, reported once when the form changes.
    this.#configErrors = [...errors, ...this.#configErrors.filter((e) => e.attribute === 'form')];
    host.requestUpdate();
    for (const error of errors) this.#emit('gc-error', { code: error.code, message: error.message, attribute: error.attribute });
    if (!config) return;

    // With the default sessionStorage, tabs of the site share one chat; custom or no storage keeps to this tab.
    const session = new ChatSession({ ...config, tabSync: config.storage === undefined });
    const strings = this.#strings;
    session.fallbackNames = { Agent: strings.agentDefault, Client: strings.you, Bot: strings.botDefault, External: strings.system, System: strings.system };
    this.#session = session;
    this.#provider.setValue(session);
    this.#state.setStore(session.$state);
    this.#agents.setStore(session.$agents);
    this.#ending.setStore(session.$ending);
    // No session.ready() here: the element announced gc-ready itself as it first rendered, before this module loaded.
    this.#offSession.push(session.onAny((name, detail) => this.#emit(`gc-${kebabCase(name)}`, detail)));
    const titleAlert = new TitleAlert(session.storageKey, (n) => this.#strings.newMessagesTitle(n));
    this.#offSession.push(
      () => titleAlert.dispose(),
      session.on('messageReceived', ({ messages, restoring }) => {
        const fromAgent = messages.filter((m) => m.from.type !== 'Client' && m.type === 'Message');
        if (restoring || fromAgent.length === 0) return;
        void titleAlert.notify(fromAgent[fromAgent.length - 1]!.id);
        if (!host.open || host.minimized) this.#set(() => (this.#unread += fromAgent.length));
      }),
      session.on('disconnected', () => this.#set(() => (this.#banner = this.#strings.disconnected))),
      session.on('reconnected', () => {
        this.#set(() => (this.#banner = this.#strings.reconnected));
        setTimeout(() => {
          if (this.#banner === this.#strings.reconnected) this.#set(() => (this.#banner = ''));
        }, 4000);
      }),
    );
    this.#emit('gc-session-change', { session });
    void this.#restoreIfStored(session);
  }

  async #restoreIfStored(session: ChatSession): Promise<void> {
    if ((await session.joinTabs()) === 'mirror') {
      // Another tab holds the chat: this one shows it (the window as the visitor left it there).
      if (session.$state.get() !== 'idle') this.#host.open = this.#host.open || Boolean(session.mirroredUi?.open);
      return;
    }
    const { sessionActive } = await session.verifySession();
    if (!sessionActive || session.active) return;
    try {
      await session.restore();
      const ui = session.uiState;
      this.#host.open = ui.open || this.#host.open;
      this.#host.minimized = ui.minimized;
    } catch {
      // restoreFailed has been announced; the visitor simply gets a fresh widget.
    }
  }

  #teardownSession(): void {
    for (const off of this.#offSession.splice(0)) off();
    this.#session?.dispose();
    this.#session = undefined;
    this.#provider.setValue(undefined);
    this.#state.setStore(undefined);
    this.#agents.setStore(undefined);
    this.#ending.setStore(undefined);
  }

  /** The form schema is checked as soon as the window exists, not when the visitor first sees the form. */
  #formError(): ConfigError | undefined {
    const form = this.#formOverride ?? this.#host.form;
    if (form == null || form.trim() === '') return undefined;
    try {
      parseFormSchema(form);
      return undefined;
    } catch (error) {
      return new ConfigError((error as Error).message, 'form', 'form.invalid');
    }
  }

  /** `<gc-form-field>` children declare the form with attributes instead of JSON. */
  #fieldElements(): Element[] | undefined {
    const fields = [...this.#host.querySelectorAll(':scope > gc-form-field')];
    return fields.length > 0 ? fields : undefined;
  }

  #checkForm(): void {
    const error = this.#formError();
    const others = this.#configErrors.filter((e) => e.attribute !== 'form');
    this.#set(() => (this.#configErrors = error ? [...others, error] : others));
    if (error) this.#emit('gc-error', { code: error.code, message: error.message, attribute: 'form' });
  }

  #emit(type: string, detail: unknown): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // --- UI behaviour -------------------------------------------------------------------------------

  #onOpened(): void {
    if (this.#unread > 0) this.#set(() => (this.#unread = 0));
    this.#session?.open();
    // A window open as the page loads (the open attribute, a restored chat) leaves focus where the visitor is:
    // taking it would move a screen reader away and could scroll the page.
    if (!this.#focusOnOpen) return;
    this.#focusOnOpen = false;
    void this.#host.updateComplete.then(() => this.#focusWindow());
  }

  /** Focus the first of these that is there: what the visitor acts on next in the window's current view. */
  async #focusWindow(): Promise<void> {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const root = this.#host.shadowRoot!;
    // On a touch screen a focused field opens the keyboard over half the window: the window takes focus instead.
    const touch = matchMedia('(pointer: coarse)').matches;
    const order = ['.confirm .secondary', touch ? '.window:not(.minimized)' : 'gc-composer', 'gc-registration-form', '.ended .primary', '.window button', '.launcher'];
    for (const selector of order) {
      const target = root.querySelector<HTMLElement>(selector);
      if (target?.checkVisibility()) return target.focus();
    }
  }

  #onCloseButton(): void {
    if (this.#session?.active) this.#confirm(true);
    else void this.#host.close();
  }

  /** Open or close the end-chat confirmation; focus moves into it, and back to its opener when it closes. */
  #confirm(open: boolean): void {
    if (open) this.#returnFocus = this.#host.shadowRoot!.activeElement as HTMLElement | null;
    this.#set(() => (this.#confirming = open));
    if (open) void this.#host.updateComplete.then(() => this.#focusWindow());
  }

  async #confirmEnd(): Promise<void> {
    this.#confirm(false);
    this.#returnFocus = undefined;
    await this.#session?.endChat().catch(() => undefined);
  }

  onKeydown(event: KeyboardEvent): void {
    const root = this.#host.shadowRoot!;
    if (event.key === 'Tab' && this.#confirming) {
      // The confirmation is modal: Tab goes round its two buttons.
      const buttons = [...root.querySelectorAll<HTMLElement>('.confirm button')];
      if (root.activeElement === buttons.at(event.shiftKey ? 0 : -1)) {
        event.preventDefault();
        buttons.at(event.shiftKey ? -1 : 0)!.focus();
      }
    }
    if (event.key !== 'Escape') return;
    if (this.#confirming) {
      this.#confirm(false);
      event.stopPropagation();
      return;
    }
    if (this.#host.open && !this.#host.minimized) {
      event.stopPropagation();
      this.#host.minimize();
    }
  }

  async #startNew(): Promise<void> {
    // The same session goes on: it knows the visitor (Web Messaging starts the new conversation on their token).
    if (this.#session) this.#session.startOver();
    else this.#buildSession();
    this.#session?.open();
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    void this.#focusWindow();
  }

  async #onFormSubmit(event: CustomEvent<{ values: Record<string, unknown> }>): Promise<void> {
    // Auto-submit applies to one opening only; the next form must wait for the visitor.
    this.#set(() => (this.#autoSubmit = false));
    // The form starts the chat itself; we add userData given to show() / startChat.
    if (this.#openUserData && event.detail?.values) {
      void this.#session?.updateUserData(this.#openUserData).catch(() => undefined);
    }
  }

  /** A full-screen window keeps the page behind it still: scrolling the chat must not scroll the page. */
  #lockPageScroll(lock: boolean): void {
    if (!lock) {
      this.#undoScrollLock?.();
      this.#undoScrollLock = undefined;
    } else if (!this.#undoScrollLock) {
      const style = document.documentElement.style;
      const before = style.overflow;
      style.overflow = 'hidden';
      this.#undoScrollLock = () => (style.overflow = before);
    }
  }

  /** Dark unless the page chose: a `theme` attribute, or its own surface or text colour. */
  #dark(): boolean {
    const host = this.#host;
    const theme = host.getAttribute('theme');
    if (theme) return theme === 'dark';
    const computed = getComputedStyle(host);
    const themed = ['--gc-color-surface', '--gc-color-text'].some((name) => computed.getPropertyValue(name).trim());
    return !themed && this.#media[0]!.matches;
  }

  // --- Rendering ----------------------------------------------------------------------------------

  #renderConfigErrors(strings: Strings) {
    return html`<div class="config-error" part="config-error" role="alert">
      <strong>${strings.configError}</strong>
      <ul>
        ${this.#configErrors.map((error) => html`<li>${error.message}</li>`)}
      </ul>
    </div>`;
  }

  #renderBody(strings: Strings) {
    const host = this.#host;
    this.#status = '';
    if (this.#configErrors.length > 0 || !this.#session) return this.#renderConfigErrors(strings);
    const state = this.#state.value ?? 'idle';
    // The same form stays through 'starting', so its busy state and any start error show in place.
    if (state === 'idle' || (state === 'starting' && !this.#session.sessionData())) {
      const welcome = host.getAttribute('welcome');
      const privacy = host.getAttribute('privacy');
      return html`<gc-registration-form
        part="form"
        exportparts="form: form-element, field, label, required, input, error, summary, start-error, submit, cancel"
        .form=${this.#formOverride ?? host.form}
        .fieldElements=${this.#fieldElements()}
        .prefill=${this.#prefill}
        .autoSubmit=${this.#autoSubmit}
        @gc-form-submit=${(event: CustomEvent<{ values: Record<string, unknown> }>) => this.#onFormSubmit(event)}
        @gc-form-cancel=${() => this.#host.close()}
      >${welcome ? html`<p slot="header" class="welcome" part="welcome">${welcome}</p>` : nothing}${privacy
        ? html`<p slot="footer" class="privacy" part="privacy">${privacy}</p>`
        : nothing}</gc-registration-form>`;
    }
    this.#status = state === 'starting' || state === 'restoring' ? strings.starting : state === 'waiting' ? strings.waiting : '';
    return html`
      <gc-transcript
        part="transcript"
        exportparts="log, message, message-agent, message-customer, message-bot, message-system, message-pending, bubble, sender, time, notice, typing, avatar, load-older, jump, delivery, retry, discard"
        time-format=${host.timeFormat ?? nothing}></gc-transcript>
      ${state === 'ended'
        ? html`<div class="ended" part="ended">
            <p role="status" id="ended">${this.#endedText(strings)}${this.#ending.value?.readOnly ? html` ${strings.endedReadOnly}` : nothing}</p>
            <div class="actions">
              <button class="secondary" part="download-button" @click=${() => this.#download(strings)}>${headerIcons.download}${strings.downloadTranscript}</button>
              <button class="primary" part="new-chat-button" aria-describedby="ended" @click=${() => this.#startNew()}>${strings.startNew}</button>
            </div>
          </div>`
        : html`<gc-composer part="composer" exportparts="input, send-button, attach-button, counter, error: composer-error" max-length=${host.maxMessageLength}></gc-composer>`}
    `;
  }

  /**
   * Who ended the chat: the visitor, the agent (by name, the last one who was there), the service (the
   * conversation expired) or another window or device that closed it; else just that it ended.
   */
  #endedText(strings: Strings) {
    const reason = this.#ending.value?.reason;
    const agent = this.#agents.value?.filter((a) => a.connectedTime).at(-1);
    if (reason === 'customer') return strings.endedByYou;
    if (reason === 'expired') return strings.endedExpired;
    if (reason === 'elsewhere') return strings.endedElsewhere;
    if (reason !== 'agent' || !agent) return strings.chatEnded;
    // The name isolated, so its direction marks cannot reorder the sentence around it.
    const [before, after] = strings.endedByAgent('\u0000').split('\u0000');
    return after === undefined ? strings.endedByAgent(agent.name) : html`${before}<bdi>${agent.name}</bdi>${after}`;
  }

  /** The file is made by code loaded when the visitor asks for it (pressing again retries a failed download). */
  async #download(strings: Strings): Promise<void> {
    const messages = this.#session?.$messages.get() ?? [];
    const title = this.#host.getAttribute('title') || strings.title;
    const { downloadTranscript, transcriptText } = await import('./transcript-file.js');
    downloadTranscript(transcriptText(title, messages, strings, this.#lang()), messages[0]?.timestamp);
  }

  /** Render the window, when open, into the element's shadow root, before its launcher's parts. */
  paint(open: boolean, container: HTMLElement, before: ChildNode): void {
    render(open ? this.render(this.#strings) : nothing, container, { renderBefore: before, host: this.#host });
  }

  /** The open window; the element renders it beside its launcher. */
  render(strings: Strings) {
    const host = this.#host;
    const title = host.getAttribute('title') || strings.title;
    const minimized = host.minimized;
    const body = minimized ? nothing : this.#renderBody(strings);
    // The agent the visitor talks to, by name and initials; until one joins, the window's title.
    const agent = this.#state.value === 'chatting' ? this.#agents.value?.filter((a) => a.connected).at(-1) : undefined;
    return html`<section
      class="window ${minimized ? 'minimized' : ''} ${this.#dark() ? 'dark' : ''}"
      part="window"
      role="dialog"
      aria-label=${title}
      tabindex="-1"
    >
      <header part="header">
        <span class="avatar" part="header-avatar" aria-hidden="true">${agent ? initials(agent.name) : headerIcons.chat}</span>
        <h2 id="title" part="title">${agent ? html`<bdi class="name">${agent.name}</bdi><span class="presence" part="presence">${strings.online}</span>` : title}</h2>
        <button
          class="minimize"
          part="minimize-button"
          aria-label=${minimized ? strings.restore : strings.minimize}
          aria-expanded=${!minimized}
          @click=${() => this.#host.minimize()}
        >${minimized ? headerIcons.restore : headerIcons.minimize}</button>
        <button class="close" part="close-button" aria-label=${strings.close} @click=${() => this.#onCloseButton()}>${headerIcons.close}</button>
      </header>
      ${minimized
        ? nothing
        : html`<div class="body" part="body">
            <div role="status">
              ${this.#banner ? html`<p class="banner" part="status">${this.#banner}</p>` : nothing}
              ${this.#status
                ? html`<p class="status" part="status">${this.#state.value === 'waiting' || this.#state.value === 'starting'
                    ? html`<span class="dots" aria-hidden="true"><i></i><i></i><i></i></span> `
                    : nothing}${this.#status}</p>`
                : nothing}
            </div>
            ${body}
            ${this.#confirming
              ? html`<div class="confirm" part="confirm" role="alertdialog" aria-labelledby="confirm-question" aria-modal="true">
                  <p id="confirm-question">${strings.confirmEndQuestion}</p>
                  <div class="actions">
                    <button class="primary" @click=${() => this.#confirmEnd()}>${strings.endChat}</button>
                    <button class="secondary" @click=${() => this.#confirm(false)}>${strings.confirmKeep}</button>
                  </div>
                </div>`
              : nothing}
          </div>`}
    </section>`;
  }
}

provideWindow(WebchatWindow);
