package io.hazelray.tasks.spi;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.cluster.Address;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.PartitionReplica;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.executor.impl.DistributedExecutorService;
import com.hazelcast.executor.impl.ExecutorServiceProxy;
import com.hazelcast.executor.impl.operations.MemberCallableTaskOperation;
import com.hazelcast.internal.util.UuidUtil;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.LazyMapEntry;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.query.impl.CachedQueryEntry;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import com.hazelcast.spi.impl.operationservice.Operation;
import com.hazelcast.spi.impl.operationexecutor.OperationHostileThread;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Every use Hazelray makes of Hazelcast's internal (non-public) API, in one place, so that a
 * Hazelcast upgrade that moves one is a change to this file. Each use is here because the public
 * API has no equivalent:
 * <ul>
 *   <li>the member's serialization service: values are serialized once, on the caller's thread, and
 *       travel and are stored as those bytes (the public API would serialize them again at every hop);</li>
 *   <li>{@link Data} from bytes ({@code HeapData}): what an IMap stores as it is, without serializing it again;</li>
 *   <li>the stored bytes of an entry inside an entry processor ({@code CachedQueryEntry}): reading an
 *       actor record's header without deserializing its state;</li>
 *   <li>setting an entry processor's entry without deserializing the value it replaces ({@code LazyMapEntry});</li>
 *   <li>whether this thread is one of Hazelcast's operation threads, where a call must not block;</li>
 *   <li>which member holds a partition's backup (the public {@code Partition} names only its owner):
 *       the dashboard shows where each actor's backup lives;</li>
 *   <li>the thread pool behind a member's executor service: a task for the driver's own member is
 *       handed to it directly, without serializing it into an executor operation and back;</li>
 *   <li>a member's invocation futures themselves ({@link #submitToKey}, {@link #submitToMember}):
 *       the public {@code submitToKey} wraps its future in one that completes on the common pool,
 *       and the public {@code submitToMember} runs its callback there: one more thread hand-off
 *       before any callback runs.</li>
 * </ul>
 * The {@link Data} type itself is used by name where values travel as bytes (entry processors,
 * records); it has been stable across 5.x.
 */
public final class GridInternals {
    /** Where a {@link Data}'s payload starts: after its partition hash and type id. */
    public static final int DATA_OFFSET = HeapData.DATA_OFFSET;

    private final InternalSerializationService serialization;

    private GridInternals(InternalSerializationService serialization) {
        this.serialization = serialization;
    }

    /** The internals of {@code hz}, a member or a client. */
    public static GridInternals of(HazelcastInstance hz) {
        return new GridInternals((InternalSerializationService) ((SerializationServiceSupport) hz).getSerializationService());
    }

    /** Serializes {@code value} with the cluster's serializers; {@code null} stays {@code null}. */
    public Data toData(Object value) {
        return serialization.toData(value);
    }

    public <T> T toObject(Data data) {
        return serialization.toObject(data);
    }

    /**
     * {@code map.submitToKey(key, processor)}, whose result may arrive serialized: pass it through
     * {@link #resolve}. On a member the stage is Hazelcast's invocation future itself, so callbacks
     * run on (or are handed off from) the thread that completed the operation; the public method's
     * future would first hop to the common pool by itself. On a client, the public method.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <R> CompletionStage<Object> submitToKey(IMap<String, Object> map, String key,
                                                          EntryProcessor<String, Object, R> processor) {
        if (map instanceof MapProxyImpl<?, ?> member) {
            return (CompletionStage) ((MapProxyImpl<String, Object>) member).executeOnKeyInternal(key, processor);
        }
        return (CompletionStage<Object>) map.submitToKey(key, processor);
    }

    /**
     * {@code executor.submitToMember(task, member, callback)}, with {@code callback} run through
     * {@code callbacks} by the thread that got the response (Hazelcast's own runs it on the common
     * pool). The callback gets the task's result (pass it through {@link #resolve}) or the failure
     * as Hazelcast's callback would. On a client, the public method.
     */
    @SuppressWarnings("unchecked")
    public static <T> void submitToMember(IExecutorService executor, Callable<T> task, Member member,
                                          BiConsumer<Object, Throwable> callback, Executor callbacks) {
        if (executor instanceof ExecutorServiceProxy proxy) {
            NodeEngine engine = proxy.getNodeEngine();
            Operation op = new MemberCallableTaskOperation(proxy.getName(), UuidUtil.newUnsecureUUID(), engine.toData(task));
            engine.getOperationService().createInvocationBuilder(DistributedExecutorService.SERVICE_NAME, op,
                    member.getAddress()).invoke().whenCompleteAsync(callback, callbacks);
            return;
        }
        executor.submitToMember(task, member, new ExecutionCallback<T>() {
            @Override
            public void onResponse(T response) {
                callback.accept(response, null);
            }

            @Override
            public void onFailure(Throwable t) {
                callback.accept(null, t);
            }
        });
    }

