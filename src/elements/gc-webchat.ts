// <gc-webchat>: the light part a page loads first. It owns the attributes, the public methods and the
// launcher button; everything else (the window, its session and transport, and Lit) is the window module,
// loaded with import() the first time it is needed, then driving this element as a reactive controller.
//
// The element is a plain custom element, not a LitElement: every page view of the site pays for the
// launcher, and Lit alone would be more than the launcher's own code. It keeps the few parts of Lit's
// element life cycle the window relies on (reactive properties reflected from attributes, batched updates
// with the changed properties, updateComplete, reactive controllers), and paints the launcher with DOM calls.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatSession } from '../session/session.js';
import { SessionError } from '../session/session-error.js';
import { createMetadata } from '../session/metadata.js';
import { chatHeldByAnotherTab, hasStoredState } from '../session/stored-state.js';
import type { StartChatOptions, StateStorage } from '../session/types.js';
import { isRightToLeft, launcherStringsFor } from '../i18n/tables.js';
import { DEFAULT_TRANSPORT, storedChatOf } from '../transport/stored-chats.js';
import { kebabCase } from '../util/kebab-case.js';
import type { GcWebchatEventMap, TypedAddEventListener, TypedRemoveEventListener } from './events.js';
import { followLang } from './lang-of.js';
import { launcherCss } from './launcher-styles.js';
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

/** The properties that changed since the last update, each with its value before (as Lit's PropertyValues). */
export type ChangedProperties = Map<PropertyKey, unknown>;

/**
 * The reactive properties, each read from the attribute of the same name in kebab case (dataUrl ← data-url).
 * Strings unless listed below; a removed attribute makes its property null, as in Lit.
 */
const PROPERTIES = [
  'transport', 'dataUrl', 'deploymentKey', 'environment', 'orgGuid', 'targetType', 'targetAddress', 'priority', 'skills',
  'language', 'userData', 'form', 'pagination', 'maxMessagePageSize', 'restoreTimeout', 'maxMessageLength', 'timeFormat',
  'open', 'minimized', 'noLauncher', 'storage', 'allowedHosts', 'pageUrlQuery',
] as const;
/** Present or absent; open and minimized are also written back to their attributes. */
const BOOLEANS = ['open', 'minimized', 'noLauncher'];
const REFLECTED = ['open', 'minimized'];
const DEFAULTS: Record<string, unknown> = { maxMessageLength: 4000, open: false, minimized: false, noLauncher: false };
const propertyOf = new Map<string, string>(PROPERTIES.map((name) => [kebabCase(name), name]));

/** One sheet for every widget on the page (a `<style>` where a browser cannot adopt sheets). */
let launcherSheet: CSSStyleSheet | undefined;
function applyLauncherStyles(root: ShadowRoot): void {
  try {
    launcherSheet ??= new CSSStyleSheet();
    if (!launcherSheet.cssRules.length) launcherSheet.replaceSync(launcherCss);
    root.adoptedStyleSheets = [launcherSheet];
  } catch {
    root.append(Object.assign(document.createElement('style'), { textContent: launcherCss }));
  }
}

/** An element with its attributes; an SVG one with `svg`. Node by node, not from markup: a page that requires Trusted Types refuses innerHTML strings. */
function element(tag: string, attributes: Record<string, string>, svg?: boolean): HTMLElement {
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node as HTMLElement;
}

/**
 * Write a text only when it changed, as Lit does: writing the same words again into the status region would
 * have a screen reader announce them again at every update.
 */
