package io.hazelray.cluster;

import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;

/** A Jet job whose class only the driver has (it travels with the job, {@code JobConfig.addClass}). */
final class TripleJob {
    private TripleJob() {
    }

    static Pipeline pipeline(String sink) {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.items(1, 2, 3)).map(TripleJob::triple).writeTo(Sinks.list(sink));
        return pipeline;
    }

    static int triple(int x) {
        return 3 * x;
    }
}
