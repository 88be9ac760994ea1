package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which steps of a plan may run at the same time: consecutive {@link FileStep.Transfer}s to different files. Each
 * such transfer reads only its payload file and writes only its own target (through a temporary name beside it), and
 * no transfer reads what another writes, so running them at once has the same effects as running them in order.
 * Every other step stays alone: the steps after a run of transfers may rely on all of them (a service starts the
 * binaries they wrote). Pure; thread-safe.
 *
 * <p>The executor keeps at most {@link #TRANSFER_WINDOW} transfers of a run in flight, starts them in plan order and
 * finishes the whole run (every transfer done and verified) before the step after it begins. What this buys: a
 * transfer's last part, the host hashing the file it received (seconds for tens of MB on Windows), overlaps the next
 * file's upload instead of leaving the connection idle.
 */
public final class StepOverlap {
    private StepOverlap() {}

    /**
     * Transfers in flight at once: two, so that one file's remote verification overlaps the next one's upload. More
     * would only split the same link, the same CPUs and the host's disk between more files, and hold more temporary
     * files at a time.
     */
    public static final int TRANSFER_WINDOW = 2;

    /**
     * How many steps from {@code from} on form one run that may overlap: the consecutive transfers there, up to (not
     * including) the first that targets a file the run already writes; 1 when the step at {@code from} is not a
     * transfer (it runs alone).
     *
     * @throws IndexOutOfBoundsException when {@code from} is not an index of {@code steps}
     */
    public static int runLength(List<ConfigStep> steps, int from) {
        requireNonNull(steps, "steps cannot be null");
        if (from < 0 || from >= steps.size()) {
            throw new IndexOutOfBoundsException("from " + from + " is not a step of a plan of " + steps.size());
        }
        List<String> targets = new ArrayList<>();
        int end = from;
        while (end < steps.size() && steps.get(end) instanceof FileStep.Transfer t) {
            String target = normalized(t.remotePath());
            if (targets.stream().anyMatch(other -> overlaps(other, target))) {
                break;
            }
            targets.add(target);
            end++;
        }
        return Math.max(1, end - from);
    }

    /** Windows paths name the same file in any case and with either slash. */
    private static String normalized(String windowsPath) {
        return windowsPath.replace('/', '\\').toLowerCase(Locale.ROOT);
    }

    /** The same file, or one inside the other (a directory and a file in it). */
    private static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b + "\\") || b.startsWith(a + "\\");
    }
}
