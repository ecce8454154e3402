// <gc-webchat>: the light part a page loads first. It owns the attributes, the public methods and the
// launcher button; everything else (the window, its session and transport) is the window module, loaded with
// import() the first time it is needed, then driving this element as a reactive controller.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { ChatSession } from '../session/session.js';
import { SessionError } from '../session/session-error.js';
import { createMetadata } from '../session/metadata.js';
import { chatHeldByAnotherTab, hasStoredState } from '../session/storage.js';
import type { StartChatOptions, StateStorage } from '../session/types.js';
import { isRightToLeft } from '../i18n/strings.js';
import { DEFAULT_TRANSPORT, storedChatOf } from '../transport/stored-chats.js';
import type { GcWebchatEventMap, TypedAddEventListener, TypedRemoveEventListener } from './events.js';
import { langOf, stringsOf } from './lang.js';
import { launcherStyles } from './launcher-styles.js';
import type { WebchatWindow } from './webchat-window.js';

type WindowClass = typeof WebchatWindow;
let windowClass: WindowClass | undefined;
let windowLoading: Promise<WindowClass> | undefined;

/** The window module calls this as it loads, so a page that bundled it eagerly attaches without waiting. */
export function provideWindow(loaded: WindowClass): void {
  windowClass = loaded;
}

/**
 * Fetch the window module once for every widget on the page. A failed download is forgotten, so the next
 * call tries again (browsers retry a failed dynamic import).
 */
