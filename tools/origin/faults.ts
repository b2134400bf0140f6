/** Faults e2e tests inject at run time through `POST /__faults` or `setFaults`. */
export interface FaultsInput {
  /** Extra delay before every content response, in ms. */
  latencyMs?: number;
  /** Segments answer 503 from `startInMs` after now, for `durationMs`; null clears it. */
  outage?: { startInMs: number; durationMs: number } | null;
}

export class FaultError extends Error {
  readonly kind = 'invalid-faults';
  constructor(message: string) {
    super(message);
    this.name = 'FaultError';
  }
}

/** The current faults, with the outage pinned to absolute clock times. */
export class Faults {
  latencyMs = 0;
  private outage: { from: number; until: number } | null = null;

  constructor(private readonly now: () => number) {}

  apply(input: FaultsInput): void {
    if (input.latencyMs !== undefined) this.latencyMs = input.latencyMs;
    if (input.outage === null) this.outage = null;
    else if (input.outage !== undefined) {
      const from = this.now() + input.outage.startInMs;
      this.outage = { from, until: from + input.outage.durationMs };
    }
  }

  /** Ms until the outage ends if one is in progress, else 0. */
  outageRemainingMs(): number {
    const now = this.now();
    if (!this.outage || now < this.outage.from || now >= this.outage.until) return 0;
    return this.outage.until - now;
  }

  describe(): { latencyMs: number; outage: { from: string; until: string } | null } {
    const outage = this.outage && {
      from: new Date(this.outage.from).toISOString(),
      until: new Date(this.outage.until).toISOString(),
    };
    return { latencyMs: this.latencyMs, outage };
  }
}

/** Validates untrusted JSON from `POST /__faults`. */
export function parseFaults(value: unknown): FaultsInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FaultError('faults must be a JSON object');
  const record = value as Record<string, unknown>;
  const result: FaultsInput = {};
  if (record.latencyMs !== undefined) result.latencyMs = nonNegative('latencyMs', record.latencyMs);
  if (record.outage === null) result.outage = null;
  else if (record.outage !== undefined) {
    if (typeof record.outage !== 'object' || Array.isArray(record.outage))
      throw new FaultError('outage must be an object or null');
    const outage = record.outage as Record<string, unknown>;
    result.outage = {
      startInMs: nonNegative('outage.startInMs', outage.startInMs),
      durationMs: nonNegative('outage.durationMs', outage.durationMs),
    };
  }
  return result;
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FaultError(`${name} must be a non-negative number of ms, got ${JSON.stringify(value)}`);
  }
  return value;
}
