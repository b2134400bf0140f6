// How long until the playhead needs a fragment: what the engine plans against.

/** Milliseconds until `fragStart` plays, or 0 when it is needed now (empty buffer, seek, startup). */
export function fragmentDeadlineMs(fragStart: number, media: HTMLMediaElement | null): number {
  if (!media) return 0;
  const ahead = fragStart - media.currentTime;
  if (ahead <= 0 || media.readyState < 2) return Math.max(0, ahead) * 1000;
  const rate = media.paused ? 1 : Math.max(media.playbackRate, 0.1);
  return (ahead * 1000) / rate;
}
