// While the page is in the background, an agent's message shows in the tab's title ("(2) New messages ·
// Help centre") until the visitor comes back. With several tabs on one chat only one of them does it: a
// visible tab claims each message at once (and needs no alert), hidden tabs try a moment later, and a
// Web Lock per message lets only the first claim through.
const HIDDEN_TAB_DELAY_MS = 150;
const CLAIM_HELD_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TitleAlert {
  #count = 0;
  /** The page's own title, and the flagged one we put in its place. */
  #original?: string;
  #shown?: string;

  constructor(
    private readonly key: string,
    private readonly label: (count: number) => string,
  ) {
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
  }

  /** An agent message arrived (its id names the claim every tab competes for). */
  async notify(messageId: string): Promise<void> {
    const hidden = document.visibilityState === 'hidden';
    if (hidden) await sleep(HIDDEN_TAB_DELAY_MS);
    if (!(await claim(`${this.key}:alert:${messageId}`)) || !hidden || document.visibilityState !== 'hidden') return;
    // A single-page app may retitle the page while it is flagged: flag its new title, and give that one back.
    if (document.title !== this.#shown) this.#original = document.title;
    this.#count++;
    document.title = this.#shown = `${this.label(this.#count)} · ${this.#original}`;
  }

  dispose(): void {
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#restore();
  }

  #onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.#restore();
  };

  #restore(): void {
    if (this.#shown !== undefined && document.title === this.#shown) document.title = this.#original!;
    this.#original = this.#shown = undefined;
    this.#count = 0;
  }
}

/** True for the first tab to ask for this name (or when Web Locks are missing: this tab is alone). */
function claim(name: string): Promise<boolean> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        return lock ? sleep(CLAIM_HELD_MS) : undefined;
      })
      .catch(() => resolve(true));
  });
}
