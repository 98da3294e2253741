#!/bin/sh
# Regenerates the two sandbox video clips from ffmpeg's built-in synthetic sources (no input files).
# Run from this directory: sh make-clips.sh
set -eu

# A slowly zooming Mandelbrot with a soft two-tone chord.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "mandelbrot=size=320x320:rate=24:start_scale=2.5:end_scale=0.6" \
  -f lavfi -i "sine=frequency=220:sample_rate=44100" \
  -f lavfi -i "sine=frequency=330:sample_rate=44100" \
  -filter_complex "[1:a][2:a]amix=inputs=2,volume=0.4[a]" \
  -map 0:v -map "[a]" -t 3 \
  -c:v libx264 -preset medium -crf 30 -pix_fmt yuv420p -profile:v main \
  -c:a aac -b:a 64k -movflags +faststart \
  clip-orbit.mp4

# A colour-cycling test pattern washed into a gradient, with a low hum.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=384x216:rate=24" \
  -f lavfi -i "sine=frequency=110:sample_rate=44100" \
  -vf "hue=H=2*PI*t/3,gblur=sigma=6" \
  -t 3 \
  -c:v libx264 -preset medium -crf 30 -pix_fmt yuv420p -profile:v main \
  -c:a aac -b:a 64k -movflags +faststart \
  clip-tide.mp4

# An animated WebP like ComfyUI's SaveAnimatedWEBP writes: a drifting colour field, 2 s at 10 fps, looping.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "gradients=size=256x256:rate=10:speed=0.04:c0=0x2a3b8f:c1=0xe07a5f:c2=0xf2cc8f:nb_colors=3" \
  -t 2 -c:v libwebp_anim -lossless 0 -quality 70 -loop 0 \
  drift-loop.webp

# A short VP9 WebM, which JavaFX can't play: the app must offer the system player instead.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=256x144:rate=12" -t 1 \
  -c:v libvpx-vp9 -b:v 80k -deadline good \
  clip-vp9.webm
