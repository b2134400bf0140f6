#!/usr/bin/env bash
# Regenerates the sample HLS streams the demo, tests and benchmarks use: 40 s of a test
# pattern (testsrc2) with a 440 Hz tone, cut into 2 s segments (20 per rendition):
#   vod-ts-360p/    MPEG-TS, 640x360
#   vod-fmp4-360p/  fragmented MP4, 640x360
#   abr-fmp4/       master.m3u8 with 240p/ and 360p/ fragmented MP4 renditions
#
# Usage: tools/make-streams.sh [OUT_DIR]      (default: the package's public/streams)
#        npm run streams -- /tmp/streams
# Needs ffmpeg; on Debian: apt-get install -y ffmpeg
#
# Idempotent: each stream is encoded into a scratch folder and only then swapped in, so a
# failed run leaves the old streams untouched and a rerun leaves no stale files. Encoding is
# single-threaded and bit-exact so the same ffmpeg build gives byte-identical segments (and so
# identical Shoal manifests). Run `shoal pack OUT_DIR` afterwards to refresh the manifests.
set -euo pipefail

package_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out_dir=${1:-"$package_dir/public/streams"}

if ! command -v ffmpeg >/dev/null; then
  echo "make-streams: ffmpeg not found (Debian: apt-get install -y ffmpeg)" >&2
  exit 1
fi

readonly SECONDS_TOTAL=40 SEGMENT_S=2 FPS=25
readonly GOP=$((FPS * SEGMENT_S)) # one keyframe per segment, so every segment starts cleanly

mkdir -p "$out_dir"
scratch=$(mktemp -d "$out_dir/.make-streams.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

source_args=(
  -f lavfi -i "testsrc2=size=640x360:rate=$FPS:duration=$SECONDS_TOTAL"
  -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$SECONDS_TOTAL"
)
video_args=(
  -c:v libx264 -profile:v main -preset veryfast -pix_fmt yuv420p -threads 1
  -g "$GOP" -keyint_min "$GOP" -sc_threshold 0
)
audio_args=(-c:a aac -b:a 64k -ar 48000 -ac 2)
exact_args=(-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact)
hls_args=(-f hls -hls_time "$SEGMENT_S" -hls_playlist_type vod -hls_flags independent_segments)

encode() { ffmpeg -hide_banner -loglevel error -y "${source_args[@]}" "$@"; }

# Moves a finished stream from the scratch folder over the old one.
install_stream() {
  local name=$1
  rm -rf "${out_dir:?}/$name"
  mv "$scratch/$name" "$out_dir/$name"
  echo "make-streams: $out_dir/$name"
}

mkdir -p "$scratch/vod-ts-360p"
encode -map 0:v -map 1:a "${video_args[@]}" -b:v 600k -maxrate 700k -bufsize 1200k "${audio_args[@]}" \
  "${exact_args[@]}" "${hls_args[@]}" \
  -hls_segment_filename "$scratch/vod-ts-360p/seg_%03d.ts" "$scratch/vod-ts-360p/index.m3u8"
install_stream vod-ts-360p

mkdir -p "$scratch/vod-fmp4-360p"
encode -map 0:v -map 1:a "${video_args[@]}" -b:v 600k -maxrate 700k -bufsize 1200k "${audio_args[@]}" \
  "${exact_args[@]}" "${hls_args[@]}" -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 \
  -hls_segment_filename "$scratch/vod-fmp4-360p/seg_%03d.m4s" "$scratch/vod-fmp4-360p/index.m3u8"
install_stream vod-fmp4-360p

mkdir -p "$scratch/abr-fmp4"
encode -filter_complex "[0:v]split=2[a][b];[a]scale=426:240[v240];[b]scale=640:360[v360]" \
  -map "[v240]" -map 1:a -map "[v360]" -map 1:a \
  "${video_args[@]}" -b:v:0 280k -maxrate:v:0 320k -bufsize:v:0 560k \
  -b:v:1 600k -maxrate:v:1 700k -bufsize:v:1 1200k "${audio_args[@]}" \
  "${exact_args[@]}" "${hls_args[@]}" -hls_segment_type fmp4 \
  -var_stream_map "v:0,a:0,name:240p v:1,a:1,name:360p" -master_pl_name master.m3u8 \
  -hls_segment_filename "$scratch/abr-fmp4/%v/seg_%03d.m4s" "$scratch/abr-fmp4/%v/index.m3u8"
install_stream abr-fmp4
