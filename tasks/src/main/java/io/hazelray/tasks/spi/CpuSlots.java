package io.hazelray.tasks.spi;

import java.util.concurrent.Semaphore;

/**
 * A member's CPU slots, as Ray's {@code num_cpus}: a task holds {@code cpus} slots while its body
 * runs, and gives them back while it is blocked waiting for another object, so that nested
 * tasks can run even when every slot is held by a waiting parent.
 */
public final class CpuSlots {
    private final int total;
    private final Semaphore free;

    CpuSlots(int total) {
        this.total = total;
        this.free = new Semaphore(total);
    }

    public int total() {
        return total;
    }

    public int inUse() {
        return total - free.availablePermits();
    }

    /** Blocks until {@code n} slots are free and takes them. */
    public Lease acquire(int n) throws InterruptedException {
        free.acquire(n);
        return new Lease(n);
    }

    /** Slots held by one running call; not thread-safe, used by the call's own thread. */
    public final class Lease {
        private final int count;
        private boolean held = true;

        private Lease(int count) {
            this.count = count;
        }

        /** Gives the slots back while the call waits for something else. */
        public void suspend() {
            if (held) {
                held = false;
                free.release(count);
            }
        }

        /** Takes the slots again after a {@link #suspend()}. */
        public void resume() {
            if (!held) {
                free.acquireUninterruptibly(count);
                held = true;
            }
        }

        public void release() {
            suspend();
        }
    }
}
