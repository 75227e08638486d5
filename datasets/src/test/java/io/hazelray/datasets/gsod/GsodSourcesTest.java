package io.hazelray.datasets.gsod;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.datamodel.Tuple2;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Jet sources on real embedded members (loopback only), one member and two. */
class GsodSourcesTest {
    private final String clusterName = "gsod-sources-" + UUID.randomUUID();
    private final List<HazelcastInstance> members = new ArrayList<>();
    private int firstPort;

    @AfterEach
    void shutDownMembers() {
        for (HazelcastInstance hz : members) {
            try {
                hz.getLifecycleService().terminate();
            } catch (RuntimeException e) {
                // the next one still goes down
            }
        }
        members.clear();
    }

    private HazelcastInstance startMember() {
        int port = freePort();
        if (members.isEmpty()) {
            firstPort = port;
        }
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + firstPort);
        config.getJetConfig().setEnabled(true);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        members.add(hz);
        return hz;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per year: stations, rows, readings >= 100 F in stations present in both years. */
    private static Pipeline countingPipeline() {
        Pipeline p = Pipeline.create();
        var stations = p.readFrom(GsodSources.stations(GsodSample.directory(), "*.tar.gz",
                GsodReader.strict().withColumns(GsodColumn.TEMP)));
        stations.groupingKey(GsodStation::year)
                .aggregate(AggregateOperations.allOf(AggregateOperations.counting(), AggregateOperations.summingLong(GsodStation::size)))
                .map(e -> Util.entry(e.getKey(), List.of(e.getValue().f0(), e.getValue().f1())))
                .writeTo(Sinks.map("totals"));
        stations.map(s -> Util.entry(s.year() + "/" + s.id(), s.countTemp(t -> t >= 100)))
                .writeTo(Sinks.map("hot"));
        return p;
    }

    private static void assertCountedOnce(HazelcastInstance hz) {
        IMap<Integer, List<Long>> totals = hz.getMap("totals");
        assertThat(totals.get(2019)).containsExactly(272L, 89_212L);
        assertThat(totals.get(2020)).containsExactly(272L, 38_719L);
        Map<String, Integer> hot = Map.copyOf(hz.<String, Integer>getMap("hot"));
        Set<String> common = new HashSet<>();
        hot.keySet().stream().filter(k -> k.startsWith("2019/")).forEach(k -> common.add(k.substring(5)));
        common.retainAll(hot.keySet().stream().filter(k -> k.startsWith("2020/")).map(k -> k.substring(5)).toList());
        assertThat(common).hasSize(257);
        assertThat(common.stream().mapToInt(id -> hot.get("2019/" + id)).sum()).isEqualTo(876);   // the sample README's answers
        assertThat(common.stream().mapToInt(id -> hot.get("2020/" + id)).sum()).isEqualTo(107);
    }

    @Test
    void shouldReadEveryStationOfEveryArchiveWithItsYear() {
        // Given
        HazelcastInstance hz = startMember();
        // When
        hz.getJet().newJob(countingPipeline()).join();
        // Then
        assertCountedOnce(hz);
    }

    @Test
    void shouldReadEachArchiveOnceOnTwoMembersSharingTheDisk() {
        // Given
        HazelcastInstance first = startMember();
        HazelcastInstance second = startMember();
        assertThat(first.getCluster().getMembers()).hasSize(2);
        // When
        second.getJet().newJob(countingPipeline()).join();
        // Then
        assertCountedOnce(first);
    }

    @Test
    void shouldReadEveryRowOnTwoMembers() {
        // Given
        HazelcastInstance first = startMember();
        startMember();
        Pipeline p = Pipeline.create();
        p.readFrom(GsodSources.days(GsodSample.directory(), "2020.tar.gz"))
                .aggregate(AggregateOperations.allOf(AggregateOperations.counting(),
                        AggregateOperations.summingLong(d -> d.year() == 2020 && d.hasTemp() ? 1 : 0)))
                .writeTo(Sinks.list("days"));
        // When
        first.getJet().newJob(p).join();
        // Then
        Tuple2<Long, Long> result = first.<Tuple2<Long, Long>>getList("days").get(0);
        assertThat(result.f0()).isEqualTo(38_719L);
        assertThat(result.f1()).isEqualTo(38_719L);                 // TEMP is never missing in the 2020 sample
    }

    @Test
    void shouldSerializeStationsCompactlyAndAsJavaObjects() throws Exception {
        // Given
        HazelcastInstance hz = startMember();
        GsodStation station = GsodReader.strict().readAll(GsodSample.archive(2019)).get(0);
        GsodStation temps = GsodReader.strict().withColumns(GsodColumn.TEMP).readAll(GsodSample.archive(2019)).get(0);
        SerializationService ss = ((SerializationServiceSupport) hz).getSerializationService();
        // When
        Data data = ss.toData(station);
        Data compact = ss.toData(temps);
        IMap<String, GsodStation> map = hz.getMap("stations");
        map.put(station.id(), station);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(station);
        }
        Object javaCopy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            javaCopy = in.readObject();
        }
        // Then
        assertThat(data.getType()).isEqualTo(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE);   // IdentifiedDataSerializable
        assertThat(map.get(station.id())).isEqualTo(station);
        assertThat((GsodStation) ss.toObject(compact)).isEqualTo(temps);
        assertThat(compact.totalSize()).isLessThan(station.size() * 2 * 4 + 200);       // dates and TEMP: 8 bytes a day
        assertThat(javaCopy).isEqualTo(station);
    }
}
