package app.lightbox.ui.gallery;

import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The few media players the gallery may have alive at once. Each owner (a hovered tile's cell) holds at
 * most one; asking for one more than the capacity disposes the player used least recently and tells its
 * owner. Toolkit-free so its bookkeeping is tested without JavaFX: the view passes a factory that makes
 * real {@code MediaPlayer}s. Used on one thread (the FX thread).
 *
 * @param <P> the player type
 */
public final class PlayerPool<P> {

    /** Makes and disposes players. {@code create} may throw: the media can't be played here. */
    public interface Factory<P> {
        P create(URI media) throws Exception;

        void dispose(P player);
    }

    private record Held<P>(P player, URI media, Runnable onEvicted) {
    }

    private final int capacity;
    private final Factory<P> factory;
    private final Map<Object, Held<P>> alive = new LinkedHashMap<>(8, 0.75f, true);
    private int created;
    private int disposed;
    private int failed;

    public PlayerPool(int capacity, Factory<P> factory) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * A player for {@code media}, owned by {@code owner} until released.
     *
     * @param onEvicted run if the player is taken back to make room for another
     * @throws Exception what the factory threw; nothing is held then
     */
    public P acquire(Object owner, URI media, Runnable onEvicted) throws Exception {
        Held<P> mine = alive.get(owner);
        if (mine != null && mine.media().equals(media)) {
            return mine.player();
        }
        release(owner);
        while (alive.size() >= capacity) {
            Iterator<Map.Entry<Object, Held<P>>> eldest = alive.entrySet().iterator();
            Held<P> evicted = eldest.next().getValue();
            eldest.remove();
            dispose(evicted);
            if (evicted.onEvicted() != null) {
                evicted.onEvicted().run();
            }
        }
        P player;
        try {
            player = factory.create(media);
        } catch (Exception e) {
            failed++;
            throw e;
        }
        created++;
        alive.put(owner, new Held<>(player, media, onEvicted));
        return player;
    }

    /** Disposes the owner's player, if it has one. */
    public void release(Object owner) {
        Held<P> held = alive.remove(owner);
        if (held != null) {
            dispose(held);
        }
    }

    public void releaseAll() {
        for (Held<P> h : alive.values()) {
            dispose(h);
        }
        alive.clear();
    }

    private void dispose(Held<P> h) {
        disposed++;
        try {
            factory.dispose(h.player());
        } catch (RuntimeException e) {
            System.getLogger(PlayerPool.class.getName()).log(System.Logger.Level.DEBUG,
                    "Disposing a player failed: " + e.getMessage());
        }
    }

    public int capacity() {
        return capacity;
    }

    public int alive() {
        return alive.size();
    }

    /** Players made so far. */
    public int created() {
        return created;
    }

    public int disposed() {
        return disposed;
    }

    /** Requests the factory could not serve. */
    public int failed() {
        return failed;
    }
}
