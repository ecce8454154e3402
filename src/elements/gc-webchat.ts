import { ContextProvider } from '@lit/context';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatSession } from '../session/session.js';
import { SessionError } from '../session/errors.js';
import { isStateStorage, memoryState } from '../session/storage.js';
import type { ChatState, ConnectionState, SessionEvents, StartChatOptions, StateStorage } from '../session/types.js';
import { isRightToLeft, stringsFor, type Strings } from '../i18n/strings.js';
import { ConfigError, readSessionConfig } from './attributes.js';
import { parseFormSchema } from './form-schema.js';
import { sessionContext } from './context.js';
import type { GcWebchatEventMap, TypedAddEventListener, TypedRemoveEventListener } from './events.js';
import { langOf } from './lang.js';
import { StoreController } from './store-controller.js';
import { webchatStyles } from './webchat-styles.js';
import './gc-composer.js';
import './gc-registration-form.js';
import './gc-transcript.js';

const SESSION_EVENTS: (keyof SessionEvents)[] = [
  'ready', 'opened', 'submitted', 'started', 'cancelled', 'rejected', 'completed', 'closed',
  'messageReceived', 'messageFailed', 'error', 'ended', 'disconnected', 'reconnected', 'restored', 'restoreFailed', 'restoreTimeout',
  'clientConnected', 'clientDisconnected', 'agentConnected', 'agentDisconnected',
  'agentTypingStarted', 'agentTypingStopped', 'agentTypingTimeout', 'clientTypingStarted', 'clientTypingStopped',
];

