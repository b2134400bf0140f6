// How long until the playhead needs a fragment: what the engine plans against.

export class DeadlineClock {
  /** Media time where playback will start, while the first frames are still on their way. */
  private startAt: number | null = null;

  /** Milliseconds until `fragStart` plays; 0 when it is needed now. */
  deadlineMs(fragStart: number, media: HTMLMediaElement | null): number {
    if (!media) return 0;
    if (media.readyState < 2 || media.seeking) {
      // Not playing yet: the first fragment asked for is where playback starts; later ones
      // play that much after it.
      this.startAt ??= fragStart;
      return Math.max(0, fragStart - this.startAt) * 1000;
    }
    this.startAt = null;
    const ahead = fragStart - media.currentTime;
    if (ahead <= 0) return 0;
    const rate = media.paused ? 1 : Math.max(media.playbackRate, 0.1);
    return (ahead * 1000) / rate;
  }
}
