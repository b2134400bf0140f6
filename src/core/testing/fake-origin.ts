// An in-memory origin with a byte meter, latency and outages, on a virtual clock.

import type { ByteRange, CancelToken, Clock, Origin, OriginResponse } from '../ports.ts';

export class OriginFailure extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`origin answered ${status} for ${url}`);
  }
}

export class FakeOrigin implements Origin {
  readonly files = new Map<string, Uint8Array | string>();
  segmentBytes = 0;
  segmentRequests = 0;
  latencyMs = 20;
  /** Bytes per ms. */
  rate = 5_000;
  down = false;

  constructor(private readonly clock: Clock) {}

  getBytes(url: string, range: ByteRange | null, _cancel: CancelToken | null): Promise<OriginResponse> {
    const start = this.clock.now();
    return new Promise((resolve, reject) => {
      const file = this.files.get(url);
      if (this.down) return this.clock.setTimer(this.latencyMs, () => reject(new OriginFailure(503, url)));
      if (!(file instanceof Uint8Array))
        return this.clock.setTimer(this.latencyMs, () => reject(new OriginFailure(404, url)));
      const data = range ? file.slice(range.start, range.end + 1) : file.slice();
      this.segmentBytes += data.length;
      this.segmentRequests += 1;
      const firstByte = start + this.latencyMs;
      const loaded = firstByte + data.length / this.rate;
      this.clock.setTimer(loaded - start, () =>
        resolve({ data, timing: { requestStart: start, firstByte, loaded } }),
      );
    });
  }

  contentLength(url: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const file = this.files.get(url);
      this.clock.setTimer(this.latencyMs, () =>
        file instanceof Uint8Array ? resolve(file.length) : reject(new OriginFailure(404, url)),
      );
    });
  }

  fetchText(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const file = this.files.get(url);
      this.clock.setTimer(this.latencyMs, () =>
        typeof file === 'string' ? resolve(file) : reject(new OriginFailure(404, url)),
      );
    });
  }
}

/** URL resolution for tests without the DOM: enough for absolute refs and same-folder names. */
export function resolveSimple(base: string, ref: string): string {
  if (/^[a-z]+:\/\//i.test(ref)) return ref;
  const path = base.split(/[?#]/, 1)[0]!;
  return path.slice(0, path.lastIndexOf('/') + 1) + ref;
}
