// Signaling messages between tabs on a BroadcastChannel. Any script of this origin may post on
// the channel, so every message is validated; ids are 40 lowercase hex chars (see ids.ts).

const MAX_SDP_CHARS = 64 * 1024;
const ID = /^[0-9a-f]{40}$/;

export type TabMessage =
  | { app: 'shoal'; type: 'hello'; from: string; to?: string }
  | { app: 'shoal'; type: 'offer' | 'answer'; from: string; to: string; sdp: string };

/** The message, rebuilt from validated fields only, or null. Never throws. */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m.app !== 'shoal' || typeof m.from !== 'string' || !ID.test(m.from)) return null;
  if (m.to !== undefined && (typeof m.to !== 'string' || !ID.test(m.to))) return null;
  if (m.type === 'hello') {
    return m.to === undefined
      ? { app: 'shoal', type: 'hello', from: m.from }
      : { app: 'shoal', type: 'hello', from: m.from, to: m.to };
  }
  if (m.type !== 'offer' && m.type !== 'answer') return null;
  if (
    typeof m.to !== 'string' ||
    typeof m.sdp !== 'string' ||
    m.sdp.length === 0 ||
    m.sdp.length > MAX_SDP_CHARS
  ) {
    return null;
  }
  return { app: 'shoal', type: m.type, from: m.from, to: m.to, sdp: m.sdp };
}
