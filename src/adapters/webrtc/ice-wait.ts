// How long a connection (trickle off: its one SDP carries every candidate) waits for more ICE
// candidates after the first before it signals.
//
// Chrome gathers host candidates in its first allocation step (~10-20 ms after
// setLocalDescription) but reports gathering complete only after its later TCP and relay steps,
// ~130 ms in (measured in headless Chromium 156 with no ICE servers). simple-peer waits for that
// end by default, on the offer and again on the answer. With no STUN or TURN server there is
// nothing more to come after the host candidates, so a short wait saves ~0.1 s on each side of
// every connection (more on a busy machine). With servers, reflexive and relay candidates need
// a round trip to them: then simple-peer's own timeout stands.

/** Wait after the first candidate when host candidates are all there can be. */
export const HOST_ONLY_ICE_WAIT_MS = 50;
/** simple-peer's default, kept where servers may still answer. */
export const SERVER_ICE_WAIT_MS = 5000;

export function iceWaitMs(iceServers: readonly RTCIceServer[]): number {
  return iceServers.length === 0 ? HOST_ONLY_ICE_WAIT_MS : SERVER_ICE_WAIT_MS;
}
