package app.lightbox.ui.common;

import app.lightbox.core.media.OutputCache;
import app.lightbox.core.media.OutputLinks;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.core.media.VideoProbe;

import java.util.concurrent.Executor;

/**
 * The media side of a workspace: its links (renewed before they expire), its download cache and its
 * thumbnails, each kept in the workspace's own cache folder, and the pools that do the blocking work.
 *
 * @param decodePool the app's bounded decode pool (full-size pictures, animations)
 * @param io         blocking file work (probing videos, reading metadata)
 */
public record WorkspaceMedia(OutputLinks links, OutputCache cache, ThumbnailService thumbnails,
                             ThumbnailDecoder decoder, VideoProbe videoProbe, Executor decodePool, Executor io,
                             ExternalOpener opener) {
}
