package app.lightbox.core.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps tokens in memory only; for tests and for a session that must not persist anything. */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    @Override
    public void save(String accountId, String token) {
        tokens.put(accountId, token);
    }

    @Override
    public Optional<String> load(String accountId) {
        return Optional.ofNullable(tokens.get(accountId));
    }

    @Override
    public void delete(String accountId) {
        tokens.remove(accountId);
    }

    @Override
    public String displayName() {
        return "Memory (forgotten on exit)";
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + tokens.size() + " tokens]";
    }
}
