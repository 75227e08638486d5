package io.hazelray.runtime;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.hazelray.HazelrayOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example configurations of the README's "Across machines", and the precedence of settings. */
class ExampleConfigsTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("hazelray.root", "."), "config", "examples");

    @Test
    void shouldLoadTheTwoMachinesExampleWithItsJoinListAndInterface() {
        Config config = MemberConfigs.memberConfig(HazelrayOptions.builder()
                .configFile(EXAMPLES.resolve("member-two-machines.yaml")).build(), Map.of(), Map.of());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.11:5701", "10.0.0.12:5701");
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.11");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getExecutorConfigs()).containsKey("hazelray.tasks"); // Hazelray's own settings still apply
    }

    @Test
    void shouldLoadTheKubernetesExampleWithKubernetesDiscovery() {
        Config config = MemberConfigs.memberConfig(HazelrayOptions.builder()
                .configFile(EXAMPLES.resolve("member-kubernetes.yaml")).build(), Map.of(), Map.of());
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-name")).isEqualTo("hazelray");
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    }

    @Test
    void shouldTakeAFlagOverASystemPropertyOverTheFileOfTheEnvironment() {
        Path file = EXAMPLES.resolve("member-two-machines.yaml");
        Map<String, String> env = Map.of(MemberConfigs.CONFIG_ENV, file.toString());
        // the file named by HAZELRAY_CONFIG is used
        Config fromEnv = MemberConfigs.memberConfig(HazelrayOptions.defaults(), env, Map.of());
        assertThat(fromEnv.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.11");
        // a system property overrides the file
        Config fromProperty = MemberConfigs.memberConfig(HazelrayOptions.defaults(), env,
                Map.of("hazelray.cluster-name", "from-property", "hazelray.cpus", "3"));
        assertThat(fromProperty.getClusterName()).isEqualTo("from-property");
        assertThat(fromProperty.getMemberAttributeConfig().getAttribute("hazelray.cpus")).isEqualTo("3");
        // a flag (an option) overrides the property
        Config fromFlag = MemberConfigs.memberConfig(HazelrayOptions.builder().clusterName("from-flag").cpus(1).build(), env,
                Map.of("hazelray.cluster-name", "from-property", "hazelray.cpus", "3"));
        assertThat(fromFlag.getClusterName()).isEqualTo("from-flag");
        assertThat(fromFlag.getMemberAttributeConfig().getAttribute("hazelray.cpus")).isEqualTo("1");
    }

    @Test
    void shouldNameTheSystemPropertyAtFault() {
        assertThatThrownBy(() -> MemberConfigs.memberConfig(HazelrayOptions.defaults(), Map.of(), Map.of("hazelray.port", "x")))
                .hasMessage("system property hazelray.port must be a number from 1 to 65535, was 'x'");
    }
}