function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Put `node` in `parent` before `before`, or take it out: the launcher's parts are there or not at all. */
function place(node: Node, shown: boolean, parent: Node, before: Node | null = null): void {
  if (!shown) node.parentNode?.removeChild(node);
  else if (node.parentNode !== parent) parent.insertBefore(node, before);
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
export class GcWebchat extends HTMLElement implements ReactiveControllerHost {
  static get observedAttributes(): string[] {
    // title and lang stay the native properties, and the window reads theme, welcome and privacy itself;
    // frameworks bind them from app state, so re-render on change.
    return [...propertyOf.keys(), 'title', 'lang', 'theme', 'welcome', 'privacy'];
  }

  static {
    // Each reactive property is an accessor that notes the change and asks for an update, as Lit's do;
    // stateStorage is one too, set from script only.
    for (const name of [...PROPERTIES, 'stateStorage'] as const) {
      Object.defineProperty(this.prototype, name, {
        get(this: GcWebchat) {
          return name in this.#values ? this.#values[name] : DEFAULTS[name];
        },
        set(this: GcWebchat, value: unknown) {
          const old = this[name];
          this.#values[name] = value;
          // Lit's notEqual: NaN to NaN is no change.
          if (old !== value && (old === old || value === value)) this.requestUpdate(name, old);
        },
      });
    }
  }

  /** @attr transport */
  declare transport?: string | null;
  /** @attr data-url */
  declare dataUrl?: string | null;
  /** @attr deployment-key */
  declare deploymentKey?: string | null;
  /** @attr environment */
  declare environment?: string | null;
  /** @attr org-guid */
  declare orgGuid?: string | null;
  /** @attr target-type */
  declare targetType?: string | null;
  /** @attr target-address */
  declare targetAddress?: string | null;
  /** @attr priority */
  declare priority?: string | null;
  /** @attr skills */
  declare skills?: string | null;
  /** @attr language */
  declare language?: string | null;
  /** @attr user-data */
  declare userData?: string | null;
  /** @attr form */
  declare form?: string | null;
  /** @attr pagination */
  declare pagination?: string | null;
  /** @attr max-message-page-size */
  declare maxMessagePageSize?: string | null;
  /** @attr restore-timeout */
  declare restoreTimeout?: string | null;
  /** @attr max-message-length */
  declare maxMessageLength: number;
  /** @attr time-format */
  declare timeFormat?: '12' | '24' | null;
  /** @attr open */
  declare open: boolean;
  /** @attr minimized */
  declare minimized: boolean;
  /** @attr no-launcher */
  declare noLauncher: boolean;
  /** @attr storage */
  declare storage?: string | null;
  /** @attr allowed-hosts */
  declare allowedHosts?: string | null;
  /** @attr page-url-query */
  declare pageUrlQuery?: string | null;

  /** A custom `{read, write}` state storage (the Chat Service JS API's stateStorage), instead of the transport's own. */
  declare stateStorage?: StateStorage;

  /** Property values, by name; the accessors below read and write them. */
  #values: Record<string, unknown> = {};
  #controllers = new Set<ReactiveController>();
  // As with a LitElement's initialized fields, the first update sees the defaults as changed from undefined.
  #changed: ChangedProperties = new Map(Object.keys(DEFAULTS).map((name) => [name, undefined]));
  #updatePending = true;
  #enableUpdating!: () => void;
  #updatePromise: Promise<boolean>;
  /** @internal The first update has run (as on a LitElement). */
  hasUpdated = false;

  /** The window module is downloading. */
  #loading = false;
  /** The last download of the window module failed after the visitor asked for the chat. */
  #loadFailed = false;

  #window?: WebchatWindow;
  #askedTabs = false;

  // The launcher's parts, made once and put in or taken out as the state changes.
  #root = element('div', { class: 'root' });
  #status = element('span', { class: 'visually-hidden', role: 'status' });
  #loadError = element('p', { class: 'load-error', part: 'load-error', role: 'alert' });
  #launcher = element('button', { class: 'launcher', part: 'launcher' });
  #badge = element('span', { class: 'badge', part: 'badge', 'aria-hidden': 'true' });

  constructor() {
    super();
    // The first update waits for the element to be connected, as a LitElement's does.
    this.#updatePromise = this.#enqueueUpdate(new Promise<void>((resolve) => (this.#enableUpdating = resolve)));
    const root = this.attachShadow({ mode: 'open' });
    applyLauncherStyles(root);
    const icon = element('svg', { 'aria-hidden': 'true', viewBox: '0 0 24 24', width: '26', height: '26' }, true);
    icon.append(element('path', { fill: 'currentColor', d: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z' }, true));
    this.#launcher.append(icon);
    this.#launcher.addEventListener('click', () => this.#onLauncher());
    this.#launcher.addEventListener('pointerenter', this.#prefetch);
    this.#launcher.addEventListener('focus', this.#prefetch);
    this.#root.addEventListener('keydown', (event) => this.#window?.onKeydown(event));
    this.#root.append(this.#status);
    root.append(this.#root);
  }

  connectedCallback(): void {
    this.#enableUpdating();
    for (const controller of this.#controllers) controller.hostConnected?.();
  }

  disconnectedCallback(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    const property = propertyOf.get(name);
    if (property && old !== value) {
      const self = this as unknown as Record<string, unknown>;
      // Present or absent for a boolean; a number for the one number; a removed attribute gives back the
      // default where there is one, else null (as Lit does).
      self[property] = BOOLEANS.includes(property) ? value !== null : value === null ? (DEFAULTS[property] ?? null) : property === 'maxMessageLength' ? Number(value) : value;
    }
    // title and lang are no reactive properties; for the others this joins the update they asked for.
    this.requestUpdate();
  }

  // --- The reactive controller host: what the window and its controllers use -------------------------

  /** @internal For the window and its controllers. */
  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
    if (this.isConnected) controller.hostConnected?.();
  }

  /** @internal */
  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  /** Ask for an update (one per microtask, however many ask), noting which property changed and its value before. */
  requestUpdate(name?: PropertyKey, oldValue?: unknown): void {
    if (name !== undefined && !this.#changed.has(name)) this.#changed.set(name, oldValue);
    if (!this.#updatePending) {
      this.#updatePending = true;
      this.#updatePromise = this.#enqueueUpdate(this.#updatePromise);
    }
  }

  /** Resolves when the update asked for so far has run: true, or false when another one is due. */
  get updateComplete(): Promise<boolean> {
    return this.#updatePromise;
  }

  async #enqueueUpdate(previous: Promise<unknown>): Promise<boolean> {
    try {
      await previous;
    } catch {
      // an update that threw is reported where it threw; the next one still runs
    }
    this.#performUpdate();
    return !this.#updatePending;
  }

  #performUpdate(): void {
    const changed = this.#changed;
    try {
      this.#willUpdate(changed);
      for (const controller of this.#controllers) controller.hostUpdate?.();
      // Written back as a LitElement does, in the update: a constructor may not add attributes. One that came
      // from its attribute is already there, and toggling it to what it is changes nothing.
      for (const name of REFLECTED) if (changed.has(name)) this.toggleAttribute(kebabCase(name), Boolean(this.#values[name]));
      this.#render();
    } finally {
      // An update that threw (reported through updateComplete) must not stop the next ones.
      this.#changed = new Map();
      this.#updatePending = false;
    }
    for (const controller of this.#controllers) controller.hostUpdated?.();
    this.hasUpdated = true;
    this.#window?.updated(changed);
  }

  /**
   * The session (WebChatService) behind this widget; undefined while the configuration is invalid and until
   * the window module has loaded (any method call loads it).
   */
  get session(): ChatSession | undefined {
    return this.#window?.session;
  }

  #willUpdate(changed: ChangedProperties): void {
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
    this.#setLoading(true);
    try {
      const loaded = await loadWindow();
      this.#loadFailed = false;
      const attached = this.#attach(loaded);
      this.requestUpdate();
      return attached;
    } catch (error) {
      if (asked) this.#loadFailed = true;
      throw new SessionError(`The chat could not load: ${error instanceof Error ? error.message : String(error)}`, 'load.failed', error);
    } finally {
      this.#setLoading(false);
    }
  }

  #setLoading(loading: boolean): void {
    this.#loading = loading;
    this.requestUpdate();
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

  #render(): void {
    const lang = followLang(this);
    const strings = launcherStringsFor(lang);
    const view = this.#window;
    // Counted while minimized: the badge for the eye, the status line below for the ear.
    const unread = view?.unread ?? 0;
    // Until the window is there (or when it could not load), the launcher stays to show progress and retry.
    const showLauncher = !this.noLauncher && (!this.open || this.minimized || !view);
    const root = this.#root;
    const launcher = this.#launcher;
    root.dir = isRightToLeft(lang) ? 'rtl' : 'ltr';
    view?.paint(this.open, root, this.#status);
    setText(this.#status, unread > 0 ? strings.newMessagesTitle(unread) : '');
    setText(this.#loadError, strings.loadFailed);
    place(this.#loadError, this.#loadFailed, root, launcher.parentNode === root ? launcher : null);
    launcher.setAttribute('aria-label', unread > 0 ? strings.launcherUnread(unread) : strings.launcher);
    if (this.#loading) launcher.setAttribute('aria-busy', 'true');
    else launcher.removeAttribute('aria-busy');
    setText(this.#badge, String(unread));
    place(this.#badge, unread > 0, launcher);
    place(launcher, showLauncher, root);
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
