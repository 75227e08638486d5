package io.hazelray.examples.cluster;

import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.cli.CliTestSupport;
import io.hazelray.cli.HazelrayCli;
import io.hazelray.datasets.gsod.GsodSample;
import io.hazelray.examples.gsod.GsodActorsJob;
import io.hazelray.examples.gsod.GsodAnswer;
import io.hazelray.examples.gsod.GsodJetPipeline;
import io.hazelray.examples.gsod.GsodQuestion;
import io.hazelray.runtime.MemberProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The GSOD job on two {@code hazelray member} processes, from a client driver, with both engines. */
class GsodOnMemberProcessesTest extends CliTestSupport {
    private final MemberProcesses processes = new MemberProcesses();
    private final String cluster = "gsod-proc-" + UUID.randomUUID();

    @AfterEach
    void stopMembers() {
        processes.close();
    }

    @Test
    void shouldAnswerTheSamplesQuestionOnMemberProcessesWithBothEngines() {
        // Given: two members (installed code: the examples are on their class path) and a client driver
        MemberProcesses.Member a = processes.start("--cluster-name", cluster, "--cpus", "2");
        MemberProcesses.Member b = processes.start("--cluster-name", cluster, "--cpus", "2", "--join", a.address());
        a.awaitLine(l -> l.startsWith("member joined: " + b.address()), 30);
        GsodQuestion question = new GsodQuestion(2019, 2020, 100.0, GsodSample.directory());
        GsodAnswer known = new GsodAnswer(2019, 2020, 257, 876, 107);
        try (Hazelray ray = Hazelray.connect(ConnectOptions.builder().addresses(a.address()).clusterName(cluster).build())) {
            // When / Then: the sample's known answers, each archive read once across the members
            assertThat(GsodJetPipeline.run(ray, question)).isEqualTo(known);
            assertThat(GsodActorsJob.run(ray, question)).isEqualTo(known);
        }
        // And: as a user runs it
        assertThat(HazelrayCli.run("gsod", "--address", b.address(), "--cluster-name", cluster)).as(err()).isZero();
        assertThat(out()).contains("Number of stations in common: 257", "2019 - High temp count for common stations: 876",
                "2020 - High temp count for common stations: 107");
    }
}
