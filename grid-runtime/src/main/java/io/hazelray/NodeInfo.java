package io.hazelray;

import java.util.Map;

/**
 * One member of the cluster, as Ray's {@code ray.nodes()} lists nodes.
 *
 * @param address   {@code host:port}
 * @param uuid      the member's id in the cluster
 * @param local     whether it is the member this code runs on
 * @param resources what it offers: {@code CPU} (its CPU slots) and its custom resources ({@code --resources})
 */
public record NodeInfo(String address, String uuid, boolean local, Map<String, Double> resources) {
    public NodeInfo {
        resources = Map.copyOf(resources);
    }
}
