// Every server-side timer goes through one of these so close() can cancel them all and tests exit.

export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();
  private closed = false;

  timeout(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      fn();
    }, ms);
    if (this.closed) clearTimeout(handle);
    else this.pending.add(handle);
    return handle;
  }

  interval(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setInterval(fn, ms);
    if (this.closed) clearInterval(handle);
    else this.intervals.add(handle);
    return handle;
  }

  clear(handle: NodeJS.Timeout | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    clearInterval(handle);
    this.pending.delete(handle);
    this.intervals.delete(handle);
  }

  /** Resolves after ms unless the server closes first (then it never resolves; callers just stop). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timeout(resolve, ms);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  clearAll(): void {
    this.closed = true;
    for (const h of this.pending) clearTimeout(h);
    for (const h of this.intervals) clearInterval(h);
    this.pending.clear();
    this.intervals.clear();
  }
}
