package app.lightbox.sandbox;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The storage host: serves output bytes for correctly signed, unexpired URLs and nothing else, with
 * byte ranges for video seeking.
 */
final class StorageHandler {

    /** Path prefix of the 302 hop on the API host when the storage redirect is on. */
    static final String REDIRECT_PREFIX = "/storage-redirect";

    private static final System.Logger LOG = System.getLogger(StorageHandler.class.getName());
    private static final int CHUNK = 64 * 1024;

    /** Thrown out of the handler on purpose: the JDK server then drops the connection mid-body. */
    private static final class Truncated extends IOException {
        Truncated() {
            super("media response cut off on purpose");
        }
    }

    private final SandboxServer server;

    StorageHandler(SandboxServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            server.stats().mediaRequest();
            server.stats().storageAuthorization(ex.getRequestHeaders().get("Authorization"));
            server.applyLatency();
            if (server.faults().takeMediaReset()) {
                throw new Truncated();
            }
            serve(ex);
        } catch (Truncated e) {
            throw e;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Storage exchange ended early: {0}", e.toString());
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Sandbox storage handler failed", e);
            throw e;
        }
    }

    /** Returns the output id when a full body was sent, else null. Media-served listeners have run by then. */
    private String serve(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            sendText(ex, 405, "Method not allowed");
            return null;
        }
        String[] parts = ex.getRequestURI().getRawPath().split("/", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("outputs")) {
            sendText(ex, 404, "Not found");
            return null;
        }
        String workflowId = UrlSigner.decodeSegment(parts[2]);
        String outputId = UrlSigner.decodeSegment(parts[3]);
        String fileName = UrlSigner.decodeSegment(parts[4]);
        if (workflowId == null || outputId == null || fileName == null) {
            sendText(ex, 400, "Malformed path");
            return null;
        }
        Map<String, String> q = ApiHandler.query(ex.getRequestURI().getRawQuery());
        String signature = q.get("signature");
        String expiresText = q.get("expires");
        if (signature == null || expiresText == null) {
            sendText(ex, 403, "Access denied: missing signature");
            return null;
        }
        long expires;
        try {
            expires = Long.parseLong(expiresText);
        } catch (NumberFormatException e) {
            sendText(ex, 403, "Access denied: malformed expiry");
            return null;
        }
        String canonical = SandboxServer.canonicalStoragePath(workflowId, outputId, fileName);
        if (!server.signer().verify(canonical, expires, signature)) {
            sendText(ex, 403, "Access denied: signature does not match");
            return null;
        }
        if (server.clock().now().getEpochSecond() > expires) {
            sendText(ex, 403, "Access denied: request has expired");
            return null;
        }
        SandboxWorkflow wf = server.workflow(workflowId);
        SandboxWorkflow.StoredOutput output = wf == null ? null : wf.output(outputId, fileName);
        if (output == null) {
            sendText(ex, 404, "Not found");
            return null;
        }
        byte[] data = server.mediaBytes(wf, output);
        return sendMedia(ex, output, data, head, expires) ? output.id() : null;
    }

    private boolean sendMedia(HttpExchange ex, SandboxWorkflow.StoredOutput output, byte[] data, boolean head,
                              long expires) throws IOException {
        int length = data.length;
        int from = 0;
        int to = length - 1;
        int status = 200;
        String range = SandboxServer.header(ex, "Range");
        if (range != null) {
            long[] r = parseRange(range, length);
            if (r == UNSATISFIABLE) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + length);
                sendText(ex, 416, "Range not satisfiable");
                return false;
            }
            if (r != null) {
                from = (int) r[0];
                to = (int) r[1];
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + length);
            }
        }
        int count = to - from + 1;
        ex.getResponseHeaders().set("Content-Type", output.spec().contentType());
        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
        ex.getResponseHeaders().set("Cache-Control", "private, max-age=300");
        if (head) {
            // The JDK server will not derive Content-Length for HEAD, so it is set by hand.
            ex.getResponseHeaders().set("Content-Length", Integer.toString(count));
            ex.sendResponseHeaders(status, -1);
            return false;
        }
        ex.sendResponseHeaders(status, count == 0 ? -1 : count);
        if (count == 0) {
            server.mediaServed(output.id());
            return true;
        }
        Duration stall = server.faults().stallMedia();
        if (!stall.isZero()) {
            ex.getResponseBody().flush();
            if (server.pause(stall)) {
                throw new Truncated();
            }
        }
        boolean truncate = server.faults().truncateMedia();
        // The last byte is held back until the media-served listener has run, so a client can never have
        // the whole body before the listener's effect (say, an expired link) is in place.
        int toSend = truncate ? count / 2 : count - 1;
        int halfway = count / 2;
        OutputStream out = ex.getResponseBody();
        int sent = 0;
        while (sent < toSend) {
            int n = Math.min(Math.min(CHUNK, toSend - sent), sent < halfway ? halfway - sent : Integer.MAX_VALUE);
            out.write(data, from + sent, n);
            sent += n;
            server.stats().mediaBytes(n);
            if (sent == halfway && !truncate) {
                out.flush();
                server.mediaHalfway(output.id());
                if (server.clock().now().getEpochSecond() > expires) {
                    // The link ran out while its body was on the way: the host breaks the transfer off.
                    throw new Truncated();
                }
            }
        }
        out.flush();
        if (truncate) {
            throw new Truncated();
        }
        server.mediaServed(output.id());
        server.stats().mediaBytes(1);
        out.write(data, from + sent, 1);
        out.close();
        return true;
    }

    private static final long[] UNSATISFIABLE = new long[0];

    /**
     * One {@code bytes=} range as [from, to] inclusive; null to ignore the header and send everything
     * (malformed or multi-range, as RFC 9110 allows); {@link #UNSATISFIABLE} for 416.
     */
    static long[] parseRange(String header, long length) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || length == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, length - suffix), length - 1};
            }
            long from = Long.parseLong(a);
            long to = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (from >= length && to >= from) {
                return UNSATISFIABLE;
            }
            if (from < 0 || to < from) {
                return null;
            }
            return new long[] {from, Math.min(to, length - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
