package app.lightbox.ui.common;

import app.lightbox.core.media.FrameGrabber;
import app.lightbox.core.media.MediaDecodeException;
import app.lightbox.core.media.Thumbnail;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.media.Media;
import javafx.scene.media.MediaPlayer;
import javafx.scene.media.MediaView;
import javafx.scene.paint.Color;
import javafx.util.Duration;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * Posters from JavaFX's own media player, the only video decoder Lightbox has. A player must live on the FX
 * thread, so frames are taken there one at a time: a muted player runs to {@link #FRAME_AT} (or half of a
 * shorter clip) and stops there, and an off-screen {@code MediaView} is snapshotted at poster size. Every player is
 * disposed when its frame is taken, when it fails, or after {@link #TIMEOUT}. The snapshot is a small pixel
 * copy; encoding and writing the file happen off the FX thread in the thumbnail service.
 */
public final class FxFrameGrabber implements FrameGrabber {

    /** Far enough in to skip a black or half-faded first frame, near enough to cost little. */
    static final Duration FRAME_AT = Duration.millis(500);
    static final Duration TIMEOUT = Duration.seconds(8);
    /** Requests beyond this wait their turn by failing; the tile keeps its placeholder and asks again next time. */
    static final int MAX_WAITING = 64;

    private final Deque<Job> waiting = new ArrayDeque<>();
    private Job running;

    private static final class Job {
        final Path video;
        final int maxSide;
        final CompletableFuture<Thumbnail> result = new CompletableFuture<>();
        MediaPlayer player;
        PauseTransition timeout;
        boolean taken;

        Job(Path video, int maxSide) {
            this.video = video;
            this.maxSide = maxSide;
        }
    }

    @Override
    public CompletableFuture<Thumbnail> grab(Path video, int maxSide) {
        Job job = new Job(video, maxSide);
        Platform.runLater(() -> {
            if (waiting.size() >= MAX_WAITING) {
                job.result.completeExceptionally(new MediaDecodeException("Too many videos are waiting for a poster"));
                return;
            }
            waiting.add(job);
            next();
        });
        return job.result;
    }

    private void next() {
        while (running == null && !waiting.isEmpty()) {
            Job job = waiting.poll();
            if (!job.result.isDone()) {
                start(job);
            }
        }
    }

    private void start(Job job) {
        running = job;
        MediaView view = new MediaView();
        MediaPlayer p;
        try {
            p = new MediaPlayer(new Media(job.video.toUri().toString()));
        } catch (RuntimeException e) {
            finish(job, null, "This video can't be opened here (" + e.getMessage() + ")");
            return;
        }
        job.player = p;
        p.setMute(true);
        view.setPreserveRatio(true);
        view.setSmooth(true);
        view.setMediaPlayer(p);
        job.timeout = new PauseTransition(TIMEOUT);
        job.timeout.setOnFinished(e -> finish(job, null, "The video took too long to show a frame"));
        job.timeout.play();
        p.setOnError(() -> finish(job, null, p.getError() == null ? "The player stopped" : p.getError().getMessage()));
        p.setOnReady(() -> {
            double w = p.getMedia().getWidth();
            double h = p.getMedia().getHeight();
            if (w <= 0 || h <= 0) {
                finish(job, null, "The video has no picture");
                return;
            }
            double scale = Math.min(1, job.maxSide / Math.max(w, h));
            view.setFitWidth(Math.max(1, Math.round(w * scale)));
            view.setFitHeight(Math.max(1, Math.round(h * scale)));
            Duration total = p.getTotalDuration();
            Duration at = total == null || total.isUnknown() || total.lessThanOrEqualTo(Duration.ZERO)
                    ? FRAME_AT : Duration.millis(Math.min(FRAME_AT.toMillis(), total.toMillis() / 2));
            // The player stops itself at the frame; the time check is a fallback. Its status lags behind its
            // time under load, so neither waits for PLAYING.
            p.setStopTime(at);
            Runnable take = () -> {
                if (running != job || job.taken) {
                    return;
                }
                job.taken = true;
                // The frame reaches the view on a later pulse; snapshot after it.
                PauseTransition settle = new PauseTransition(Duration.millis(80));
                settle.setOnFinished(e -> finish(job, snapshot(view, (int) w, (int) h), "No frame was drawn"));
                settle.play();
            };
            p.setOnEndOfMedia(take);
            p.currentTimeProperty().addListener((obs, old, now) -> {
                if (now.greaterThanOrEqualTo(at)) {
                    p.pause();
                    take.run();
                }
            });
            p.play();
        });
    }

    private static Thumbnail snapshot(MediaView view, int sourceW, int sourceH) {
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.BLACK);
        WritableImage img = view.snapshot(params, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        if (w <= 0 || h <= 0) {
            return null;
        }
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        for (int px : argb) {
            if ((px & 0xFFFFFF) != 0) {
                return new Thumbnail(w, h, argb, sourceW, sourceH);
            }
        }
        // All black: the player paused before any frame reached the view. Better no poster than a black one.
        return null;
    }

    private void finish(Job job, Thumbnail frame, String problem) {
        if (running != job) {
            return;
        }
        running = null;
        if (job.timeout != null) {
            job.timeout.stop();
        }
        if (job.player != null) {
            job.player.dispose();
        }
        if (frame != null) {
            job.result.complete(frame);
        } else {
            job.result.completeExceptionally(new MediaDecodeException("No poster for this video: " + problem));
        }
        next();
    }
}
