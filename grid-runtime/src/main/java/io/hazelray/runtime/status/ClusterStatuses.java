package io.hazelray.runtime.status;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads the {@link ClusterStatus}: each member answers for itself, in parallel. */
public final class ClusterStatuses {
    /** The executor status probes run on: small, apart from the task pools, so a busy cluster still answers. */
    public static final String EXECUTOR = "hazelray.status";
    /** How long a member may take to answer before it is listed as unreachable. */
    public static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(5);

    private ClusterStatuses() {
    }

    /** The status of the cluster {@code hz} (a member or a client) belongs to. */
    public static ClusterStatus of(HazelcastInstance hz) {
        Answers<MemberStatus> answers = askAll(hz, new StatusProbe(), MEMBER_TIMEOUT);
        List<MemberStatus> members = new ArrayList<>(answers.byMember().values());
        String clusterName = members.isEmpty() ? "?" : members.get(0).clusterName();
        return new ClusterStatus(clusterName, System.currentTimeMillis(), members, answers.unreachable(), jobs(hz));
    }

    /** Each member's answer by address, in the cluster's member order, and the members that did not answer, with why. */
    public record Answers<T>(Map<String, T> byMember, List<String> unreachable) {
    }

    /**
     * Asks every member {@code probe} at once, on the small status executor (apart from the task
     * pools, so a busy cluster still answers), and waits at most {@code timeout} for them all.
     */
    public static <T> Answers<T> askAll(HazelcastInstance hz, MemberProbe<T> probe, Duration timeout) {
        Map<Member, Future<T>> futures = hz.getExecutorService(EXECUTOR).submitToAllMembers(probe);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, T> answers = new LinkedHashMap<>();
        List<String> unreachable = new ArrayList<>();
        for (Member member : hz.getCluster().getMembers()) {
            Future<T> answer = futures.get(member);
            String address = member.getAddress().getHost() + ":" + member.getAddress().getPort();
            if (answer == null) {
                unreachable.add(address + ": joined while the cluster was asked");
                continue;
            }
            try {
                answers.put(address, answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                unreachable.add(address + ": no answer within " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                unreachable.add(address + ": " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unreachable.add(address + ": interrupted");
            }
        }
        return new Answers<>(answers, unreachable);
    }

    private static List<JobStatus> jobs(HazelcastInstance hz) {
        List<JobStatus> jobs = new ArrayList<>();
        for (Job job : hz.getJet().getJobs()) {
            String name = job.getName() != null ? job.getName() : job.getIdString();
            jobs.add(new JobStatus(job.getIdString(), name, job.getStatus().name(), job.getSubmissionTime()));
        }
        jobs.sort(Comparator.comparingLong(JobStatus::submittedAt).reversed());
        return jobs;
    }

    /** This member's status alone, read here (no network): for a member's own log and its dashboard. */
    public static MemberStatus local(HazelcastInstance member) {
        return StatusProbe.read(member);
    }
}
