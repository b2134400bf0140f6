// The Origin port over fetch(): byte ranges, timing on the page's clock, typed errors.

import type { ByteRange, CancelToken, Origin, OriginResponse } from '../../core/ports.ts';

export type OriginErrorKind = 'http' | 'network' | 'range-ignored' | 'cancelled';

export class OriginError extends Error {
  override readonly name = 'OriginError';
  constructor(
    readonly kind: OriginErrorKind,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class FetchOrigin implements Origin {
  async getBytes(url: string, range: ByteRange | null, cancel: CancelToken | null): Promise<OriginResponse> {
    const requestStart = performance.now();
    const headers: Record<string, string> = range ? { Range: `bytes=${range.start}-${range.end}` } : {};
    const response = await this.request(url, headers, cancel);
    const firstByte = performance.now();
    const body = new Uint8Array(await response.arrayBuffer());
    const loaded = performance.now();
    let data = body;
    if (range && response.status === 200) {
      // A server that ignores Range sends everything: take our slice, but say so in the figures.
      data = body.slice(range.start, range.end + 1);
    } else if (range && data.length !== range.end - range.start + 1) {
      throw new OriginError(
        'http',
        response.status,
        `${url}: asked ${range.start}-${range.end}, got ${data.length} bytes`,
      );
    }
    return { data, timing: { requestStart, firstByte, loaded } };
  }

  /** HEAD: the resource's length, for `trustPeers` (no manifest says it). */
  async contentLength(url: string, cancel: CancelToken | null): Promise<number> {
    const controller = new AbortController();
    cancel?.onCancel(() => controller.abort());
    const response = await fetch(url, { method: 'HEAD', signal: controller.signal }).catch(
      (error: unknown) => {
        throw new OriginError(
          'network',
          0,
          `${url}: ${error instanceof Error ? error.message : 'network error'}`,
        );
      },
    );
    const length = Number(response.headers.get('Content-Length'));
    if (!response.ok || !Number.isSafeInteger(length) || length <= 0)
      throw new OriginError('http', response.status, `${url}: no usable Content-Length`);
    return length;
  }

  async fetchText(url: string, cancel: CancelToken | null): Promise<string> {
    const response = await this.request(url, {}, cancel);
    return response.text();
  }

  private async request(
    url: string,
    headers: Record<string, string>,
    cancel: CancelToken | null,
  ): Promise<Response> {
    const controller = new AbortController();
    cancel?.onCancel(() => controller.abort());
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: controller.signal, credentials: 'same-origin' });
    } catch (error) {
      if (controller.signal.aborted) throw new OriginError('cancelled', 0, `${url}: cancelled`);
      throw new OriginError(
        'network',
        0,
        `${url}: ${error instanceof Error ? error.message : 'network error'}`,
      );
    }
    if (!response.ok) throw new OriginError('http', response.status, `${url}: HTTP ${response.status}`);
    return response;
  }
}
