/** A fixed-size ring of the most recent events, searchable by resourceVersion. */
import type { StoreEvent } from './types.js';

export class EventHistory {
  private readonly ring: Array<StoreEvent | undefined>;
  private start = 0;
  private size = 0;
  /** Every event with rv > floor is still held. */
  floor: number;

  constructor(
    readonly capacity: number,
    initialRv: number,
  ) {
    this.ring = new Array(Math.max(1, capacity));
    this.floor = initialRv;
  }

  push(ev: StoreEvent): void {
    if (this.size === this.ring.length) {
      this.floor = this.ring[this.start]!.rv;
      this.ring[this.start] = ev;
      this.start = (this.start + 1) % this.ring.length;
    } else {
      this.ring[(this.start + this.size) % this.ring.length] = ev;
      this.size++;
    }
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
