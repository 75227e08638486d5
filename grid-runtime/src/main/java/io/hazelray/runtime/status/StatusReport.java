package io.hazelray.runtime.status;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.TreeMap;
import io.hazelray.tasks.Resources;
import io.hazelray.tasks.TaskMetrics;

/** {@link ClusterStatus} as {@code ./hazelray status} prints it, in the manner of {@code ray status}. */
public final class StatusReport {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private StatusReport() {
    }

    public static String text(ClusterStatus status) {
        StringBuilder out = new StringBuilder();
        long objects = status.members().stream().mapToLong(m -> m.objects().entries()).sum();
        long objectBytes = status.members().stream().mapToLong(m -> m.objects().bytes()).sum();
        long actors = status.members().stream().mapToLong(MemberStatus::actorRecords).sum();
        out.append(String.format(Locale.ROOT, "Cluster '%s': %d member%s, %d CPU slots (%d busy), %d objects (%s), %d actors%n",
                status.clusterName(), status.members().size(), status.members().size() == 1 ? "" : "s",
                status.cpuSlots(), status.slotsBusy(), objects, bytes(objectBytes), actors));
        out.append("Members\n");
        for (MemberStatus m : status.members()) {
            out.append(String.format(Locale.ROOT,
                    "  %-21s up %-8s slots %d/%d%s  cpu %s  heap %s / %s%n"
                    + "  %-21s objects %d (%s) + %d backups (%s)  actors %d (%d live)%n"
                    + "  %-21s tasks %d waiting, %d running, %d finished, %d failed%n",
                    m.address(), uptime(m.uptimeMillis()), m.tasks().slotsBusy(), m.tasks().cpuSlots(), resources(m.tasks()),
                    m.processCpuLoad() < 0 ? "?" : Math.round(m.processCpuLoad() * 100) + "%", bytes(m.heapUsed()),
                    bytes(m.heapMax()),
                    "", m.objects().entries(), bytes(m.objects().bytes()), m.objects().backupEntries(),
                    bytes(m.objects().backupBytes()), m.actorRecords(), m.actors().liveActors(),
                    "", m.tasks().waiting(), m.tasks().running(), m.tasks().finished(), m.tasks().failed()));
        }
        for (String u : status.unreachable()) {
            out.append("  unreachable: ").append(u).append('\n');
        }
        out.append("Jet jobs\n");
        if (status.jobs().isEmpty()) {
            out.append("  (none)\n");
        }
        for (JobStatus job : status.jobs()) {
            LocalTime at = LocalTime.ofInstant(Instant.ofEpochMilli(job.submittedAt()), ZoneId.systemDefault());
            out.append(String.format(Locale.ROOT, "  %-30s %-12s submitted %s%n", job.name(), job.status(), CLOCK.format(at)));
        }
        return out.toString();
    }

    /** {@code  GPU 1/2  ssd 0/1}: each custom resource held and offered; empty for none. */
    private static String resources(TaskMetrics tasks) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(tasks.resources()).forEach((name, total) -> out.append("  ").append(name).append(' ')
                .append(Resources.amount((double) (Resources.units(total) - Resources.units(tasks.resourcesFree()
                        .getOrDefault(name, total))) / Resources.UNITS_PER_ONE)).append('/')
                .append(Resources.amount(total)));
        return out.toString();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    static String uptime(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "s";
    }
}
