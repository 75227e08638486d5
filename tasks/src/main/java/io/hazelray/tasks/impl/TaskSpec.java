package io.hazelray.tasks.impl;

import io.hazelray.tasks.spi.EncodedArgs;
import io.hazelray.tasks.spi.GridServices;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * One task as it travels to the member that runs it: the function, its arguments, and what the
 * member needs to run it (CPU slots, which exceptions the caller retries). Runs as a Callable on
 * the Hazelray executor and answers with a {@link TaskReply}.
 */
public final class TaskSpec extends TasksSerializerHook.Message implements Callable<TaskReply>, HazelcastInstanceAware {
    String taskId;
    String owner;
    String name;
    byte[] function;
    EncodedArgs args;
    int cpus;
    int attempt;
    String[] retryExceptions;
    /** How deep in nested tasks this one is: 0 when a driver submitted it. */
    int depth;
    /** The digests of the job code the function needs (see JobCode); empty when members have it all. */
    String[] code;
    /** Custom resources the task holds while it runs; empty for none. */
    Map<String, Double> resources = Map.of();
    private transient HazelcastInstance hz;

    public TaskSpec() {
    }

    TaskSpec(String taskId, String owner, String name, byte[] function, EncodedArgs args, int cpus,
             String[] retryExceptions, int depth, String[] code) {
        this.code = code;
        this.taskId = taskId;
        this.owner = owner;
        this.name = name;
        this.function = function;
        this.args = args;
        this.cpus = cpus;
        this.retryExceptions = retryExceptions;
        this.depth = depth;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public TaskReply call() {
        return TaskExecution.run(GridServices.of(hz), this);
    }

    @Override
    public int getClassId() {
        return TasksSerializerHook.TASK_SPEC;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(taskId);
        out.writeString(owner);
        out.writeString(name);
        out.writeByteArray(function);
        args.writeTo(out);
        out.writeInt(cpus);
        out.writeInt(attempt);
        out.writeStringArray(retryExceptions);
        out.writeInt(depth);
        out.writeStringArray(code);
        out.writeInt(resources.size());
        for (Map.Entry<String, Double> r : resources.entrySet()) {
            out.writeString(r.getKey());
            out.writeDouble(r.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        taskId = in.readString();
        owner = in.readString();
        name = in.readString();
        function = in.readByteArray();
        args = EncodedArgs.readFrom(in);
        cpus = in.readInt();
        attempt = in.readInt();
        retryExceptions = in.readStringArray();
        depth = in.readInt();
        code = in.readStringArray();
        int n = in.readInt();
        if (n > 0) {
            Map<String, Double> read = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                read.put(in.readString(), in.readDouble());
            }
            resources = read;
        }
    }
}
