package io.hazelray.core;


/**
 * An actor method (or constructor) threw. As for tasks, the message names the call, the actor and
 * the member, and the cause is a {@link RemoteException} with the remote class, message and stack
 * trace ({@link #remoteClassName()}, {@link #remoteStackTrace()}).
 *
 * <p>The call had no effect on the actor's state: whatever it changed before throwing is
 * discarded, and the actor goes on serving calls from the state it had before.
 */
public final class ActorTaskException extends TaskException {
    private final String actorId;

    public ActorTaskException(String actorId, String actorName, String callName, String member,
                              RemoteException cause) {
        super("call of actor " + ActorDiedException.describe(actorId, actorName), callName, member, cause);
        this.actorId = actorId;
    }

    /** The id of the actor whose method threw. */
    public String actorId() {
        return actorId;
    }
}
