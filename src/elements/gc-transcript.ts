import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatSession } from '../session/session.js';
import type { AgentInfo, ConnectionState, OutgoingMessage, TranscriptMessage } from '../session/types.js';
import { isRightToLeft, type Strings } from '../i18n/strings.js';
import { consumeSession } from './context.js';
import { langOf, stringsOf } from './lang.js';
import { linkify } from './linkify.js';

/** Stands for a name in a translated sentence while it is split around the name. */
const NAME_SLOT = '\u0000';
import { StoreController } from './store-controller.js';
import { themeTokens } from './theme.js';
import { dotsStyles } from './dots-styles.js';

/** Messages added to the DOM at a time: on restore, and per step while scrolling through older ones. */
const PAGE = 100;
/** The most messages in the DOM at once, however long the transcript (about 20 DOM nodes each). */
const MAX_RENDERED = 300;
/** How close (px) to an end of the list scrolling must come before the next page is rendered there. */
const REVEAL_MARGIN = 400;

/**
 * The chat transcript: agent, customer, bot and system messages, join and leave notices, the agent typing
 * indicator and timestamps. Message text is always rendered as text; only http(s), mailto and tel links
 * become anchors. New messages are announced to screen readers through a polite live region.
 *
 * Long transcripts keep the DOM bounded: the newest messages are rendered (at most a few hundred at once),
 * older ones come into the DOM as the visitor scrolls up or presses "Load earlier messages", and newer ones
 * leave it again as they scroll back down; every item carries its position in the whole transcript.
 *
 * Inside `<gc-webchat>` it finds the session by itself; elsewhere on the page bind it with `for="<id of a
 * gc-webchat>"` or set the `session` property.
 *
 * @tag gc-transcript
 * @attr for - id of the `<gc-webchat>` whose session to show, when placed outside it
 * @attr time-format - `12` or `24` hour timestamps (default: the locale's)
 * @attr lang - language of the built-in strings (default: the closest `lang` on the page)
 * @csspart log - the scrolling list of messages
 * @csspart message - one message or notice
 * @csspart message-agent - a message from an agent
 * @csspart message-customer - a message from the visitor
 * @csspart message-bot - a message from a bot
 * @csspart message-system - a system notice (joined, left, ended)
 * @csspart bubble - the text bubble of a message
 * @csspart sender - the sender's name
 * @csspart time - the timestamp
 * @csspart notice - a join, leave or system notice
 * @csspart typing - the agent typing indicator
 * @csspart avatar - the initials of an agent or bot beside the first message of their group
 * @csspart load-older - the "load earlier messages" button
 * @csspart jump - the "new messages" button shown when scrolled up
 * @csspart message-pending - a message of the visitor's not yet in the transcript (sending, sent or failed)
 * @csspart delivery - its delivery state line ("Sending…", "Not sent…")
 * @csspart retry - the button that sends a failed message again
 * @csspart discard - the button that drops a failed message
 * @cssprop --gc-color-agent-bubble - background of agent and bot messages
 * @cssprop --gc-color-customer-bubble - background of the visitor's messages
 * @cssprop --gc-color-on-customer-bubble - text on the visitor's messages
 * @cssprop --gc-color-link - links in messages (default: the bubble's text colour, underlined)
 */
