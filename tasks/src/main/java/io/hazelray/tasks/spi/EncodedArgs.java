package io.hazelray.tasks.spi;

import io.hazelray.core.RemoteException;
import io.hazelray.tasks.impl.ObjectRefImpl;
import io.hazelray.tasks.impl.ObjectStore;
import io.hazelray.tasks.impl.LocalObject;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskException;

import java.io.IOException;
import java.time.Duration;

/**
 * A call's arguments as they travel: each one either a serialized value (plain values, and the
 * results of refs that came back inline) or the id of an object the executing member reads
 * from the store itself, so a large value goes from the grid to that member, never through the
 * caller.
 */
public final class EncodedArgs {
    private final byte[][] values;
    private final String[] refIds;

    public EncodedArgs(int count) {
        this.values = new byte[count][];
        this.refIds = new String[count];
    }

    public int size() {
        return values.length;
    }

    public void setValue(int i, byte[] serialized) {
        values[i] = serialized;
    }

    public void setRef(int i, String objectId) {
        refIds[i] = objectId;
    }

    /**
     * Deserializes and fetches the arguments on the executing member, naming the argument at
     * fault in the exception when one cannot be had.
     *
     * @param callName   the call, for messages
     */
    public Object[] resolve(GridServices grid, String callName, String memberAddress) {
        Object[] args = new Object[values.length];
        for (int i = 0; i < args.length; i++) {
            try {
                if (refIds[i] != null) {
                    ObjectRef<?> ref = new ObjectRefImpl<>(refIds[i], null);
                    Object value = grid.store().await(ref, (Duration) null);
                    if (value instanceof ObjectStore.StoredFailure failure) {
                        throw argumentFailed(i, callName, memberAddress, failure.exception());
                    }
                    args[i] = value instanceof LocalObject.NullValue ? null : value;
                } else {
                    args[i] = grid.fromBytes(values[i]);
                }
            } catch (ArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw argumentFailed(i, callName, memberAddress, e);
            }
        }
        return args;
    }

    private static ArgumentException argumentFailed(int i, String callName, String member, Throwable cause) {
        return new ArgumentException("argument " + i + " of '" + callName + "' could not be resolved on member "
                + member + ": " + cause.getMessage(), cause);
    }

    /** An argument of a call could not be had; the message says which. */
    public static final class ArgumentException extends HazelrayException {
        ArgumentException(String message, Throwable cause) {
            super(message, cause instanceof TaskException ? cause : RemoteException.from(cause));
        }
    }

    public void writeTo(ObjectDataOutput out) throws IOException {
        out.writeInt(values.length);
        for (int i = 0; i < values.length; i++) {
            if (refIds[i] != null) {
                out.writeByte(1);
                out.writeString(refIds[i]);
            } else {
                out.writeByte(0);
                out.writeByteArray(values[i]);
            }
        }
    }

    public static EncodedArgs readFrom(ObjectDataInput in) throws IOException {
        EncodedArgs args = new EncodedArgs(WireCounts.read(in, WireCounts.MAX_ARGUMENTS, "arguments of a call"));
        for (int i = 0; i < args.values.length; i++) {
            if (in.readByte() == 1) {
                args.refIds[i] = in.readString();
            } else {
                args.values[i] = in.readByteArray();
            }
        }
        return args;
    }
}
