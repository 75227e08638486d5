package io.hazelray.runtime.status;

import java.io.Serializable;

/**
 * A Jet job of the cluster (the GSOD engine's pipeline, for one).
 *
 * @param id             Jet's job id, as Jet prints it
 * @param name           the job's name, or its id if it has none
 * @param status         NOT_RUNNING, STARTING, RUNNING, COMPLETED, FAILED, ...
 * @param submittedAt    epoch milliseconds
 */
public record JobStatus(String id, String name, String status, long submittedAt) implements Serializable {
}
