package io.hazelray.tasks;

import java.util.Objects;

/**
 * Run a task on one node (member), as Ray's {@code NodeAffinitySchedulingStrategy}. The node is
 * named by the id {@code ray.nodes()} gives ({@code NodeInfo.uuid()}) or by its {@code host:port}.
 * {@link #hard}: only there; the task fails at once, saying why, if that member is not in the
 * cluster (or left it before a retry) or can never fit the task. {@link #soft}: there if it is in
 * the cluster and can fit the task, else wherever the default policy says.
 *
 * @param nodeId the member's uuid or {@code host:port}
 * @param soft   whether another member may run the task when this one cannot
 */
public record NodeAffinity(String nodeId, boolean soft) implements SchedulingStrategy {
    public NodeAffinity {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId must not be blank");
        }
    }

    /** Only on {@code nodeId}; fail if it cannot run there. */
    public static NodeAffinity hard(String nodeId) {
        return new NodeAffinity(nodeId, false);
    }

    /** On {@code nodeId} if it can run there, else elsewhere. */
    public static NodeAffinity soft(String nodeId) {
        return new NodeAffinity(nodeId, true);
    }
}
