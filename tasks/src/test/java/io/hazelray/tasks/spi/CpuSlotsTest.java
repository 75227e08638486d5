package io.hazelray.tasks.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The member's slot and resource pool on its own: accounting under contention, reservations, interrupts. */
class CpuSlotsTest {

    @Test
    void shouldNeverHandOutMoreThanItHasUnderMixedContention() throws Exception {
        // Given: 3 slots and 1 GPU, 8 threads asking for 1 slot, 2 slots, or 1 slot and half a GPU
        CpuSlots slots = CpuSlots.of(3, Map.of("GPU", 1.0));
        AtomicInteger cpus = new AtomicInteger();
        AtomicInteger halfGpus = new AtomicInteger();
        AtomicReference<String> violation = new AtomicReference<>();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 5_000; i++) {
                        int kind = ThreadLocalRandom.current().nextInt(3);
                        int c = kind == 1 ? 2 : 1;
                        int g = kind == 2 ? 1 : 0;
                        long[] demand = slots.demand(c, g == 1 ? Map.of("GPU", 0.5) : Map.of(), "call", "here");
                        CpuSlots.Lease lease = slots.acquire(demand);
                        int nowCpus = cpus.addAndGet(c);
                        int nowGpus = halfGpus.addAndGet(g);
                        if (nowCpus > 3 || nowGpus > 2) {
                            violation.set("over the limit: " + cpus.get() + " slots, " + halfGpus.get() + " half GPUs");
                        }
                        cpus.addAndGet(-c);
                        halfGpus.addAndGet(-g);
                        lease.release();
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, runner()));
        }
        // When
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        // Then
        assertThat(violation.get()).isNull();
        assertThat(slots.inUse()).isZero();
        assertThat(slots.available()).isEqualTo(Map.of("GPU", 1.0));
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void shouldReserveForAWaitingLargeRequestAndReleaseTheReservationWhenItIsInterrupted() throws Exception {
        // Given: 2 slots, one held, a 2-slot request waiting
        CpuSlots slots = CpuSlots.of(2, Map.of());
        CpuSlots.Lease held = slots.acquire(1);
        Thread wide = new Thread(() -> {
            try {
                slots.acquire(2);
            } catch (InterruptedException expected) {
                // interrupted while waiting, as the test wants
            }
        });
        wide.start();
        awaitWaiting(slots, 1);
        // When: a 1-slot request arrives, it waits behind the reservation
        CompletableFuture<CpuSlots.Lease> narrow = CompletableFuture.supplyAsync(() -> {
            try {
                return slots.acquire(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, runner());
        awaitWaiting(slots, 2);
        assertThat(narrow).isNotDone();
        // Then: once the large request gives up, the small one gets the free slot
        wide.interrupt();
        narrow.get(10, TimeUnit.SECONDS).release();
        wide.join(10_000);
        held.release();
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void shouldKeepCustomResourcesWhileACallWaitsAndGiveThemBackWithItsSlotsAtTheEnd() throws Exception {
        CpuSlots slots = CpuSlots.of(2, Map.of("GPU", 1.0));
        CpuSlots.Lease lease = slots.acquire(slots.demand(2, Map.of("GPU", 1.0), "call", "here"));
        lease.suspend(); // a call waiting in get: its slots go back, its GPU stays
        assertThat(slots.inUse()).isZero();
        assertThat(slots.available()).isEqualTo(Map.of("GPU", 0.0));
        lease.resume();
        assertThat(slots.inUse()).isEqualTo(2);
        lease.release();
        lease.release(); // once only
        assertThat(slots.inUse()).isZero();
        assertThat(slots.available()).isEqualTo(Map.of("GPU", 1.0));
    }

    private static Executor runner() {
        return r -> new Thread(r).start();
    }

    private static void awaitWaiting(CpuSlots slots, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slots.waiting() != n) {
            assertThat(System.nanoTime()).as("%d waiting", n).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
