package app.lightbox.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the sandbox has seen, for tests and benchmarks to assert on. Thread-safe. */
public final class SandboxStats {

    private final AtomicInteger apiRequests = new AtomicInteger();
    private final Map<String, AtomicInteger> outputsRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> subscribeRequests = new ConcurrentHashMap<>();
    private final AtomicInteger cancelRequests = new AtomicInteger();
    private final AtomicInteger mediaRequests = new AtomicInteger();
    private final AtomicLong mediaBytesSent = new AtomicLong();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final List<String> storageAuthorization = new ArrayList<>();
    private final List<Instant> apiRequestTimes = new ArrayList<>();

    /** Every /v1 request received, including the ones answered 429. */
    public int apiRequests() {
        return apiRequests.get();
    }

    public int outputsRequests(String workflowId) {
        AtomicInteger n = outputsRequests.get(workflowId);
        return n == null ? 0 : n.get();
    }

    public int subscribeRequests(String workflowId) {
        AtomicInteger n = subscribeRequests.get(workflowId);
        return n == null ? 0 : n.get();
    }

    public int cancelRequests() {
        return cancelRequests.get();
    }

    /** Requests that reached the storage listener, whatever the answer. */
    public int mediaRequests() {
        return mediaRequests.get();
    }

    /** Body bytes written by the storage listener (a truncated response counts what was actually sent). */
    public long mediaBytesSent() {
        return mediaBytesSent.get();
    }

    /** 429 answers, from the rate limit or from an injected fault. */
    public int rateLimited() {
        return rateLimited.get();
    }

    /** Authorization header values seen on storage requests or on the storage redirect hop. */
    public List<String> authorizationHeadersOnStorage() {
        synchronized (storageAuthorization) {
            return List.copyOf(storageAuthorization);
        }
    }

    /** Wall-clock arrival time of each /v1 request, in arrival order. */
    public List<Instant> apiRequestTimes() {
        synchronized (apiRequestTimes) {
            return List.copyOf(apiRequestTimes);
        }
    }

    public void reset() {
        apiRequests.set(0);
        outputsRequests.clear();
        subscribeRequests.clear();
        cancelRequests.set(0);
        mediaRequests.set(0);
        mediaBytesSent.set(0);
        rateLimited.set(0);
        synchronized (storageAuthorization) {
            storageAuthorization.clear();
        }
        synchronized (apiRequestTimes) {
            apiRequestTimes.clear();
        }
    }

    void apiRequest(Instant arrival) {
        apiRequests.incrementAndGet();
        synchronized (apiRequestTimes) {
            apiRequestTimes.add(arrival);
        }
    }

    void outputsRequest(String workflowId) {
        outputsRequests.computeIfAbsent(workflowId, k -> new AtomicInteger()).incrementAndGet();
    }

    void subscribeRequest(String workflowId) {
        subscribeRequests.computeIfAbsent(workflowId, k -> new AtomicInteger()).incrementAndGet();
    }

    void cancelRequest() {
        cancelRequests.incrementAndGet();
    }

    void mediaRequest() {
        mediaRequests.incrementAndGet();
    }

    void mediaBytes(long n) {
        mediaBytesSent.addAndGet(n);
    }

    void rateLimitedAnswer() {
        rateLimited.incrementAndGet();
    }

    void storageAuthorization(List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        synchronized (storageAuthorization) {
            storageAuthorization.addAll(values);
        }
    }
}
