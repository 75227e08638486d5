package io.hazelray.examples.gsod;

import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.datasets.gsod.GsodGenerator;
import io.hazelray.runtime.MemberProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GSOD Jet job (the default engine) on three {@code hazelray member} processes, one of them
 * killed with {@code kill -9} while the job runs: Jet restarts a batch job from its start on the
 * members left, and the driver must still get the whole answer, counted once.
 */
@Tag("chaos")
class GsodJobChaosTest {
    private final MemberProcesses processes = new MemberProcesses();
    private final String cluster = "gsod-chaos-" + UUID.randomUUID();

    @AfterEach
    void stopMembers() {
        processes.close();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS) // writing 46 MB of archives takes its time on a loaded machine
    void shouldGiveTheWholeAnswerWhenAMemberIsKilledWhileTheJetJobRuns(@TempDir Path dir) throws Exception {
        // Given: two generated years large enough that the job runs for seconds, and their answer
        // computed from the generator's model (two archives of about 23 MB, written in parallel)
        long t0 = System.nanoTime();
        GsodGenerator g1 = GsodGenerator.of(1990, 2_000, 11).withMissingTempRate(0.02);
        GsodGenerator g2 = GsodGenerator.of(1991, 1_900, 11).withMissingTempRate(0.02);
        CompletableFuture<Path> written = CompletableFuture.supplyAsync(() -> g2.writeTo(dir));
        g1.writeTo(dir);
        written.join();
        GsodQuestion q = new GsodQuestion(1990, 1991, 90.0, dir);
        GsodAnswer expected = GsodJobTest.independentAnswer(GsodJobTest.temps(g1), GsodJobTest.temps(g2), q);
        assertThat(expected.commonStations()).isGreaterThan(1_500L);
        report("two archives written in %d ms, %s", millisSince(t0), expected);
        // and three members (the examples are on their class path), the first the job's coordinator
        List<MemberProcesses.Member> members = processes.startJoined(3, "--cluster-name", cluster, "--cpus", "2");
        MemberProcesses.Member master = members.get(0);
        MemberProcesses.Member victim = members.get(2);
        try (Hazelray ray = Hazelray.connect(ConnectOptions.builder().addresses(List.of(master.address(), members.get(1).address()))
                .clusterName(cluster).build())) {
            // When: the job runs, and a member that reads part of the archives is killed -9 once it does
            CompletableFuture<GsodAnswer> answer = CompletableFuture.supplyAsync(() -> GsodJetPipeline.run(ray, q));
            Job job = awaitRunningJob(ray, answer);
            long killedAt = System.nanoTime();
            report("kill -9 member %s (pid %d) while job %s is %s", victim.address(), victim.process().pid(), job.getName(),
                    job.getStatus());
            victim.kill();
            // Then: the whole answer, counted once (no archive lost with the member, none read twice)
            assertThat(answer.get(90, TimeUnit.SECONDS)).isEqualTo(expected);
            report("the whole answer %d ms after the kill", millisSince(killedAt));
            assertThat(job.getStatus()).isEqualTo(JobStatus.COMPLETED);
            master.awaitLine(l -> l.startsWith("member left: " + victim.address()), 30);
        }
    }

    /** The GSOD job once Jet runs it; fails if the job ended before it could be caught running. */
    private static Job awaitRunningJob(Hazelray ray, CompletableFuture<GsodAnswer> answer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Job job : ray.hazelcast().getJet().getJobs()) {
                if (job.getName() != null && job.getName().startsWith("gsod-") && job.getStatus() == JobStatus.RUNNING) {
                    return job;
                }
            }
            assertThat(answer).as("the job finished before a member could be killed: make the data larger").isNotDone();
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("the GSOD job was not running within 60 s");
    }

    private static void report(String format, Object... args) {
        System.out.println("chaos: " + String.format(format, args));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
