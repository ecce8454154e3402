// While the page is in the background, an agent's message shows in the tab's title ("(2) New messages ·
// Help centre") until the visitor comes back. With several tabs on one chat only one of them does it: a
// visible tab claims each message at once (and needs no alert), hidden tabs try a moment later, and a
// Web Lock per message lets only the first claim through. The code that changes the title (title-flag.ts)
// downloads in that moment the first time a message arrives while the page is hidden: a visitor who stays
// on the page never downloads it.
import type { TitleFlag } from './title-flag.js';

const HIDDEN_TAB_DELAY_MS = 150;
const CLAIM_HELD_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TitleAlert {
  #flag?: Promise<TitleFlag>;

  constructor(
    private readonly key: string,
    private readonly label: (count: number) => string,
  ) {}

  /** An agent message arrived (its id names the claim every tab competes for). */
  async notify(messageId: string): Promise<void> {
    const hidden = document.visibilityState === 'hidden';
    const flag = hidden ? (this.#flag ??= import('./title-flag.js').then((module) => new module.TitleFlag(this.label))) : undefined;
    if (hidden) await sleep(HIDDEN_TAB_DELAY_MS);
    if (!(await claim(`${this.key}:alert:${messageId}`)) || !flag || document.visibilityState !== 'hidden') return;
    // Without its code the title stays as it is; the next message tries again.
    await flag.then((loaded) => loaded.raise(), () => (this.#flag = undefined));
  }

  dispose(): void {
    void this.#flag?.then((flag) => flag.dispose(), () => undefined);
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
