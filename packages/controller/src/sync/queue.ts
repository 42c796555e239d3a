/**
 * A lock's waiting line: higher priority first, then earlier workflow
 * creation, then first asked. Lines are short (the waiters of one lock), so a
 * sorted array beats a heap on both code and constant factors.
 */
export interface Waiter { holder: string; priority: number; created: number; seq: number }

export class WaitQueue {
  private items: Waiter[] = [];
  private seq = 0;

  get length(): number {
    return this.items.length;
  }

  has(holder: string): boolean {
    return this.items.some((w) => w.holder === holder);
  }

  /** Adds the holder unless it already waits (a waiter keeps its place). */
  add(holder: string, priority: number, created: number): void {
    if (this.has(holder)) return;
    const w: Waiter = { holder, priority, created, seq: this.seq++ };
    const at = this.items.findIndex((x) => before(w, x));
    if (at < 0) this.items.push(w);
    else this.items.splice(at, 0, w);
  }

  remove(holder: string): boolean {
    const i = this.items.findIndex((w) => w.holder === holder);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** Removes every waiter the predicate matches; returns how many. */
  removeWhere(f: (holder: string) => boolean): number {
    const n = this.items.length;
    this.items = this.items.filter((w) => !f(w.holder));
    return n - this.items.length;
  }

  front(): Waiter | undefined {
    return this.items[0];
  }

  /** Waiters in queue order. */
  list(): readonly Waiter[] {
    return this.items;
  }
}

function before(a: Waiter, b: Waiter): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.created !== b.created) return a.created < b.created;
  return a.seq < b.seq;
}
