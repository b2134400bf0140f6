/**
 * `Range` header parsing for one representation of `size` bytes (RFC 9110 §14).
 * Only single byte ranges are served as 206; see `RangeRequest` for the rest.
 */
export type RangeRequest =
  /** No Range header: send the whole file with 200. */
  | { kind: 'none' }
  /** One satisfiable range, both ends inclusive and within the file: 206. */
  | { kind: 'single'; start: number; end: number }
  /** Several ranges, at least one satisfiable: we answer 200 with the whole file (no multipart). */
  | { kind: 'multiple' }
  /** Nothing satisfiable, or a header we cannot parse: 416 with `Content-Range: bytes *\/size`. */
  | { kind: 'unsatisfiable'; reason: string };

const SPEC = /^(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match) return { kind: 'unsatisfiable', reason: `unsupported range unit in "${header}"` };
  const specs = match[1]!.split(',').map((spec) => spec.trim());
  const ranges: Array<{ start: number; end: number }> = [];
  for (const spec of specs) {
    const parsed = resolveSpec(spec, size);
    // A malformed spec makes the whole header invalid. RFC 9110 lets servers ignore such
    // headers, but a dev origin that answers 416 exposes client range bugs instead of hiding them.
    if (parsed === 'malformed') return { kind: 'unsatisfiable', reason: `malformed range "${spec}"` };
    if (parsed !== 'unsatisfiable') ranges.push(parsed);
  }
  if (ranges.length === 0)
    return { kind: 'unsatisfiable', reason: `no range of "${header}" fits ${size} bytes` };
  if (specs.length > 1) return { kind: 'multiple' };
  return { kind: 'single', ...ranges[0]! };
}

function resolveSpec(
  spec: string,
  size: number,
): { start: number; end: number } | 'malformed' | 'unsatisfiable' {
  const match = SPEC.exec(spec);
  if (!match) return 'malformed';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'malformed';
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (end < start) return 'malformed';
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}
