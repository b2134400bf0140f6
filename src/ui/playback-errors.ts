import type { ErrorData } from 'hls.js';

/** A playback problem in plain words, with what the viewer can do about it. */
export interface PlainError {
  title: string;
  advice: string;
}

/** Turns a fatal hls.js error into words a viewer understands. */
export function describeHlsError(data: ErrorData, src: string): PlainError {
  const status = data.response?.code ?? 0;
  const host = safeHost(src);
  switch (data.details) {
    case 'manifestLoadError':
    case 'manifestLoadTimeOut':
      if (status === 0)
        return {
          title: `Could not reach ${host}.`,
          advice:
            'Check the URL and your connection. If the server is up, it may not allow this page to read it (CORS): it must send Access-Control-Allow-Origin.',
        };
      return {
        title: `The server answered ${status} for the playlist.`,
        advice: 'Check that the URL points at an HLS playlist (.m3u8) that exists.',
      };
    case 'manifestParsingError':
      return {
        title: 'That URL is not an HLS playlist.',
        advice: 'The response does not start with #EXTM3U. Use the URL of a .m3u8 master or media playlist.',
      };
    case 'manifestIncompatibleCodecsError':
    case 'bufferIncompatibleCodecsError':
    case 'bufferAddCodecError':
      return {
        title: 'This browser cannot play the stream’s codecs.',
        advice: 'Try a stream encoded with H.264/AAC, or another browser.',
      };
    case 'levelLoadError':
    case 'levelLoadTimeOut':
      return {
        title: `A quality level’s playlist could not be loaded (${status || 'no response'}).`,
        advice: 'The stream may be offline or the URL incomplete.',
      };
    case 'fragLoadError':
    case 'fragLoadTimeOut':
      return {
        title: 'Video segments could not be loaded.',
        advice: 'The origin may be down. Playback resumes when it is back; reload to retry now.',
      };
    default:
      return { title: `Playback failed (${data.details}).`, advice: 'Reload the page to try again.' };
  }
}

function safeHost(src: string): string {
  try {
    return new URL(src).host;
  } catch {
    return src;
  }
}