export function loadWindow(): Promise<WindowClass> {
  if (windowClass) return Promise.resolve(windowClass);
  windowLoading ??= import('./webchat-window.js').then(
    (module) => (windowClass = module.WebchatWindow),
    (error: unknown) => {
      windowLoading = undefined;
      throw error;
    },
  );
  return windowLoading;
}

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
 * The element itself is light: attributes, methods and the launcher. The window's code (form, transcript,
 * composer, session, transport) is a separate module, loaded when the visitor opens the chat, a method
 * needs it, the visitor points at the launcher, or a chat stored in this tab (or held by another tab) must
 * be shown.
 *
 * @tag gc-webchat
 * @attr transport - wire protocol: `web-messaging` (default) or the legacy `purecloud-v2-sockets`
 * @attr deployment-key - the deployment id (a Messenger deployment for `web-messaging`)
 * @attr environment - `web-messaging`: the region domain (`mypurecloud.com`, `usw2.pure.cloud`, …) or a local server's base URL
 * @attr data-url - `purecloud-v2-sockets`: Genesys Cloud API base URL for your region, e.g. `https://api.mypurecloud.com`
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
 * @attr lang - language of the widget's strings (`en`, `ar`, `de`, `es`, `fr`, `he`, `it`, `ja`, `nl`, `pt`, or one added with `registerStrings`; default: the page's)
 * @attr title - the window title (default "Live Chat")
 * @attr theme - `light` or `dark`; without it the window follows the system's dark mode unless the page sets
 *   its own `--gc-color-surface` or `--gc-color-text`
 * @attr welcome - a line of welcome above the registration form
 * @attr privacy - a privacy notice under the form's button (plain text)
 * @attr time-format - `12` or `24` hour timestamps
 * @attr open - the window is open
 * @attr minimized - the open window is minimized to its title bar
 * @attr no-launcher - hide the launcher button (open the chat with `show()` or the `open` attribute)
 * @attr storage - `session` (default: sessionStorage, restores after a reload) or `none`
 * @attr allowed-hosts - extra hosts (comma-separated or a JSON array) the service may name for the event stream
 *   and other URLs it sends, besides the `data-url` host and its sibling hosts (e.g. a proxy in front of it)
 * @attr page-url-query - what `_genesys_url` and `_genesys_referrer` keep of the page's query: `safe` (default:
 *   every parameter but those that carry credentials), `full` or `none`; the fragment is never sent
 * @fires gc-ready - the widget is on the page and takes commands, fired once as it first renders (before the
 *   window's code loads); detail `{metadata}`
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
 * @csspart title - the window title (the agent's name once one has joined)
 * @csspart header-avatar - the agent's initials in the title bar (a chat icon until an agent joins)
 * @csspart presence - "Online" beside the agent's name
 * @csspart welcome - the welcome line above the form
 * @csspart privacy - the privacy notice under the form
 * @csspart avatar - the initials beside an agent's or bot's messages
 * @csspart download-button - saves the transcript as a text file once the chat ended
 * @csspart minimize-button - minimize / restore
 * @csspart close-button - closes the window; while a chat runs it asks first whether to end it
 * @csspart body - the window's content area
 * @csspart status - "waiting for an agent" and connection banners
 * @csspart confirm - the end-chat confirmation
 * @csspart ended - the chat-ended panel
 * @csspart new-chat-button - starts a new chat after one ended
 * @csspart config-error - the panel listing configuration errors
 * @csspart load-error - shown beside the launcher when the window's code could not be downloaded
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
 * @csspart attach-button - the paper clip that attaches files (where the chat takes files)
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
 * @cssprop [--gc-color-link=inherit] - links in messages (default: the bubble's text colour, underlined)
 * @cssprop [--gc-radius=12px] - corner radius
 * @cssprop [--gc-spacing=8px] - base spacing unit
 * @cssprop [--gc-window-width=370px] - window width
 * @cssprop [--gc-window-height=560px] - window height
 * @cssprop [--gc-z-index=2147483000] - stacking order of the widget
 * @cssprop [--gc-inset-block-end=20px] - distance from the bottom of the viewport
 * @cssprop [--gc-inset-inline-end=20px] - distance from the end side (right, or left in right-to-left languages)
 */
export class GcWebchat extends LitElement {
  static override styles = launcherStyles;

  static override get observedAttributes(): string[] {
    // title and lang stay the native properties, and the window reads theme, welcome and privacy itself;
    // frameworks bind them from app state, so re-render on change.
    return [...super.observedAttributes, 'title', 'lang', 'theme', 'welcome', 'privacy'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    // For title and lang, which are no reactive properties; for the others it joins the update they asked for.
    this.requestUpdate();
  }

  static override properties = {
    transport: {},
    dataUrl: { attribute: 'data-url' },
    deploymentKey: { attribute: 'deployment-key' },
    environment: {},
    orgGuid: { attribute: 'org-guid' },
    targetType: { attribute: 'target-type' },
    targetAddress: { attribute: 'target-address' },
    priority: {},
    skills: {},
    language: {},
    userData: { attribute: 'user-data' },
    form: {},
    pagination: {},
    maxMessagePageSize: { attribute: 'max-message-page-size' },
    restoreTimeout: { attribute: 'restore-timeout' },
    maxMessageLength: { attribute: 'max-message-length', type: Number },
    timeFormat: { attribute: 'time-format' },
    open: { type: Boolean, reflect: true },
    minimized: { type: Boolean, reflect: true },
    noLauncher: { type: Boolean, attribute: 'no-launcher' },
    storage: {},
    allowedHosts: { attribute: 'allowed-hosts' },
    pageUrlQuery: { attribute: 'page-url-query' },
    stateStorage: { attribute: false },
    loading: { state: true },
    loadFailed: { state: true },
  };

  transport?: string;
  dataUrl?: string;
  deploymentKey?: string;
  environment?: string;
  orgGuid?: string;
  targetType?: string;
  targetAddress?: string;
  priority?: string;
  skills?: string;
  language?: string;
  userData?: string;
  form?: string;
  pagination?: string;
  maxMessagePageSize?: string;
  restoreTimeout?: string;
  maxMessageLength = 4000;
  timeFormat?: '12' | '24';
  open = false;
  minimized = false;
  noLauncher = false;
  storage?: string;
  allowedHosts?: string;
  pageUrlQuery?: string;
  /** A custom `{read, write}` state storage (the Chat Service JS API's stateStorage), instead of the transport's own. */
  stateStorage?: StateStorage;

  /** The window module is downloading. */
  private loading = false;
  /** The last download of the window module failed after the visitor asked for the chat. */
  private loadFailed = false;

  #window?: WebchatWindow;
  #askedTabs = false;

  /**
   * The session (WebChatService) behind this widget; undefined while the configuration is invalid and until
   * the window module has loaded (any method call loads it).
   */
  get session(): ChatSession | undefined {
    return this.#window?.session;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // WebChat's ready comes as the page loads (the first update), not when the visitor first opens the chat:
    // proactive invitations and bus plugins wait for it, and every method works from here (it loads the window).
    if (!this.hasUpdated) this.dispatchEvent(new CustomEvent('gc-ready', { detail: { metadata: createMetadata() }, bubbles: true, composed: true }));
    if (!this.#window) {
      if (windowClass) this.#attach(windowClass);
      else if (this.open || this.#needsWindowNow()) void this.#ensureWindow(this.open).catch(() => undefined);
      else void this.#loadIfAnotherTabChats();
    }
    this.#window?.willUpdate(changed);
  }

  /** Another tab of the site holding a chat (its Web Lock) means this tab shows it too: load the window. */
  async #loadIfAnotherTabChats(): Promise<void> {
    const stored = this.#storageKey();
    if (this.#askedTabs || !stored) return;
    this.#askedTabs = true;
    if (await chatHeldByAnotherTab(stored.key)) await this.#ensureWindow(false).catch(() => undefined);
  }

  /** Where the browser keeps this widget's chat (its transport's key); undefined when kept elsewhere or nowhere. */
  #storageKey(): { key: string; keep: 'tab' | 'site' } | undefined {
    if (this.stateStorage !== undefined || (this.storage != null && this.storage !== 'session')) return undefined;
    return storedChatOf(this.transport?.trim() || DEFAULT_TRANSPORT, this as unknown as Record<string, unknown>);
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.#window?.updated(changed);
  }


  /** A chat stored in this tab must come back at once; a custom stateStorage can only be asked by the window. */
  #needsWindowNow(): boolean {
    if (this.stateStorage !== undefined) return true;
    const stored = this.#storageKey();
    return Boolean(stored && hasStoredState(stored.key, stored.keep));
  }

  #attach(loaded: WindowClass): WebchatWindow {
    this.#window ??= new loaded(this);
    return this.#window;
  }

  /** The window controller, loading its module first when needed; `asked` shows a failure to the visitor. */
  async #ensureWindow(asked: boolean): Promise<WebchatWindow> {
    if (this.#window) return this.#window;
    if (windowClass) return this.#attach(windowClass);
    this.loading = true;
    try {
      const loaded = await loadWindow();
      this.loadFailed = false;
      const attached = this.#attach(loaded);
      this.requestUpdate();
      return attached;
    } catch (error) {
      if (asked) this.loadFailed = true;
      throw new SessionError(`The chat could not load: ${error instanceof Error ? error.message : String(error)}`, 'load.failed', error);
    } finally {
      this.loading = false;
    }
  }

  #prefetch = (): void => void this.#ensureWindow(false).catch(() => undefined);

  // --- Public methods (WebChat + WebChatService commands) -----------------------------------------

  /** Open the window (WebChat.open): optionally prefill and auto-submit the form, add userData. */
  async show(options: ShowOptions = {}): Promise<void> {
    await (await this.#ensureWindow(true)).show(options);
  }

  /** Close the window; a running chat is ended first (the close button asks before doing this). */
  async close(): Promise<void> {
    this.open = false;
    this.minimized = false;
    await this.updateComplete;
  }

  /** Minimize (true), restore (false) or toggle (no argument). */
  minimize(minimized?: boolean): void {
    this.minimized = minimized ?? !this.minimized;
  }

  async startChat(options: StartChatOptions = {}) {
    return (await this.#ensureWindow(true)).startChat(options);
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
  /** The seed's sendFile({files}): a file input, its FileList, a File or Files (Web Messaging only). */
  sendFile(input?: unknown) {
    return this.#call((s) => s.sendFile(input));
  }
  /** The seed's downloadFile({fileId, fileName}): fetches a fresh address for the file and downloads it. */
  async downloadFile(input: { fileId?: string; fileName?: string }) {
    const { url, fileName } = await this.#call((s) => s.downloadFile(input));
    const a = Object.assign(document.createElement('a'), { href: url, download: fileName ?? '', rel: 'noopener', target: '_blank' });
    a.click();
    return { url, fileName };
  }

  /** Methods called before the window loaded wait for it (and load it), so a page never has to. */
  async #call<T>(command: (session: ChatSession) => Promise<T>): Promise<T> {
    return (await this.#ensureWindow(false)).call(command);
  }

  // --- The launcher -------------------------------------------------------------------------------

  #onLauncher(): void {
    if (this.open && this.minimized) this.minimized = false;
    else void this.show().catch(() => undefined);
  }

  protected override render() {
    const lang = langOf(this);
    const strings = stringsOf(this);
    const view = this.#window;
    // Counted while minimized: the badge for the eye, the status line below for the ear.
    const unread = view?.unread ?? 0;
    // Until the window is there (or when it could not load), the launcher stays to show progress and retry.
    const showLauncher = !this.noLauncher && (!this.open || this.minimized || !view);
    return html`
      <div class="root" dir=${isRightToLeft(lang) ? 'rtl' : 'ltr'} @keydown=${(event: KeyboardEvent) => view?.onKeydown(event)}>
        ${this.open && view ? view.render(strings) : nothing}
        <span class="visually-hidden" role="status">${unread > 0 ? strings.newMessagesTitle(unread) : nothing}</span>
        ${this.loadFailed ? html`<p class="load-error" part="load-error" role="alert">${strings.loadFailed}</p>` : nothing}
        ${showLauncher
          ? html`<button
              class="launcher"
              part="launcher"
              aria-label=${unread > 0 ? strings.launcherUnread(unread) : strings.launcher}
              aria-busy=${this.loading ? 'true' : nothing}
              @click=${this.#onLauncher}
              @pointerenter=${this.#prefetch}
              @focus=${this.#prefetch}
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" width="26" height="26">
                <path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
              </svg>
              ${unread > 0 ? html`<span class="badge" part="badge" aria-hidden="true">${unread}</span>` : nothing}
            </button>`
          : nothing}
      </div>
    `;
  }
}

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