    /** A value as {@link #submitToKey} delivered it: deserialized if it came as {@link Data}. */
    @SuppressWarnings("unchecked")
    public <T> T resolve(Object value) {
        return value instanceof Data data ? serialization.toObject(data) : (T) value;
    }

    /** The byte order of serialized ints and longs (reading a record's header in place). */
    public ByteOrder getByteOrder() {
        return serialization.getByteOrder();
    }

    /** Already-serialized bytes as Hazelcast's {@link Data}, stored as they are. */
    public static Data data(byte[] bytes) {
        return new HeapData(bytes);
    }

    /** An entry processor's entry value as the stored bytes, without deserializing it where Hazelcast allows. */
    public Data valueData(Map.Entry<String, Object> entry) {
        if (entry instanceof CachedQueryEntry<String, Object> cached) {
            return cached.getValueData();
        }
        Object value = entry.getValue();
        return value == null ? null : serialization.toData(value);
    }

    /**
     * Sets an entry processor's entry to {@code value} (serialized bytes, or {@code null} to remove
     * it) without deserializing the value it replaces: {@code Map.Entry.setValue} returns the old
     * value, and Hazelcast's entry deserializes it for that, on the partition thread, whatever its
     * size, and with classes this member may not have (an actor's job code on its backup).
     */
    public static void setData(Map.Entry<String, Object> entry, Data value) {
        if (entry instanceof LazyMapEntry<String, Object> lazy) {
            lazy.setValueByInMemoryFormat(InMemoryFormat.OBJECT, Boolean.FALSE); // a cheap "old value"
        }
        entry.setValue(value);
    }

    /**
     * Whether this thread is a Hazelcast partition or operation thread, which must never block
     * (a call that waits there would stall every key of its partitions).
     */
    public static boolean onOperationThread() {
        return ThreadUtil.isRunningOnPartitionThread() || Thread.currentThread() instanceof OperationHostileThread;
    }

    /**
     * The address ({@code host:port}) of the member holding the first backup of partition
     * {@code partitionId}, or {@code null} if it has none (a cluster of one) or {@code member} is
     * not a member.
     */
    public static String backupAddress(HazelcastInstance member, int partitionId) {
        HazelcastInstanceImpl impl = member instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                : member instanceof HazelcastInstanceImpl direct ? direct : null;
        if (impl == null) {
            return null;
        }
        PartitionReplica backup = impl.node.getPartitionService().getPartition(partitionId).getReplica(1);
        if (backup == null) {
            return null;
        }
        Address address = backup.address();
        return address.getHost() + ":" + address.getPort();
    }

    /**
     * The thread pool that {@code hz}'s executor service {@code executorName} runs its tasks on (the
     * same pool, whoever asks first creates it), or {@code null} if {@code hz} is a client.
     */
    public static Executor executorPool(HazelcastInstance hz, String executorName) {
        HazelcastInstanceImpl impl = hz instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                : hz instanceof HazelcastInstanceImpl direct ? direct : null;
        return impl == null ? null : impl.node.getNodeEngine().getExecutionService().getExecutor(executorName);
    }

    /**
     * The Java serialization filter of {@code hz}'s own configuration, or null: a member's from its
     * {@code Config}; a client's from the {@code ClientConfig} the client instance keeps (a copy of
     * the one it was started with, reachable only through the client's implementation class).
     */
    public static JavaSerializationFilterConfig javaSerializationFilter(HazelcastInstance hz) {
        try {
            return hz.getConfig().getSerializationConfig().getJavaSerializationFilterConfig();
        } catch (UnsupportedOperationException client) {
            return hz instanceof HazelcastClientProxy proxy
                    ? proxy.getClientConfig().getSerializationConfig().getJavaSerializationFilterConfig() : null;
        }
    }
}
