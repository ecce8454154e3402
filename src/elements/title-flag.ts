// The tab's title flagged with the count of agent messages that arrived while the page was hidden, and
// given back when the visitor returns (title-alert.ts decides which tab does it).
export class TitleFlag {
  #count = 0;
  /** The page's own title, and the flagged one we put in its place. */
  #original?: string;
  #shown?: string;
  #disposed = false;

  constructor(private readonly label: (count: number) => string) {
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
  }

  /** One more message while the page is hidden. */
  raise(): void {
    if (this.#disposed) return;
    // A single-page app may retitle the page while it is flagged: flag its new title, and give that one back.
    if (document.title !== this.#shown) this.#original = document.title;
    this.#count++;
    document.title = this.#shown = `${this.label(this.#count)} · ${this.#original}`;
  }

  dispose(): void {
    this.#disposed = true;
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
