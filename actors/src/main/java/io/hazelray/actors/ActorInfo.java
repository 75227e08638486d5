package io.hazelray.actors;

import java.io.Serializable;

/**
 * One actor as the member that owns it sees it, read with {@link Actors#local}: what the
 * dashboard's actors table shows.
 *
 * @param id           the actor's id
 * @param className    the actor's class, or {@code null} if this member has not loaded it since it moved here
 * @param name         the name it was created with, or {@code null}
 * @param driver       the owner id of the driver that created it ({@code detached} for detached actors)
 * @param state        ALIVE, DEAD (killed or purged), FAILED (its constructor threw), or IDLE (alive as far as
 *                     this member knows, not loaded here since its partition moved here)
 * @param member       the member that owns it (runs its calls)
 * @param backupMember the member holding its backup, or {@code null} if none
 * @param callsServed  calls this member answered for it
 * @param callsFailed  of those, calls that threw
 * @param lastError    the last call's exception that threw here, {@code Class: message}, or {@code null}
 * @param lastErrorAt  when, epoch milliseconds (0 if none)
 * @param stateBytes   the size of its serialized record (state and the callers' last replies), -1 if unknown
 */
public record ActorInfo(String id, String className, String name, String driver, String state, String member,
                        String backupMember, long callsServed, long callsFailed, String lastError, long lastErrorAt,
                        long stateBytes) implements Serializable {
}
