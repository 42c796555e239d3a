/**
 * Remembers, per registry, that it could not be reached (DNS or connect
 * failure), so that a machine without network learns it once and every later
 * pull in the next minute fails at once instead of waiting on DNS again.
 */
import { RegistryError } from './errors.js';

export const UNREACHABLE_TTL_MS = 60_000;

export class Reachability {
  private readonly down = new Map<string, { until: number; error: RegistryError }>();

  constructor(private readonly ttlMs = UNREACHABLE_TTL_MS, private readonly now: () => number = Date.now) {}

  /** Throws the remembered error while the verdict holds. */
  check(registry: string): void {
    const v = this.down.get(registry);
    if (!v) return;
    if (v.until > this.now()) throw v.error;
    this.down.delete(registry);
  }

  record(registry: string, error: RegistryError): void {
    this.down.set(registry, { until: this.now() + this.ttlMs, error });
  }

  isUnreachable(registry: string): boolean {
    const v = this.down.get(registry);
    return v !== undefined && v.until > this.now();
  }
}
