package app.lightbox.ui.gallery;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlayerPoolTest {

    private final List<String> disposed = new ArrayList<>();
    private final PlayerPool<String> pool = new PlayerPool<>(3, new PlayerPool.Factory<>() {
        @Override
        public String create(URI media) {
            if (media.getPath().endsWith(".webm")) {
                throw new IllegalStateException("unsupported");
            }
            return media.getPath();
        }

        @Override
        public void dispose(String player) {
            disposed.add(player);
        }
    });

    @Test
    void atMostThreeAliveTheOldestGivesWayAndItsOwnerIsTold() throws Exception {
        List<String> evicted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String owner = "cell" + i;
            pool.acquire(owner, URI.create("file:/v" + i + ".mp4"), () -> evicted.add(owner));
        }
        assertEquals(3, pool.alive());
        assertEquals(4, pool.created());
        assertEquals(List.of("/v0.mp4"), disposed);
        assertEquals(List.of("cell0"), evicted);
        pool.release("cell2");
        assertEquals(2, pool.alive());
        pool.releaseAll();
        assertEquals(0, pool.alive());
        assertEquals(pool.created(), pool.disposed(), "every player made is disposed");
    }

    @Test
    void theSameOwnerAndFileKeepTheirPlayerAndAFailureHoldsNothing() throws Exception {
        String a = pool.acquire("cell", URI.create("file:/a.mp4"), null);
        assertEquals(a, pool.acquire("cell", URI.create("file:/a.mp4"), null));
        assertEquals(1, pool.created());
        pool.acquire("cell", URI.create("file:/b.mp4"), null);
        assertEquals(List.of("/a.mp4"), disposed, "a new file for the same cell replaces its player");
        assertThrows(IllegalStateException.class, () -> pool.acquire("other", URI.create("file:/c.webm"), null));
        assertEquals(1, pool.alive());
        assertEquals(1, pool.failed());
        assertTrue(pool.capacity() >= pool.alive());
    }
}
