package io.hazelray.tasks.impl;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.HazelrayException;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.PendingRef;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply handler run by a thread blocked in {@code get} does not see an interrupt meant for that
 * {@code get}: the handler may store a shared ref's value, a blocking write an interrupt would
 * break. The interrupt is held back while the handler runs, then ends the {@code get}.
 */
class WaitingThreadInterruptTest extends ClusterTestSupport {

    @Test
    void shouldHoldAnInterruptBackWhileAHandlerRunsOnTheWaitingThreadThenEndTheGet() throws Exception {
        // Given: a driver, a ref nobody completes, and a thread blocked in get on it
        HazelcastInstance member = startMember(2);
        DriverRuntime driver = closeAfterTest(DriverRuntime.root(GridServices.of(member)));
        PendingRef<String> pending = driver.newPendingRef();
        AtomicReference<Throwable> getEnded = new AtomicReference<>();
        Thread waiting = new Thread(() -> {
            try {
                driver.get(pending.ref());
            } catch (Throwable t) {
                getEnded.set(t);
            }
        }, "waiting-in-get");
        AtomicReference<Thread> firstRanOn = new AtomicReference<>();
        AtomicReference<Thread> secondRanOn = new AtomicReference<>();
        AtomicReference<Boolean> secondSawInterrupt = new AtomicReference<>();
        Runnable second = () -> {
            secondRanOn.set(Thread.currentThread());
            secondSawInterrupt.set(Thread.currentThread().isInterrupted());
        };
        // the first handler interrupts the waiting thread and hands it the second one: when the
        // second is taken, an interrupt is pending on the thread that runs it
        Runnable first = () -> {
            firstRanOn.set(Thread.currentThread());
            waiting.interrupt();
            assertThat(pending.result().handToWaiter(second)).isTrue();
        };
        waiting.start();

        // When: the first handler is handed to the waiting thread (once it waits)
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!pending.result().handToWaiter(first)) {
            assertThat(System.nanoTime()).as("the thread waits in get").isLessThan(deadline);
            Thread.sleep(1);
        }
        waiting.join(10_000);

        // Then: both ran on the waiting thread, the second without seeing the interrupt, which
        // then ended the get
        assertThat(waiting.isAlive()).isFalse();
        assertThat(firstRanOn.get()).isSameAs(waiting);
        assertThat(secondRanOn.get()).isSameAs(waiting);
        assertThat(secondSawInterrupt.get()).as("the handler saw the get's interrupt").isFalse();
        assertThat(getEnded.get()).isInstanceOf(HazelrayException.class).hasMessageContaining("interrupted while waiting");
    }
}
