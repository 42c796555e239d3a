/**
 * A ring of the most recent events, searchable by resourceVersion, bounded
 * by count and by approximate bytes (an event holds the object and the
 * version before it, so a large object updated often must not pin
 * gigabytes).
 */
import type { StoreEvent } from './types.js';

export class EventHistory {
  private readonly ring: Array<StoreEvent | undefined>;
  private start = 0;
  private size = 0;
  /** Every event with rv > floor is still held. */
  floor: number;

  private bytes = 0;

  constructor(
    readonly capacity: number,
    initialRv: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    this.ring = new Array(Math.max(1, capacity));
    this.floor = initialRv;
  }

  push(ev: StoreEvent): void {
    const cost = weight(ev);
    while (this.size > 0 && (this.size === this.ring.length || this.bytes + cost > this.maxBytes)) this.evictOldest();
    this.ring[(this.start + this.size) % this.ring.length] = ev;
    this.size++;
    this.bytes += cost;
  }

  private evictOldest(): void {
    const old = this.ring[this.start]!;
    this.floor = old.rv;
    this.bytes -= weight(old);
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) % this.ring.length;
    this.size--;
  }

  private at(i: number): StoreEvent {
    return this.ring[(this.start + i) % this.ring.length]!;
  }

  /** Events with rv > after, oldest first. The caller checks `after >= floor` first. */
  since(after: number): StoreEvent[] {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid).rv <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: StoreEvent[] = [];
    for (let i = lo; i < this.size; i++) out.push(this.at(i));
    return out;
  }
}

/** The object's JSON size, doubled for the previous version it also holds. */
function weight(ev: StoreEvent): number {
  return (ev.json?.length ?? 1024) * 2;
}
