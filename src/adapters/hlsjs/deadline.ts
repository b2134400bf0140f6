// How long until the playhead needs a fragment: what the engine plans against.

/** Milliseconds until `fragStart` plays, or 0 when it is needed now (empty buffer, seek, startup). */
export function fragmentDeadlineMs(fragStart: number, media: HTMLMediaElement | null): number {
  // Before the first frame the playhead is not yet where playback will start: needed now.
  if (!media || media.readyState < 2 || media.seeking) return 0;
  const ahead = fragStart - media.currentTime;
  if (ahead <= 0) return 0;
  const rate = media.paused ? 1 : Math.max(media.playbackRate, 0.1);
  return (ahead * 1000) / rate;
}
