#!/bin/sh
# Regenerates the lossy WebP test fixtures (the lossless ones are written by the tests themselves).
# Needs ffmpeg built with libwebp. Output bytes may differ slightly between libwebp versions; the tests
# only check colours with a tolerance.
set -eu
cd "$(dirname "$0")"
# 32x16: left half pure red, right half pure blue, opaque (VP8 only).
ffmpeg -v error -y -f lavfi -i "color=c=red:s=16x16,format=rgb24[a];color=c=blue:s=16x16,format=rgb24[b];[a][b]hstack" \
  -frames:v 1 -c:v libwebp -lossless 0 -quality 90 lossy-red-blue.webp
# 16x16 green at half opacity: lossy colour with an ALPH chunk after VP8X.
ffmpeg -v error -y -f lavfi -i "color=c=0x00FF00@0.5:s=16x16,format=rgba" \
  -frames:v 1 -c:v libwebp -lossless 0 -quality 90 -pix_fmt yuva420p lossy-alpha.webp
# Three lossy 32x32 frames (red, green, blue) of 200 ms each, looping forever.
ffmpeg -v error -y -f lavfi -i "color=c=red:s=32x32:d=0.2:r=10[a];color=c=lime:s=32x32:d=0.2:r=10[b];color=c=blue:s=32x32:d=0.2:r=10[c];[a][b][c]concat=n=3:v=1:a=0" \
  -c:v libwebp_anim -lossless 0 -quality 80 -loop 0 lossy-animated.webp