export class GcTranscript extends LitElement {
  static override styles = [
    themeTokens,
    dotsStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        position: relative;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        /* We keep the reading position ourselves when the rendered window moves. */
        overflow-anchor: none;
        padding: calc(var(--_space) * 1.5) var(--_space);
        margin: 0;
        list-style: none;
        display: flex;
        flex-direction: column;
        gap: calc(var(--_space) * 1.5);
        overscroll-behavior: contain;
      }
      /* A message: its meta line above, an avatar beside agents' and bots' first bubble of a group. */
      li {
        display: grid;
        grid-template-columns: 28px minmax(0, auto);
        column-gap: var(--_space);
        justify-items: start;
        max-width: 88%;
      }
      li > :not(.avatar) {
        grid-column: 2;
      }
      li.grouped {
        margin-block-start: calc(var(--_space) * -1.1);
      }
      li.customer {
        grid-template-columns: minmax(0, auto);
        align-self: flex-end;
        justify-items: end;
      }
      li.customer > * {
        grid-column: 1;
      }
      .avatar {
        grid-row: 2;
        align-self: start;
      }
      .avatar,
      .typing .avatar {
        width: 28px;
        height: 28px;
        border-radius: 50%;
        display: grid;
        place-items: center;
        font-size: 11px;
        font-weight: 600;
        background: var(--_primary);
        color: var(--_on-primary);
        flex: none;
      }
      /* Join, leave and system lines: quiet, centred, one line. */
      li.notice {
        display: block;
        align-self: center;
        max-width: 100%;
        color: var(--_muted);
        font-size: 0.78em;
        text-align: center;
      }
      .meta,
      .delivery,
      .delivered {
        font-size: 0.75em;
        color: var(--_muted);
        display: flex;
        align-items: center;
        gap: 0.4em;
      }
      .meta {
        margin-block-end: 3px;
      }
      [part='sender'] {
        font-weight: 600;
      }
      .bubble {
        background: var(--gc-color-agent-bubble, #eef1f8);
        border-radius: var(--_radius);
        padding: calc(var(--_space) * 0.9) calc(var(--_space) * 1.4);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        outline: 1px solid transparent;
      }
      li.customer .bubble {
        background: var(--gc-color-customer-bubble, var(--_primary));
        color: var(--gc-color-on-customer-bubble, #ffffff);
      }
      /* Links take the bubble's own text colour (readable on every bubble of every theme), underlined. */
      .bubble a {
        color: var(--gc-color-link, inherit);
        text-underline-offset: 0.15em;
      }
      .typing {
        display: flex;
        align-items: center;
        gap: var(--_space);
        padding: 0 var(--_space) var(--_space);
        color: var(--_muted);
        font-size: 0.8em;
      }
      .typing .bubble {
        padding: 10px 12px;
      }
      button {
        border: 1px solid var(--_border);
        background: var(--_surface);
        color: var(--_text);
        border-radius: 999px;
        padding: 4px 12px;
      }
      .older {
        margin: 0 auto;
      }
      /* In the flow under the messages, never over them: the visitor may be reading the last line it would hide. */
      .jump {
        margin: 4px auto;
        background: var(--_primary);
        color: var(--_on-primary);
        border: 1px solid transparent;
      }
      li.failed .bubble {
        outline: 2px solid var(--_error);
        outline-offset: 1px;
      }
      /* The state (its icon held to its text) over a row of Retry and Discard, both at the end edge. */
      .delivery {
        flex-direction: column;
        align-items: flex-end;
        gap: 4px;
        margin-block-start: 3px;
      }
      /* The icon flows with the first word of the state, however the sentence wraps. */
      .state {
        text-align: end;
      }
      .state .icon {
        vertical-align: -0.2em;
        margin-inline-end: 0.3em;
      }
      .fix {
        display: flex;
        gap: 0.4em;
      }
      .delivered {
        align-self: flex-end;
        margin-block-start: calc(var(--_space) * -1.2);
      }
      li.failed .delivery {
        color: var(--_error);
      }
      .delivery button {
        border-color: currentColor;
        padding: 1px 10px;
        min-height: 28px;
      }
      .icon {
        flex: none;
      }
      /* A finger needs more than a mouse: 44 px targets on touch screens. */
      @media (pointer: coarse) {
        button,
        .delivery button {
          min-height: 44px;
        }
      }
    `,
  ];

  static override properties = {
    session: { attribute: false },
    for: {},
    timeFormat: { attribute: 'time-format' },
    unseen: { state: true },
  };

  /** The session to show; found automatically inside `<gc-webchat>`. */
  session?: ChatSession;
  for?: string;
  timeFormat?: '12' | '24';

  private unseen = 0;

  private get log(): HTMLOListElement | null | undefined {
    return this.renderRoot?.querySelector<HTMLOListElement>('.log');
  }

  private get announcer(): HTMLElement | null | undefined {
    return this.renderRoot?.querySelector<HTMLElement>('.announcer');
  }

  #messages = new StoreController<TranscriptMessage[]>(this);
  #typing = new StoreController<AgentInfo | null>(this);
  #hasMore = new StoreController<boolean>(this);
  #outbox = new StoreController<OutgoingMessage[]>(this);
  #connection = new StoreController<ConnectionState>(this);
  #contextSession?: ChatSession;
  #bound?: ChatSession;
  #offMessages?: () => void;
  #stickToBottom = true;
  /** Where the log was scrolled at the last scroll event: only the visitor scrolling up stops the following. */
  #lastScrollTop = 0;
  #shape = '';
  /** The log changing size (status lines, the typing line, the composer growing) must not leave the newest message out of view. */
  #observed = false;
  #resize = new ResizeObserver(() => {
    if (this.#stickToBottom) this.#pinToBottom();
  });
  /** The rendered window: the last #rendered messages before the newest #hiddenAfter ones. */
  #rendered = 0;
  #hiddenAfter = 0;
  #shown: TranscriptMessage[] = [];
  #moving = false;
  #hadFocus = false;
  #formats = new Map<string, Intl.DateTimeFormat>();
  /**
   * What a message shows that depends on it alone (its time, its text with links, whether it has markdown),
   * made once per message: the rendered window (up to 300 messages) renders again at every append, and a
   * long transcript must take one in a frame. Made again when the language or the clock changes.
   */
  #pieces = new WeakMap<TranscriptMessage, { time: unknown; text: unknown; markdown: boolean }>();
  #piecesLang = '';
  #piecesKey = '';
  #richLoading?: Promise<unknown>;
  #markdownLoading?: Promise<unknown>;

  constructor() {
    super();
    consumeSession(this, (session) => (this.#contextSession = session));
  }

  /** The session actually shown: explicit property, then `for`, then the surrounding widget's. */
  get boundSession(): ChatSession | undefined {
    if (this.session) return this.session;
    if (this.for) {
      const host = (this.getRootNode() as Document | ShadowRoot).getElementById?.(this.for) as { session?: ChatSession } | null;
      if (host?.session) return host.session;
    }
    return this.#contextSession;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('gc-session-change', this.#onSessionChange);
    // Moved in the page: listen to the session's events again (willUpdate binds them).
    this.requestUpdate();
  }

  // A widget bound by `for` may build (or rebuild) its session after this element rendered.
  #onSessionChange = (event: Event): void => {
    if (this.for && (event.target as Element | null)?.id === this.for) this.requestUpdate();
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('gc-session-change', this.#onSessionChange);
    this.#offMessages?.();
    this.#offMessages = undefined;
    this.#bound = undefined;
    this.#resize.disconnect();
    this.#observed = false;
  }

  protected override willUpdate(): void {
    const session = this.boundSession;
    this.#messages.setStore(session?.$messages);
    this.#typing.setStore(session?.$agentTyping);
    this.#hasMore.setStore(session?.$hasMoreHistory);
    this.#outbox.setStore(session?.$outbox);
    this.#connection.setStore(session?.$connection);
    this.#follow(this.#messages.value ?? []);
    this.#hadFocus = this.matches(':focus-within');
    if (session && this.#bound !== session) {
      this.#offMessages?.();
      this.#bound = session;
      const offMessages = session.on('messageReceived', ({ messages, restoring }) => {
        if (!restoring) this.#announceMessages(messages);
      });
      const offTyping = session.on('agentTypingStarted', ({ agent }) => this.announce(this.#strings.agentTyping(agent.name)));
      const offFailed = session.on('messageFailed', ({ message }) => this.announce(this.#strings.messageFailedAnnouncement(message.text)));
      this.#offMessages = () => {
        offMessages();
        offTyping();
        offFailed();
      };
    }
  }

  get #strings(): Strings {
    return stringsOf(this);
  }

  /** Say something to screen-reader users without moving focus. */
  announce(text: string): void {
    const region = this.announcer;
    if (!region) return;
    // Clearing first makes the same sentence twice in a row be read twice.
    region.textContent = '';
    setTimeout(() => (region.textContent = text), 50);
  }

  #announceMessages(messages: TranscriptMessage[]): void {
    const strings = this.#strings;
    const spoken = messages
      .filter((m) => m.from.type !== 'Client' || m.type !== 'Message')
      .map((m) => this.#describe(m, strings))
      .join('. ');
    if (spoken) this.announce(spoken);
  }

  #describe(message: TranscriptMessage, strings: Strings): string {
    const { type, name } = message.from;
    const you = type === 'Client';
    if (message.type === 'ParticipantJoined') return you ? strings.youJoined : strings.agentJoined(name);
    if (message.type === 'ParticipantLeft') return you ? strings.youLeft : strings.agentLeft(name);
    const files = message.content?.map((c) => (c.type === 'file' ? c.file.name : '')).join(' ');
    return `${you ? strings.youSaid : strings.said(name)}: ${message.text || files}`;
  }

  /**
   * Move the rendered window with the transcript: appended messages join it while it follows the newest
   * (or wait outside it while the visitor reads far above), history fetched on request joins at the top,
   * and anything else (a restore, a new chat) starts again from the newest page.
   */
  #follow(messages: TranscriptMessage[]): void {
    const previous = this.#shown;
    if (messages === previous) return;
    this.#shown = messages;
    const grew = messages.length - previous.length;
    if (previous.length > 0 && grew >= 0 && messages[0]?.id === previous[0]?.id) {
      if (this.#hiddenAfter > 0) this.#hiddenAfter += grew;
      else this.#rendered += grew;
      if (!this.#stickToBottom) this.unseen += grew;
    } else if (previous.length > 0 && grew > 0 && messages.at(-1)?.id === previous.at(-1)?.id) {
      this.#rendered += grew;
    } else {
      this.#hiddenAfter = 0;
      this.#rendered = Math.min(messages.length, PAGE);
      this.#stickToBottom = true;
      this.unseen = 0;
    }
    this.#clamp();
  }

  /** Keep the window inside the transcript and under MAX_RENDERED, trimming the end the visitor is not at. */
  #clamp(trimTop = this.#stickToBottom): void {
    const total = this.#shown.length;
    this.#hiddenAfter = Math.min(this.#hiddenAfter, total);
    this.#rendered = Math.min(this.#rendered, total - this.#hiddenAfter);
    const excess = this.#rendered - MAX_RENDERED;
    if (excess > 0) {
      this.#rendered = MAX_RENDERED;
      if (!trimTop) this.#hiddenAfter += excess;
    }
  }

  /** Index of the first rendered message. */
  get #start(): number {
    return this.#shown.length - this.#hiddenAfter - this.#rendered;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The focused button went away (new messages reached, a failed message retried or discarded, nothing
    // earlier left to load): the log keeps focus, rather than the page's <body>.
    if (this.#hadFocus && !this.matches(':focus-within')) this.log?.focus();
    const log = this.log;
    if (log && !this.#observed) {
      this.#observed = true;
      this.#resize.observe(log);
    }
    // What changes the log's content height while following: a message, or a delivery state (a failed one grows
    // Retry and Discard). Other renders leave the scroll position alone: the visitor may have just scrolled up.
    const shape = `${this.#messages.value?.length}|${this.#outbox.value?.map((entry) => entry.state)}`;
    if (shape !== this.#shape) {
      this.#shape = shape;
      if (this.#stickToBottom) this.#pinToBottom();
    }
  }

  /**
   * Scroll to the newest message, and again after the next frame: messages far off screen are laid out with
   * an estimated height (content-visibility), which the browser corrects once it has rendered them.
   */
  #pinToBottom(): void {
    const log = this.log;
    if (!log) return;
    // Where we put it, so a scroll event from here on can tell the visitor scrolling up from layout.
    const pin = () => {
      log.scrollTop = log.scrollHeight;
      this.#lastScrollTop = log.scrollTop;
    };
    // In the frame, not in the update: reading scrollHeight or scrollTop here would lay the transcript out once
    // for the update and again for the frame. The frame's callbacks run before it paints, so nothing shows
    // unpinned; where we last put it tells the visitor scrolling up from layout.
    const pinned = this.#lastScrollTop;
    requestAnimationFrame(() => {
      // Unless the visitor scrolled up meanwhile (its scroll event has not run yet).
      if (this.#stickToBottom && log.scrollTop >= pinned - 1) {
        pin();
        const again = log.scrollTop;
        requestAnimationFrame(() => this.#stickToBottom && log.scrollTop >= again - 1 && pin());
      }
    });
  }

  /** Scroll to the newest message (rendering the newest page again) and clear the "new messages" count. */
  scrollToLatest(): void {
    this.#stickToBottom = true;
    this.unseen = 0;
    if (this.#hiddenAfter > 0) {
      this.#hiddenAfter = 0;
      this.#rendered = PAGE;
      this.#clamp();
    }
    this.requestUpdate();
    void this.updateComplete.then(() => this.#pinToBottom());
  }

  #onScroll(): void {
    const log = this.log;
    if (!log || this.#moving) return;
    const fromBottom = log.scrollHeight - log.scrollTop - log.clientHeight;
    // Only the visitor scrolling up stops the following: a scroll event that arrives after the content grew
    // (our own pin, late layout) would otherwise look like the visitor leaving the bottom.
    const up = log.scrollTop < this.#lastScrollTop - 1;
    this.#lastScrollTop = log.scrollTop;
    if (fromBottom < 40 && this.#hiddenAfter === 0) this.#stickToBottom = true;
    else if (up || this.#hiddenAfter > 0) this.#stickToBottom = false;
    else if (this.#stickToBottom) {
      // The content moved under a view that follows the newest (a render, late layout): follow it again.
      this.#pinToBottom();
      return;
    }
    if (this.#stickToBottom) this.unseen = 0;
    if (log.scrollTop < REVEAL_MARGIN && this.#start > 0) void this.#reveal('older');
    else if (fromBottom < REVEAL_MARGIN && this.#hiddenAfter > 0) void this.#reveal('newer');
  }

  /** Run `change`, then scroll so that `anchor` stays where it was on screen while items come and go around it. */
  async #keepInPlace(anchor: TranscriptMessage | undefined, change: () => unknown): Promise<void> {
    const log = this.log;
    const top = () => (anchor && log?.querySelector(`li[data-id="${CSS.escape(anchor.id)}"]`)?.getBoundingClientRect().top) || 0;
    const before = top();
    await change();
    await this.updateComplete;
    if (log) log.scrollTop += top() - before;
  }

  /** Render the next page of messages above or below, keeping the message in view where it was. */
  async #reveal(direction: 'older' | 'newer'): Promise<void> {
    const first = this.#start;
    const anchor = this.#shown[direction === 'older' ? first : first + this.#rendered - 1];
    if (!anchor) return;
    this.#moving = true;
    await this.#keepInPlace(anchor, () => {
      if (direction === 'older') {
        this.#rendered += Math.min(PAGE, first);
        this.#clamp(false);
      } else {
        const more = Math.min(PAGE, this.#hiddenAfter);
        this.#hiddenAfter -= more;
        this.#rendered += more;
        this.#clamp(true);
      }
      this.requestUpdate();
    });
    // Look again on the next frame (not at once, which would chain renders without ever painting).
    requestAnimationFrame(() => {
      this.#moving = false;
      this.#onScroll();
    });
  }

  /** Messages already here come first; only then is the service asked for older history. */
  #loadOlder(): Promise<void> {
    if (this.#start > 0) return this.#reveal('older');
    return this.#keepInPlace(this.#shown[0], () => this.boundSession?.fetchHistory().catch(() => undefined));
  }

  #time(timestamp: number, lang: string): string {
    const key = `${lang}|${this.timeFormat}`;
    let format = this.#formats.get(key);
    if (!format) {
      const options: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
      if (this.timeFormat === '12') options.hour12 = true;
      if (this.timeFormat === '24') options.hourCycle = 'h23';
      format = new Intl.DateTimeFormat(lang || undefined, options);
      this.#formats.set(key, format);
    }
    return format.format(timestamp);
  }

  /** Structured content and markdown are drawn by elements loaded the first time a chat needs them. */
  #loadRich(markdown: boolean): void {
    if (markdown) this.#markdownLoading ??= import('./rich/markdown.js').catch(() => (this.#markdownLoading = undefined));
    else this.#richLoading ??= import('./rich/rich-content.js').catch(() => (this.#richLoading = undefined));
  }

  #renderText(text: string) {
    // A link shows the address it goes to, normalised and left to right whatever surrounds it: direction marks
    // in the text around it (U+202E) must not make https://evil.example/?moc.knab-doog//:sptth read as a bank.
    return linkify(text).map((part) =>
      part.kind === 'link'
        ? html`<a href=${part.href} dir="ltr" target="_blank" rel="noopener noreferrer">${part.href}</a>`
        : part.text,
    );
  }

  /**
   * A translated sentence about someone (`Alex joined the chat`) with the name isolated, so direction marks in
   * a name cannot reorder the words and times around it.
   */
  #withName(sentence: (name: string) => string, name: string) {
    const [before, after] = sentence(NAME_SLOT).split(NAME_SLOT);
    return after === undefined ? sentence(name) : html`${before}<bdi>${name}</bdi>${after}`;
  }

  /**
   * `position` is 1-based in the whole transcript, so a screen reader says "item 9,901 of 10,000". A message
   * that follows one of the same sender within a few minutes joins its group: no second name and time.
   */
  #renderMessage(message: TranscriptMessage, previous: TranscriptMessage | undefined, position: number, total: number, strings: Strings) {
    let pieces = this.#pieces.get(message);
    if (!pieces) {
      const time = html`<time part="time" datetime=${new Date(message.timestamp).toISOString()}>${this.#time(message.timestamp, this.#piecesLang)}</time>`;
      // Agents' markdown, when the text has any (the plain text shows until the renderer loads).
      const markdown = message.type === 'Message' && /[*_`[]|^\s*([-*+]|\d+[.)])\s/m.test(message.text);
      this.#pieces.set(message, (pieces = { time, text: message.type === 'Message' ? this.#renderText(message.text) : '', markdown }));
    }
    const { time } = pieces;
    if (message.type === 'ParticipantJoined' || message.type === 'ParticipantLeft') {
      const { type, name } = message.from;
      const joined = message.type === 'ParticipantJoined';
      const text =
        type === 'Client' ? (joined ? strings.youJoined : strings.youLeft) : this.#withName(joined ? strings.agentJoined : strings.agentLeft, name);
      return html`<li class="notice" part="message message-system notice" data-id=${message.id} aria-posinset=${position} aria-setsize=${total}>${text} · ${time}</li>`;
    }
    const { type, name } = message.from;
    // agent, bot or system; the visitor's own are the customer's, and External senders speak as the system.
    const kind = type === 'Client' ? 'customer' : type === 'External' ? 'system' : type.toLowerCase();
    const you = type === 'Client';
    const grouped = sameGroup(previous, message);
    const session = this.boundSession;
    const rich = message.content;
    // Agents' markdown, when the deployment enables it.
    const markdown = !you && session?.capabilities?.markdown && pieces.markdown;
    if (rich) this.#loadRich(false);
    if (markdown) this.#loadRich(true);
    const { text } = pieces;
    return html`<li class="${kind} ${grouped ? 'grouped' : ''}" part="message message-${kind}" data-id=${message.id} aria-posinset=${position} aria-setsize=${total}>
      ${grouped ? nothing : html`<span class="meta">${you ? nothing : html`<span part="sender"><bdi>${name}</bdi></span>`}${time}</span>`}
      ${grouped || you || kind === 'system' ? nothing : html`<span class="avatar" part="avatar" aria-hidden="true">${initials(name)}</span>`}
      <span class="visually-hidden">${you ? strings.youSaid : strings.said(name)}:</span>
      ${message.text || !rich
        ? html`<span class="bubble" part="bubble" dir="auto">${markdown ? html`<gc-markdown .source=${message.text}>${text}</gc-markdown>` : text}</span>`
        : nothing}
      ${rich
        ? html`<gc-rich-content .content=${rich} .session=${session} ?active=${position === total && !this.#outbox.value?.length} ?live=${session?.active}></gc-rich-content>`
        : nothing}
    </li>`;
  }

  /** A message on its way: shown at the end, in the order written, with its delivery state. */
  #renderPending(entry: OutgoingMessage, strings: Strings) {
    const failed = entry.state === 'failed';
    const ended = entry.error?.code === 'chat.ended';
    const status = failed
      ? ended ? strings.messageChatEnded : entry.rejected ? strings.messageRefused : strings.messageNotSent
      : entry.state === 'sent'
        ? strings.messageSent
        : this.#connection.value === 'offline' ? strings.messageWaitingForConnection : strings.messageSending;
    const session = this.boundSession;
    return html`<li class="customer pending grouped ${failed ? 'failed' : ''}" part="message message-customer message-pending" data-state=${entry.state}>
      <span class="visually-hidden">${strings.youSaid}:</span>
      <span class="bubble" part="bubble" dir="auto">${entry.text || entry.files?.map((f) => f.name).join(', ')}</span>
      <span class="delivery" part="delivery">
        <span class="state">${failed ? icons.alert : entry.state === 'sent' ? icons.check : icons.clock}<span>${status}</span></span>
        ${failed
          ? html`<span class="fix">${ended
              ? nothing
              : html`<button part="retry" aria-label=${strings.retryMessage(entry.text)} @click=${() => session?.retryMessage(entry.id)}>${strings.retry}</button>`}<button
                part="discard" aria-label=${strings.discardMessage(entry.text)} @click=${() => session?.discardMessage(entry.id)}>${strings.discard}</button></span>`
          : nothing}
      </span>
    </li>`;
  }

  protected override render() {
    const strings = this.#strings;
    const messages = this.#shown;
    const start = this.#start;
    const following = this.#hiddenAfter === 0;
    const typing = this.#typing.value;
    const lang = langOf(this);
    const dir = isRightToLeft(lang) ? 'rtl' : 'ltr';
    if (`${lang}|${this.timeFormat}` !== this.#piecesKey) {
      this.#piecesKey = `${lang}|${this.timeFormat}`;
      this.#piecesLang = lang;
      this.#pieces = new WeakMap();
    }
    const outbox = this.#outbox.value ?? [];
    // The visitor's newest message, once in the transcript, says it arrived (the pending ones say their own state).
    const newest = messages.at(-1);
    const lastOwn = newest?.type === 'Message' && newest.from.type === 'Client';
    return html`
      <ol
        class="log"
        part="log"
        aria-label=${strings.transcriptLabel}
        tabindex="0"
        dir=${dir}
        @scroll=${this.#onScroll}
        @gc-content-resize=${() => this.#stickToBottom && this.#pinToBottom()}
      >
        ${start > 0 || this.#hasMore.value
          ? html`<li class="notice"><button class="older" part="load-older" @click=${this.#loadOlder}>${strings.loadOlder}</button></li>`
          : nothing}
        ${repeat(
          messages.slice(start, start + this.#rendered),
          (m) => m.id,
          (m, i) => this.#renderMessage(m, messages[start + i - 1], start + i + 1, messages.length, strings),
        )}
        ${following ? repeat(outbox, (m) => m.id, (m) => this.#renderPending(m, strings)) : nothing}
        ${following && outbox.length === 0 && lastOwn ? html`<li class="delivered" part="delivery" aria-hidden="true">${icons.check}${strings.messageSent}</li>` : nothing}
      </ol>
      ${typing
        ? html`<div class="typing" part="typing" aria-hidden="true">
            <span class="avatar">${initials(typing.name)}</span><span class="bubble"><span class="dots"><i></i><i></i><i></i></span></span>
            <span class="who">${this.#withName(strings.agentTyping, typing.name)}</span>
          </div>`
        : nothing}
      ${this.unseen > 0
        ? html`<button class="jump" part="jump" @click=${() => this.scrollToLatest()}>${strings.newMessages} (${this.unseen})</button>`
        : nothing}
      <div class="announcer visually-hidden" aria-live="polite" aria-atomic="true"></div>
    `;
  }
}

/** Messages of one sender written within this long of each other share one name and time. */
const GROUP_MS = 5 * 60_000;

function sameGroup(previous: TranscriptMessage | undefined, message: TranscriptMessage): boolean {
  return (
    previous?.type === 'Message' &&
    previous.from.type === message.from.type &&
    previous.from.id === message.from.id &&
    message.timestamp - previous.timestamp < GROUP_MS
  );
}

/** "Sam Rivera" → "SR": the avatar of a sender who has no picture. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
}

const icon = (path: string) =>
  html`<svg class="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" d=${path} /></svg>`;
/** Delivery states: a check (sent), a clock (on its way), an exclamation in a circle (not sent). */
const icons = {
  check: icon('M3 8.5l3 3 7-7'),
  clock: icon('M8 4v4l2.5 1.5M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0z'),
  alert: icon('M8 4.5v4M8 11.2v.1M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0z'),
};

declare global {
  interface HTMLElementTagNameMap {
    'gc-transcript': GcTranscript;
  }
}
