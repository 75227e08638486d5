package io.hazelray.tasks.spi;

import io.hazelray.tasks.spi.FunctionCodec;
import io.hazelray.tasks.impl.ObjectStore;
import io.hazelray.tasks.spi.CpuSlots;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.hazelray.tasks.Tasks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Hazelcast handles Hazelray uses on one instance, created once per instance and kept in its
 * user context, so that every driver and every task executed there shares them (and a JVM that
 * holds several members, as tests do, keeps them apart).
 */
public final class GridServices {
    private static final String KEY = "hazelray.tasks.services";

    private final HazelcastInstance hz;
    private final SerializationService serialization;
    private final ObjectStore store;
    private final java.util.List<IExecutorService> executors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FunctionCodec codec;
    private final CpuSlots slots;
    private final String idPrefix;
    private final String localAddress;
    private final AtomicLong sequence = new AtomicLong();

    private GridServices(HazelcastInstance hz) {
        this.hz = hz;
        this.serialization = ((SerializationServiceSupport) hz).getSerializationService();
        this.store = new ObjectStore(hz.getMap(Tasks.OBJECTS_MAP));
        this.executors.add(hz.getExecutorService(Tasks.EXECUTOR));
        this.codec = new FunctionCodec(classLoader(hz));
        this.slots = new CpuSlots(localCpus(hz));
        this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        this.localAddress = addressOf(hz);
    }

    /** The services of {@code hz}, created on first use. */
    public static GridServices of(HazelcastInstance hz) {
        return (GridServices) hz.getUserContext().computeIfAbsent(KEY, k -> new GridServices(hz));
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    public ObjectStore store() {
        return store;
    }

    /**
     * Nesting depths with a pool of their own; deeper tasks share the last one (a bound on
     * threads: recursion thousands deep would otherwise make thousands of pools).
     */
    static final int MAX_DEPTH_POOLS = 64;

    /** The executor of tasks submitted at nesting {@code depth} (0: by a driver). */
    public IExecutorService executor(int depth) {
        depth = Math.min(depth, MAX_DEPTH_POOLS);
        while (executors.size() <= depth) {
            synchronized (executors) {
                int next = executors.size();
                if (next <= depth) {
                    executors.add(hz.getExecutorService(Tasks.EXECUTOR + ".depth-" + next));
                }
            }
        }
        return executors.get(depth);
    }

    public FunctionCodec codec() {
        return codec;
    }

    public CpuSlots slots() {
        return slots;
    }

    /** A new object id owned by {@code owner}: unique across the cluster, and prefixed by the owner. */
    public String newObjectId(String owner) {
        return owner + "/" + idPrefix + "." + Long.toString(sequence.incrementAndGet(), 36);
    }

    /** Serializes {@code value} with the cluster's serializers; {@code null} stays {@code null}. */
    public byte[] toBytes(Object value) {
        Data data = serialization.toData(value);
        return data == null ? null : data.toByteArray();
    }

    public Data toData(Object value) {
        return serialization.toData(value);
    }

    /** Wraps already-serialized bytes so Hazelcast stores them without serializing again. */
    public Data dataOf(byte[] bytes) {
        return new HeapData(bytes);
    }

    public <T> T fromBytes(byte[] bytes) {
        return bytes == null ? null : serialization.toObject(new HeapData(bytes));
    }

    /** This instance's address, e.g. {@code 127.0.0.1:5701} (a client names its cluster connection). */
    public String localAddress() {
        return localAddress; // every task and actor reply names it: computed once
    }

    private static String addressOf(HazelcastInstance hz) {
        try {
            return address(hz.getCluster().getLocalMember());
        } catch (UnsupportedOperationException client) {
            return "client " + hz.getName();
        }
    }

    /** A member's address as messages show it, e.g. {@code 127.0.0.1:5702}. */
    public static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static int localCpus(HazelcastInstance hz) {
        try {
            String cpus = hz.getCluster().getLocalMember().getAttribute(Tasks.CPUS_ATTRIBUTE);
            return cpus == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(cpus);
        } catch (UnsupportedOperationException client) {
            return 0; // a client runs no tasks
        }
    }

    private static ClassLoader classLoader(HazelcastInstance hz) {
        try {
            ClassLoader configured = hz.getConfig().getClassLoader();
            if (configured != null) {
                return configured;
            }
        } catch (UnsupportedOperationException ignored) {
            // clients do not expose a member Config
        }
        return GridServices.class.getClassLoader();
    }
}
