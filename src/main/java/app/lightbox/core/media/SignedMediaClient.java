package app.lightbox.core.media;

import app.lightbox.core.api.HttpStack;
import app.lightbox.model.SignedUrl;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches signed storage links. Its client derives from the shared base and has no auth interceptor: the
 * API token can never ride along, not even across a redirect to another host. As a second line of defence
 * it strips any Authorization header on every hop.
 *
 * <p>Messages name a link by {@link SignedUrl#redacted()} only; the query string is the credential.
 */
public final class SignedMediaClient {

    private static final long CHUNK = 64 * 1024;

    private final OkHttpClient client;

    public SignedMediaClient(HttpStack http) {
        this.client = http.client().newBuilder()
                .followRedirects(true)
                // Never let a redirect downgrade https storage to plain http.
                .followSslRedirects(false)
                .addNetworkInterceptor(chain -> chain.proceed(
                        chain.request().newBuilder().removeHeader("Authorization").removeHeader("Cookie").build()))
                .build();
    }

    /** The whole body in memory; fails if it is larger than {@code maxBytes} or shorter than announced. */
    public CompletableFuture<byte[]> fetchBytes(SignedUrl url, long maxBytes) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        enqueue(url, result, (response, body) -> {
            long announced = body.contentLength();
            if (announced > maxBytes) {
                throw new MediaException(response.code(), tooLarge(url, maxBytes));
            }
            Buffer buffer = new Buffer();
            BufferedSource source = body.source();
            while (source.read(buffer, CHUNK) != -1) {
                if (buffer.size() > maxBytes) {
                    throw new MediaException(response.code(), tooLarge(url, maxBytes));
                }
            }
            checkLength(url, announced, buffer.size());
            return buffer.readByteArray();
        });
        return result;
    }

    /**
     * Streams the body into a new temporary file in {@code targetDir} (so the final move stays on one file
     * system) and checks it against Content-Length. The temporary file is deleted on any failure.
     */
    public CompletableFuture<MediaDownload> download(SignedUrl url, Path targetDir, String tempPrefix) {
        Objects.requireNonNull(targetDir, "targetDir");
        CompletableFuture<MediaDownload> result = new CompletableFuture<>();
        enqueue(url, result, (response, body) -> {
            Path temp;
            try {
                // Not createTempFile: its owner-only permissions would stick to the artist's saved file.
                temp = Files.createFile(targetDir.resolve(tempPrefix + java.util.UUID.randomUUID() + ".part"));
            } catch (IOException e) {
                throw new MediaException(0, "Could not create a temporary file in " + targetDir + " (" + e.getMessage() + ")", e);
            }
            boolean ok = false;
            try {
                long written = 0;
                try (OutputStream out = Files.newOutputStream(temp)) {
                    byte[] chunk = new byte[(int) CHUNK];
                    var in = body.byteStream();
                    int n;
                    while ((n = in.read(chunk)) != -1) {
                        written += n;
                        writeOrExplain(out, chunk, n, targetDir);
                    }
                }
                checkLength(url, body.contentLength(), written);
                okhttp3.MediaType type = body.contentType();
                ok = true;
                return new MediaDownload(temp, type == null ? null : type.toString(), written);
            } finally {
                if (!ok) {
                    Files.deleteIfExists(temp);
                }
            }
        });
        return result;
    }

    @FunctionalInterface
    private interface BodyHandler<T> {
        T handle(Response response, ResponseBody body) throws IOException;
    }

    private <T> void enqueue(SignedUrl url, CompletableFuture<T> result, BodyHandler<T> handler) {
        HttpUrl httpUrl = HttpUrl.get(url.uri());
        if (httpUrl == null) {
            result.completeExceptionally(new MediaException(0, "Not a downloadable link: " + url.redacted()));
            return;
        }
        Request request = new Request.Builder().url(httpUrl).get().build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(new MediaException(0,
                        "Could not download " + url.redacted() + " (" + reason(e) + ")", e));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    int code = response.code();
                    if (code == 403) {
                        result.completeExceptionally(new ExpiredLinkException(
                                "The storage link has expired: " + url.redacted() + " (403)"));
                        return;
                    }
                    if (code < 200 || code >= 300) {
                        result.completeExceptionally(new MediaException(code,
                                "Storage answered " + code + " for " + url.redacted()));
                        return;
                    }
                    result.complete(handler.handle(response, response.body()));
                } catch (MediaException e) {
                    result.completeExceptionally(e);
                } catch (IOException e) {
                    result.completeExceptionally(new BrokenOffException(response.code(),
                            "Download of " + url.redacted() + " broke off (" + reason(e) + ")", e));
                } catch (RuntimeException e) {
                    result.completeExceptionally(new MediaException(response.code(),
                            "Download of " + url.redacted() + " failed (" + reason(e) + ")", e));
                }
            }
        });
    }

    /** A failed write is the disk's fault, not the network's: it is not worth another download. */
    private static void writeOrExplain(OutputStream out, byte[] chunk, int n, Path dir) {
        try {
            out.write(chunk, 0, n);
        } catch (IOException e) {
            throw new MediaException(0, "Could not write the download into " + dir + " (" + reason(e) + ")", e);
        }
    }

    private static void checkLength(SignedUrl url, long announced, long received) {
        if (announced >= 0 && announced != received) {
            throw new BrokenOffException(200, "Download of " + url.redacted() + " was truncated (got " + received
                    + " of " + announced + " bytes)", null);
        }
    }

    private static String tooLarge(SignedUrl url, long maxBytes) {
        return url.redacted() + " is larger than the " + maxBytes + " bytes allowed";
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
