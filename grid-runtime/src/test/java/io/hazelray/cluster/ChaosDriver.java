package io.hazelray.cluster;

import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.runtime.MemberProcesses;
import io.hazelray.tasks.TaskContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A driver process for {@link ChaosTest}: connects as a client, stores objects, shares a ref whose
 * task is still running (a PENDING marker) and a stored one through a plain map, creates actors
 * (one named, one detached), prints {@code READY <owner id>}, then waits to be killed.
 *
 * <p>Arguments: the cluster name, {@code client} (a Hazelcast client) or {@code embedded} (a member of
 * its own that joins the others), then member addresses.
 */
public final class ChaosDriver {
    private ChaosDriver() {
    }

    public static void main(String[] args) throws Exception {
        String cluster = args[0];
        boolean embedded = args[1].equals("embedded");
        List<String> addresses = Arrays.asList(args).subList(2, args.length);
        Hazelray ray = embedded
                ? Hazelray.init(HazelrayOptions.builder().clusterName(cluster).members(addresses).cpus(2)
                        .port(MemberProcesses.freePort()).dashboard(DashboardOptions.off()).build())
                : Hazelray.connect(ConnectOptions.builder().addresses(addresses).clusterName(cluster).build());
        List<ObjectRef<byte[]>> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stored.add(ray.put(ChaosTest.megabyte(i)));
        }
        // The actors first: an actor call takes a CPU slot of its member, and the two tasks below
        // hold theirs until released; on one member, they would hold both of its slots
        ActorHandle<ChaosTest.Counter> owned = ray.actor(ChaosTest.Counter::new).name("owned-" + cluster).remote();
        ActorHandle<ChaosTest.Counter> detached = ray.actor(ChaosTest.Counter::new).name("detached-" + cluster).detached().remote();
        ray.get(owned.task(ChaosTest.Counter::increment).remote());
        ray.get(detached.task(ChaosTest.Counter::increment).remote());
        // Both run until the test says the driver is dead (not for a fixed time: a slow machine would
        // see them finish before the kill, and its readers would get values instead of the error)
        ObjectRef<Long> pending = ray.task(ChaosDriver::sleepThenAnswer, cluster).remote();
        ObjectRef<byte[]> large = ray.task(ChaosDriver::largeLater, cluster).remote();
        Map<String, Object> handoff = ray.hazelcast().getMap("chaos.handoff." + cluster);
        handoff.put("pending", pending);      // serializing a ref shares it: a PENDING marker in the store
        handoff.put("large", large);
        handoff.put("stored", stored.get(0));
        String id = pending.id();
        System.out.println("READY " + id.substring(0, id.indexOf('/')) + " " + owned.actorId() + " " + detached.actorId());
        Thread.sleep(Long.MAX_VALUE); // killed by the test
    }

    static long sleepThenAnswer(String cluster) throws InterruptedException {
        awaitRelease(cluster, "release-pending");
        return 42L;
    }

    /** A result too large to come back inline, written to the store after its driver died. */
    static byte[] largeLater(String cluster) throws InterruptedException {
        awaitRelease(cluster, "release-large");
        TaskContext.current().orElseThrow().hazelcast().getMap("chaos.handoff." + cluster).put("large-returning", true);
        return new byte[300_000];
    }

    /** Waits (at most two minutes) until the test puts {@code key} in the hand-off map. */
    private static void awaitRelease(String cluster, String key) throws InterruptedException {
        Map<String, Object> handoff = TaskContext.current().orElseThrow().hazelcast().getMap("chaos.handoff." + cluster);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!handoff.containsKey(key) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