/** messageReceived → gc-message-received */
const domEventName = (name: string): string => `gc-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Attributes that configure the session: changing one while no chat runs builds a new session. */
const SESSION_ATTRIBUTES = [
  'transport', 'dataUrl', 'deploymentKey', 'orgGuid', 'targetType', 'targetAddress', 'priority', 'skills',
  'language', 'userData', 'pagination', 'maxMessagePageSize', 'restoreTimeout', 'storage', 'stateStorage',
];

export interface ShowOptions {
  /** Prefill the form by field name; `autoSubmit: true` submits it at once when valid. */
  form?: (Record<string, unknown> & { autoSubmit?: boolean }) | false;
  /** userData for this chat, merged over the `user-data` attribute. */
  userData?: Record<string, unknown>;
  /** Replace the form schema for this opening (Genesys `inputs` JSON). */
  formJSON?: unknown;
  proactive?: boolean;
}

/**
 * A complete chat for a Genesys Cloud contact centre, configured entirely by attributes: a launcher button
 * with an unread badge, and a window with the registration form, the transcript and the composer.
 *
 * @tag gc-webchat
 * @attr transport - wire protocol (default `purecloud-v2-sockets`)
 * @attr data-url - Genesys Cloud API base URL for your region, e.g. `https://api.mypurecloud.com`
 * @attr deployment-key - the web chat deployment id
 * @attr org-guid - the organization id
 * @attr target-type - routing target type (default `QUEUE`)
 * @attr target-address - the queue name
 * @attr priority - routing priority 0–10
 * @attr skills - routing skills, comma-separated or a JSON array
 * @attr language - requested agent language skill
 * @attr user-data - static userData as a JSON object; every key becomes a `context.<key>` participant attribute
 * @attr form - the registration form schema as JSON (Genesys `inputs` format)
 * @attr pagination - `false` restores the whole transcript at once (default `true`)
 * @attr max-message-page-size - messages per page when restoring or fetching history (1–100, default 100)
 * @attr restore-timeout - seconds a stored chat stays restorable after the page was left (default 60); an older
 *   one is dropped with `gc-restore-timeout`
 * @attr max-message-length - longest message the visitor may send (default 4000)
 * @attr lang - language of the widget's strings (`en`, `fr`; default: the page's)
 * @attr title - the window title (default "Live Chat")
 * @attr time-format - `12` or `24` hour timestamps
 * @attr open - the window is open
 * @attr minimized - the open window is minimized to its title bar
 * @attr no-launcher - hide the launcher button (open the chat with `show()` or the `open` attribute)
 * @attr storage - `session` (default: sessionStorage, restores after a reload) or `none`
 * @fires gc-ready - the widget is configured; detail `{metadata}`
 * @fires gc-opened - the window opened; detail `{metadata}`
 * @fires gc-submitted - the form was submitted; detail `{metadata, form}`
 * @fires gc-started - the chat started; detail `{metadata, session}`
 * @fires gc-cancelled - ended or closed before an agent connected; detail `{metadata}`
 * @fires gc-rejected - the chat could not start; detail `{metadata, error}`
 * @fires gc-completed - ended after an agent connected; detail `{metadata}`
 * @fires gc-closed - the window closed; detail `{metadata}`
 * @fires gc-minimized - the window was minimized
 * @fires gc-unminimized - the window was restored from minimized
 * @fires gc-message-received - messages arrived; detail `{originalMessages, messages, restoring}`
 * @fires gc-message-failed - a message could not be sent; it stays in the transcript, marked, with retry and
 *   discard; detail `{message, error}`
 * @fires gc-error - a bad attribute or a failed call; detail `{code, message, attribute?}`
 * @fires gc-ended - the chat ended; detail `{reason}`
 * @fires gc-disconnected - the connection dropped
 * @fires gc-reconnected - the connection is back
 * @fires gc-restored - a chat came back after a reload; detail `{session}`
 * @fires gc-restore-failed - a stored chat could not be restored; detail `{reason}`
 * @fires gc-restore-timeout - a stored chat was too old to restore
 * @fires gc-client-connected - the visitor joined; detail `{agents, numAgentsConnected}`
 * @fires gc-client-disconnected - the visitor left
 * @fires gc-agent-connected - an agent joined; detail `{agents, numAgentsConnected}`
 * @fires gc-agent-disconnected - an agent left
 * @fires gc-agent-typing-started - detail `{agent}`
 * @fires gc-agent-typing-stopped - detail `{agent}`
 * @fires gc-agent-typing-timeout - detail `{agent}`
 * @fires gc-client-typing-started - the visitor started typing
 * @fires gc-client-typing-stopped - the visitor stopped typing
 * @fires gc-session-change - a new session was built (configuration changed); detail `{session}`
 * @fires gc-form-submit - from the inner form: a valid form is submitted; detail `{values, autoSubmitted}`; cancelable
 * @fires gc-form-cancel - from the inner form: the visitor pressed Cancel
 * @csspart launcher - the launcher button
 * @csspart badge - the unread-message count on the launcher
 * @csspart window - the chat window
 * @csspart header - the window's title bar
 * @csspart title - the window title
 * @csspart minimize-button - minimize / restore
 * @csspart end-button - ends the chat
 * @csspart close-button - closes the window
 * @csspart body - the window's content area
 * @csspart status - "waiting for an agent" and connection banners
 * @csspart confirm - the end-chat confirmation
 * @csspart ended - the chat-ended panel
 * @csspart new-chat-button - starts a new chat after one ended
 * @csspart config-error - the panel listing configuration errors
 * @csspart form - the registration form (a `<gc-registration-form>`)
 * @csspart form-element - the form's `<form>` (exported from the form's `form` part)
 * @csspart field - a form field: label, control and error
 * @csspart label - a field's label
 * @csspart required - the "Required" mark in a label
 * @csspart input - every form control, and the composer's text area
 * @csspart error - a form field's error message
 * @csspart summary - the form's error summary after a submit with errors
 * @csspart start-error - why the chat could not start
 * @csspart submit - the form's submit button
 * @csspart cancel - the form's cancel button
 * @csspart transcript - the transcript (a `<gc-transcript>`)
 * @csspart log - the scrolling list of messages
 * @csspart message - one message or notice
 * @csspart message-agent - a message from an agent
 * @csspart message-customer - a message from the visitor
 * @csspart message-bot - a message from a bot
 * @csspart message-system - a system notice (joined, left, ended)
 * @csspart message-pending - a message of the visitor's not yet in the transcript (sending, sent or failed)
 * @csspart bubble - the text bubble of a message
 * @csspart sender - the sender's name
 * @csspart time - a message's timestamp
 * @csspart notice - a join, leave or system notice
 * @csspart typing - the "agent is typing" line
 * @csspart load-older - the "Load earlier messages" button
 * @csspart jump - the "New messages" button shown when scrolled up
 * @csspart delivery - a pending message's delivery state ("Sending…", "Not sent yet")
 * @csspart retry - the button that sends a failed message again
 * @csspart discard - the button that drops a failed message
 * @csspart composer - the composer (a `<gc-composer>`)
 * @csspart send-button - the send button
 * @csspart counter - the characters-left counter
 * @csspart composer-error - why a message was not sent
 * @cssprop [--gc-font-family=system-ui, sans-serif] - font of the whole widget
 * @cssprop [--gc-font-size=15px] - base font size
 * @cssprop [--gc-color-primary=#2b4fd8] - launcher, header, buttons and the visitor's bubbles
 * @cssprop [--gc-color-on-primary=#ffffff] - text and icons on primary surfaces
 * @cssprop [--gc-color-text=#1d2330] - body text
 * @cssprop [--gc-color-muted=#4d5566] - secondary text: timestamps, notices, counter
 * @cssprop [--gc-color-surface=#ffffff] - window and control background
 * @cssprop [--gc-color-surface-alt=#f1f3f7] - panels and notices
 * @cssprop [--gc-color-border=#c4cad6] - borders
 * @cssprop [--gc-color-error=#b3261e] - errors and the unread badge
 * @cssprop [--gc-color-focus=#1a73e8] - focus ring
 * @cssprop [--gc-color-agent-bubble=#eef1f8] - background of agent and bot messages
 * @cssprop [--gc-color-customer-bubble=var(--gc-color-primary)] - background of the visitor's messages
 * @cssprop [--gc-color-on-customer-bubble=#ffffff] - text on the visitor's messages
 * @cssprop [--gc-radius=12px] - corner radius
 * @cssprop [--gc-spacing=8px] - base spacing unit
 * @cssprop [--gc-window-width=370px] - window width
 * @cssprop [--gc-window-height=560px] - window height
 * @cssprop [--gc-z-index=2147483000] - stacking order of the widget
 * @cssprop [--gc-inset-block-end=20px] - distance from the bottom of the viewport
 * @cssprop [--gc-inset-inline-end=20px] - distance from the end side (right, or left in right-to-left languages)
 */
export class GcWebchat extends LitElement {
  static override styles = webchatStyles;

  static override get observedAttributes(): string[] {
    // title and lang stay the native properties; frameworks bind them from app state, so re-render on change.
    return [...super.observedAttributes, 'title', 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'title' || name === 'lang') this.requestUpdate();
  }

  @property() transport?: string;
  @property({ attribute: 'data-url' }) dataUrl?: string;
  @property({ attribute: 'deployment-key' }) deploymentKey?: string;
  @property({ attribute: 'org-guid' }) orgGuid?: string;
  @property({ attribute: 'target-type' }) targetType?: string;
  @property({ attribute: 'target-address' }) targetAddress?: string;
  @property() priority?: string;
  @property() skills?: string;
  @property() language?: string;
  @property({ attribute: 'user-data' }) userData?: string;
  @property() form?: string;
  @property() pagination?: string;
  @property({ attribute: 'max-message-page-size' }) maxMessagePageSize?: string;
  @property({ attribute: 'restore-timeout' }) restoreTimeout?: string;
  @property({ attribute: 'max-message-length', type: Number }) maxMessageLength = 4000;
  @property({ attribute: 'time-format' }) timeFormat?: '12' | '24';
  @property({ type: Boolean, reflect: true }) open = false;
  @property({ type: Boolean, reflect: true }) minimized = false;
  @property({ type: Boolean, attribute: 'no-launcher' }) noLauncher = false;
  @property() storage?: string;
  /** A custom `{read, write}` state storage (seed 004), instead of sessionStorage. */
  @property({ attribute: false }) stateStorage?: StateStorage;

  @state() private configErrors: ConfigError[] = [];
  @state() private unread = 0;
  @state() private confirming = false;
  @state() private prefill?: Record<string, unknown>;
  @state() private autoSubmit = false;
  @state() private formOverride?: string;
  @state() private banner = '';

  #provider = new ContextProvider(this, { context: sessionContext });
  #session?: ChatSession;
  #offSession: (() => void)[] = [];
  #state = new StoreController<ChatState>(this);
  #connection = new StoreController<ConnectionState>(this);
  #openUserData?: Record<string, unknown>;
  #readyAnnounced = false;
  #shownState?: ChatState;

  /** The session (WebChatService) behind this widget; undefined while the configuration is invalid. */
  get session(): ChatSession | undefined {
    return this.#session;
  }

  get #strings(): Strings {
    return stringsFor(this.#lang());
  }

  #lang(): string {
    return langOf(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#session) this.requestUpdate();
    window.addEventListener('pagehide', this.#checkpoint);
    document.addEventListener('visibilitychange', this.#checkpoint);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#checkpoint);
    document.removeEventListener('visibilitychange', this.#checkpoint);
    this.#teardownSession();
  }

  // The restore timeout counts from when the visitor left the page: stamp the stored chat then.
  #checkpoint = (): void => this.#session?.checkpoint();

  protected override willUpdate(changed: PropertyValues<this>): void {
    const configChanged = !this.#session || SESSION_ATTRIBUTES.some((name) => changed.has(name as keyof GcWebchat));
    // A widget taken out of the page keeps no session: one built now would restore or mirror the chat
    // with no one to see it (and, across tabs, could take the chat over). It is rebuilt when reconnected.
    if (configChanged && !this.#session?.active && this.isConnected) this.#buildSession();
    if (changed.has('form') || (changed as Map<PropertyKey, unknown>).has('formOverride')) this.#checkForm();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const state = this.#state.value;
    // The form is gone once the chat starts: keyboard users land in the composer, not on the page.
    if (this.#shownState === 'idle' && state && state !== 'idle' && this.open) void this.#focusWindow();
    this.#shownState = state;
    if (changed.has('open') && changed.get('open') !== undefined) {
      if (this.open) this.#onOpened();
      else void this.#session?.close();
    }
    if (changed.has('minimized') && changed.get('minimized') !== undefined) {
      this.#session?.rememberUi({ minimized: this.minimized });
      this.#emit(this.minimized ? 'gc-minimized' : 'gc-unminimized', {});
    }
  }

  protected override firstUpdated(): void {
    if (this.open) this.#onOpened();
  }

  // --- Public methods (WebChat + WebChatService commands) -----------------------------------------

  /** Open the window (WebChat.open): optionally prefill and auto-submit the form, add userData. */
  async show(options: ShowOptions = {}): Promise<void> {
    if (options.userData) this.#openUserData = options.userData;
    if (options.formJSON !== undefined) {
      this.formOverride = typeof options.formJSON === 'string' ? options.formJSON : JSON.stringify(options.formJSON);
    }
    if (options.form) {
      const { autoSubmit, ...values } = options.form;
      this.prefill = values;
      this.autoSubmit = Boolean(autoSubmit);
    }
    if (options.proactive) this.#session?.$metadata.setKey('proactive', true);
    this.minimized = false;
    this.open = true;
    await this.updateComplete;
  }

  /** Close the window; a running chat is ended first (the close button asks before doing this). */
  async close(): Promise<void> {
    this.confirming = false;
    this.open = false;
    this.minimized = false;
    await this.updateComplete;
  }

  /** Minimize (true), restore (false) or toggle (no argument). */
  minimize(minimized?: boolean): void {
    this.minimized = minimized ?? !this.minimized;
  }

  startChat(options: StartChatOptions = {}) {
    return this.#call((s) => s.startChat({ ...options, userData: { ...this.#openUserData, ...options.userData } }));
  }
  endChat() {
    return this.#call((s) => s.endChat());
  }
  sendMessage(message: string | { message?: string }) {
    return this.#call((s) => s.sendMessage(message));
  }
  sendCustomNotice(message: string | { message?: string }) {
    return this.#call((s) => s.sendCustomNotice(message));
  }
  sendTyping() {
    return this.#call((s) => s.sendTyping());
  }
  sendFilteredMessage(input: { message?: string; regex?: RegExp } | string, regex?: RegExp) {
    return this.#call((s) => s.sendFilteredMessage(input, regex));
  }
  addPrefilter(filters: { filters?: RegExp | RegExp[] } | RegExp | RegExp[]) {
    return this.#call((s) => s.addPrefilter(filters));
  }
  updateUserData(data: Record<string, unknown>) {
    return this.#call((s) => s.updateUserData(data));
  }
  setUserData(data: Record<string, unknown>) {
    return this.#call((s) => s.setUserData(data));
  }
  getUserData(key: string) {
    return this.#call((s) => s.getUserData(key));
  }
  deleteUserData(key: string) {
    return this.#call((s) => s.deleteUserData(key));
  }
  getTranscript() {
    return this.#call((s) => s.getTranscript());
  }
  getAgents() {
    return this.#call((s) => s.getAgents());
  }
  getStats() {
    return this.#call((s) => s.getStats());
  }
  getSessionData() {
    return this.#call((s) => s.getSessionData());
  }
  fetchHistory() {
    return this.#call((s) => s.fetchHistory());
  }
  registerPreProcessor(preprocessor: Parameters<ChatSession['registerPreProcessor']>[0]) {
    return this.#call((s) => s.registerPreProcessor(preprocessor));
  }
  registerTypingPreviewInput(input: unknown) {
    return this.#call((s) => s.registerTypingPreviewInput(input));
  }
  verifySession() {
    return this.#call((s) => s.verifySession());
  }
  restore() {
    return this.#call((s) => s.restore());
  }
  poll() {
    return this.#call((s) => s.poll());
  }
  startPoll() {
    return this.#call((s) => s.startPoll());
  }
  stopPoll() {
    return this.#call((s) => s.stopPoll());
  }
  resetPollExceptions() {
    return this.#call((s) => s.resetPollExceptions());
  }
  sendFile() {
    return this.#call((s) => s.sendFile());
  }

  async #call<T>(command: (session: ChatSession) => Promise<T>): Promise<T> {
    const session = this.#session;
    if (!session) {
      const message = this.configErrors.map((e) => e.message).join(' ') || 'The chat is not configured.';
      throw new SessionError(message, 'config.invalid');
    }
    return command(session);
  }

  // --- Session wiring -----------------------------------------------------------------------------

  #buildSession(): void {
    const { config, errors } = readSessionConfig(this);
    const storageErrors: ConfigError[] = [];
    let storage: StateStorage | null | undefined;
    if (this.stateStorage !== undefined) {
      if (isStateStorage(this.stateStorage)) storage = this.stateStorage;
      else storageErrors.push(new ConfigError('The stateStorage property must be an object with read() and write() methods.', 'stateStorage'));
    } else if (this.storage != null && this.storage !== 'session') {
      if (this.storage === 'none') storage = memoryState();
      else storageErrors.push(new ConfigError(`The storage attribute must be "session" or "none", not "${this.storage}".`, 'storage'));
    }
    this.#teardownSession();
    const allErrors = [...errors, ...storageErrors];
    // Form problems are #checkForm's: kept here, reported once when the form changes.
    this.configErrors = [...allErrors, ...this.configErrors.filter((e) => e.attribute === 'form')];
    for (const error of allErrors) this.#emit('gc-error', { code: error.code, message: error.message, attribute: error.attribute });
    if (!config || storageErrors.length > 0) return;

    // With the default sessionStorage, tabs of the site share one chat; custom or no storage keeps to this tab.
    const session = new ChatSession({ ...config, storage, tabSync: storage === undefined });
    const strings = this.#strings;
    session.fallbackNames = { Agent: strings.agentDefault, Client: strings.you, Bot: strings.botDefault, External: strings.system, System: strings.system };
    this.#session = session;
    this.#provider.setValue(session);
    this.#state.setStore(session.$state);
    this.#connection.setStore(session.$connection);
    for (const name of SESSION_EVENTS) {
      this.#offSession.push(session.on(name, (detail) => this.#emit(domEventName(name), detail)));
    }
    this.#offSession.push(
      session.on('messageReceived', ({ messages, restoring }) => {
        if (restoring || (this.open && !this.minimized)) return;
        this.unread += messages.filter((m) => m.from.type !== 'Client' && m.type === 'Message').length;
      }),
      session.on('disconnected', () => (this.banner = this.#strings.disconnected)),
      session.on('reconnected', () => {
        this.banner = this.#strings.reconnected;
        setTimeout(() => {
          if (this.banner === this.#strings.reconnected) this.banner = '';
        }, 4000);
      }),
    );
    this.#emit('gc-session-change', { session });
    if (!this.#readyAnnounced) {
      this.#readyAnnounced = true;
      session.ready();
    }
    void this.#restoreIfStored(session);
  }

  async #restoreIfStored(session: ChatSession): Promise<void> {
    if ((await session.joinTabs()) === 'mirror') {
      // Another tab holds the chat: this one shows it (the window as the visitor left it there).
      if (session.$state.get() !== 'idle') this.open = this.open || Boolean(session.mirroredUi?.open);
      return;
    }
    const { sessionActive } = await session.verifySession();
    if (!sessionActive || session.active) return;
    try {
      await session.restore();
      const ui = session.uiState;
      this.open = ui.open || this.open;
      this.minimized = ui.minimized;
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
    this.#connection.setStore(undefined);
  }

  /** The form schema is checked when the page loads, not when the visitor first opens the chat. */
  #formError(): ConfigError | undefined {
    const form = this.formOverride ?? this.form;
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
    const fields = [...this.querySelectorAll(':scope > gc-form-field')];
    return fields.length > 0 ? fields : undefined;
  }

  #checkForm(): void {
    const error = this.#formError();
    const others = this.configErrors.filter((e) => e.attribute !== 'form');
    this.configErrors = error ? [...others, error] : others;
    if (error) this.#emit('gc-error', { code: error.code, message: error.message, attribute: 'form' });
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // --- UI behaviour -------------------------------------------------------------------------------

  #onOpened(): void {
    this.unread = 0;
    this.#session?.open();
    void this.updateComplete.then(() => this.#focusWindow());
  }

  async #focusWindow(): Promise<void> {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const root = this.shadowRoot;
    const target =
      (root?.querySelector('gc-composer') as HTMLElement | null) ??
      (root?.querySelector('gc-registration-form') as HTMLElement | null) ??
      (root?.querySelector('.window [autofocus], .window button') as HTMLElement | null);
    target?.focus();
  }

  #onLauncher(): void {
    if (this.open && this.minimized) this.minimized = false;
    else void this.show();
  }

  #onCloseButton(): void {
    if (this.#session?.active) this.confirming = true;
    else void this.close().then(() => this.#focusLauncher());
  }

  async #focusLauncher(): Promise<void> {
    await this.updateComplete;
    (this.shadowRoot?.querySelector('.launcher') as HTMLElement | null)?.focus();
  }

  async #confirmEnd(): Promise<void> {
    this.confirming = false;
    await this.#session?.endChat().catch(() => undefined);
  }

  async #onMinimize(): Promise<void> {
    this.minimize();
    await this.updateComplete;
    (this.shadowRoot?.querySelector('.minimize') as HTMLElement | null)?.focus();
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    if (this.confirming) {
      this.confirming = false;
      event.stopPropagation();
      return;
    }
    if (this.open && !this.minimized) {
      event.stopPropagation();
      void this.#onMinimize();
    }
  }

  async #startNew(): Promise<void> {
    this.#buildSession();
    this.#session?.open();
    this.requestUpdate();
    await this.updateComplete;
    void this.#focusWindow();
  }

  async #onFormSubmit(event: CustomEvent<{ values: Record<string, unknown> }>): Promise<void> {
    // Auto-submit applies to one opening only; the next form must wait for the visitor.
    this.autoSubmit = false;
    // The form starts the chat itself; we add userData given to show() / startChat.
    if (this.#openUserData && event.detail?.values) {
      void this.#session?.updateUserData(this.#openUserData).catch(() => undefined);
    }
  }

  // --- Rendering ----------------------------------------------------------------------------------

  #renderConfigErrors(strings: Strings) {
    return html`<div class="config-error" part="config-error" role="alert">
      <strong>${strings.configError}</strong>
      <ul>
        ${this.configErrors.map((error) => html`<li>${error.message}</li>`)}
      </ul>
    </div>`;
  }

  #renderBody(strings: Strings) {
    if (this.configErrors.length > 0 || !this.#session) return this.#renderConfigErrors(strings);
    const state = this.#state.value ?? 'idle';
    // The same form stays through 'starting', so its busy state and any start error show in place.
    if (state === 'idle' || (state === 'starting' && !this.#session.sessionData())) {
      return html`<gc-registration-form
        part="form"
        exportparts="form: form-element, field, label, required, input, error, summary, start-error, submit, cancel"
        cancellable
        .form=${this.formOverride ?? this.form}
        .fieldElements=${this.#fieldElements()}
        .prefill=${this.prefill}
        .autoSubmit=${this.autoSubmit}
        @gc-form-submit=${this.#onFormSubmit}
        @gc-form-cancel=${() => this.close().then(() => this.#focusLauncher())}
      ></gc-registration-form>`;
    }
    const status =
      state === 'starting' || state === 'restoring' ? strings.starting : state === 'waiting' ? strings.waiting : '';
    return html`
      ${status ? html`<p class="status" part="status" role="status">${status}</p>` : nothing}
      <gc-transcript
        part="transcript"
        exportparts="log, message, message-agent, message-customer, message-bot, message-system, message-pending, bubble, sender, time, notice, typing, load-older, jump, delivery, retry, discard"
        time-format=${this.timeFormat ?? nothing}></gc-transcript>
      ${state === 'ended'
        ? html`<div class="ended" part="ended">
            <p role="status">${strings.chatEnded}</p>
            <button class="primary" part="new-chat-button" @click=${this.#startNew}>${strings.startNew}</button>
          </div>`
        : html`<gc-composer part="composer" exportparts="input, send-button, counter, error: composer-error" max-length=${this.maxMessageLength}></gc-composer>`}
    `;
  }

  protected override render() {
    const strings = this.#strings;
    const title = this.getAttribute('title') || strings.title;
    const active = this.#session?.active ?? false;
    const dir = isRightToLeft(this.#lang()) ? 'rtl' : 'ltr';
    const showLauncher = !this.noLauncher && (!this.open || this.minimized);
    return html`
      <div class="root" dir=${dir} @keydown=${this.#onKeydown}>
        ${this.open
          ? html`<section
              class="window ${this.minimized ? 'minimized' : ''}"
              part="window"
              role="dialog"
              aria-modal="false"
              aria-labelledby="title"
            >
              <header part="header">
                <h2 id="title" part="title">${title}</h2>
                <button
                  class="icon minimize"
                  part="minimize-button"
                  aria-label=${this.minimized ? strings.restore : strings.minimize}
                  aria-expanded=${this.minimized ? 'false' : 'true'}
                  @click=${this.#onMinimize}
                >
                  <span aria-hidden="true">${this.minimized ? '▴' : '▾'}</span>
                </button>
                ${active && !this.minimized
                  ? html`<button class="text end" part="end-button" @click=${() => (this.confirming = true)}>${strings.endChat}</button>`
                  : nothing}
                <button class="icon close" part="close-button" aria-label=${strings.close} @click=${this.#onCloseButton}>
                  <span aria-hidden="true">✕</span>
                </button>
              </header>
              ${this.minimized
                ? nothing
                : html`<div class="body" part="body">
                    ${this.banner ? html`<p class="banner" part="status" role="status">${this.banner}</p>` : nothing}
                    ${this.#renderBody(strings)}
                    ${this.confirming
                      ? html`<div class="confirm" part="confirm" role="alertdialog" aria-labelledby="confirm-question" aria-modal="true">
                          <p id="confirm-question">${strings.confirmEndQuestion}</p>
                          <div class="actions">
                            <button class="primary" @click=${this.#confirmEnd}>${strings.confirmEnd}</button>
                            <button class="secondary" autofocus @click=${() => (this.confirming = false)}>${strings.confirmKeep}</button>
                          </div>
                        </div>`
                      : nothing}
                  </div>`}
            </section>`
          : nothing}
        ${showLauncher
          ? html`<button
              class="launcher"
              part="launcher"
              aria-label=${this.unread > 0 ? strings.launcherUnread(this.unread) : strings.launcher}
              @click=${this.#onLauncher}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="26" height="26">
                <path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
              </svg>
              ${this.unread > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${this.unread}</span>` : nothing}
            </button>`
          : nothing}
      </div>
    `;
  }

}

if (!customElements.get('gc-webchat')) customElements.define('gc-webchat', GcWebchat);

/** Typed `addEventListener` for the element's events (GcWebchatEventMap). */
export interface GcWebchat {
  addEventListener: TypedAddEventListener<GcWebchat, GcWebchatEventMap>;
  removeEventListener: TypedRemoveEventListener<GcWebchat, GcWebchatEventMap>;
}

declare global {
  interface HTMLElementTagNameMap {
    'gc-webchat': GcWebchat;
  }
}
