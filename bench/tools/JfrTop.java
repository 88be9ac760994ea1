import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: the methods most often on top of the
 * stack (self), the methods most often anywhere on it (total, each counted once per sample), and the threads, each
 * as a share of all samples kept. Java 17 has no {@code jfr view}; this runs as a single-file program:
 *
 * <pre>java bench/tools/JfrTop.java FILE [N] [THREAD_PREFIX]</pre>
 *
 * N (default 20) rows per table; THREAD_PREFIX keeps only samples of threads whose name starts with it.
 */
public final class JfrTop {
    private JfrTop() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java bench/tools/JfrTop.java FILE [N] [THREAD_PREFIX]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String prefix = args.length > 2 ? args[2] : "";
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        int all = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            all++;
            RecordedThread t = e.getThread("sampledThread");
            String thread = t == null ? "?" : String.valueOf(t.getJavaName());
            if (!thread.startsWith(prefix) || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            threads.merge(threadGroup(thread), 1, Integer::sum);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < frames.size(); i++) {
                String m = name(frames.get(i).getMethod());
                if (i == 0) {
                    self.merge(m, 1, Integer::sum);
                }
                if (seen.add(m)) {
                    total.merge(m, 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d CPU samples kept of %d%s%n", file, samples, all,
                prefix.isEmpty() ? "" : " (threads starting " + prefix + ")");
        table("self", self, samples, n);
        table("total", total, samples, n);
        table("threads", threads, samples, n);
    }

    /** Thread names with their trailing counters folded, so a pool shows as one row. */
    private static String threadGroup(String name) {
        return name.replaceAll("[-#]?\\d+$", "-N").replaceAll("-\\d+-", "-N-");
    }

    private static String name(RecordedMethod m) {
        if (m == null) {
            return "?";
        }
        String type = m.getType() == null ? "?" : m.getType().getName();
        return type + "." + m.getName();
    }

    private static void table(String title, Map<String, Integer> counts, int samples, int n) {
        System.out.println("-- " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(en -> System.out.printf(Locale.ROOT, "%6.1f %%  %6d  %s%n",
                        100.0 * en.getValue() / Math.max(1, samples), en.getValue(), en.getKey()));
    }
}
