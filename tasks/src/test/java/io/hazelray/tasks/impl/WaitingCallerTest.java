package io.hazelray.tasks.impl;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply handler handed to a waiting thread runs exactly once, whether the thread took it, or
 * stopped waiting just before or just after it was handed over: a lost handler would leave an
 * actor's channel waiting for a reply forever, a doubled one would complete calls twice.
 */
class WaitingCallerTest {
    @Test
    void shouldRunEveryHandlerExactlyOnceWhileTheWaiterStopsWaitingConcurrently() throws Exception {
        int handlers = 50;
        for (int round = 0; round < 500; round++) {
            // Given: a waiting thread (this one) and a thread handing it handlers meanwhile
            WaitingCaller waiter = new WaitingCaller();
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch allRan = new CountDownLatch(handlers);
            Runnable handler = () -> {
                ran.incrementAndGet();
                allRan.countDown();
            };
            Thread replies = new Thread(() -> {
                for (int i = 0; i < handlers; i++) {
                    if (!waiter.offer(handler)) {
                        handler.run(); // as the reply executor does: elsewhere
                    }
                }
            });
            replies.start();
            // When: it takes a few, then stops waiting while handlers still arrive
            for (int i = 0; i < round % 7; i++) {
                Runnable taken = waiter.poll();
                if (taken != null) {
                    taken.run();
                }
            }
            waiter.close();
            replies.join();
            // Then
            assertThat(allRan.await(10, TimeUnit.SECONDS)).as("every handler ran (round %d)", round).isTrue();
            ForkJoinPool.commonPool().awaitQuiescence(10, TimeUnit.SECONDS);
            assertThat(ran).as("no handler ran twice (round %d)", round).hasValue(handlers);
            assertThat(waiter.offer(handler)).as("a closed waiter takes nothing").isFalse();
        }
    }
}
