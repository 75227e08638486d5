package io.hazelray.dashboard;

import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Hazelray.init} starts the dashboard with its member, unless switched off. */
class InitDashboardTest {

    @Test
    void shouldServeTheDashboardOfTheMemberInitStarted() throws Exception {
        try (Hazelray ray = Hazelray.init(HazelrayOptions.builder().cpus(1).clusterName("dash-" + UUID.randomUUID())
                .dashboard(DashboardOptions.onPort(0)).build())) {
            String url = ray.dashboardUrl().orElseThrow();
            assertThat(url).startsWith("http://127.0.0.1:");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/cluster"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(ray.address());
        }
    }

    @Test
    void shouldStartNoDashboardWhenSwitchedOff() {
        // the build sets hazelray.dashboard=off for every test: the defaults read it
        assertThat(DashboardOptions.defaults().enabled()).isFalse();
        try (Hazelray ray = Hazelray.init(HazelrayOptions.builder().cpus(1).clusterName("dash-" + UUID.randomUUID()).build())) {
            assertThat(ray.dashboardUrl()).isEmpty();
        }
    }
}
