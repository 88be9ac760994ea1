package io.wmco.domain.plan;

import java.time.Duration;

/** Short human renderings of durations for plan descriptions: {@code 10m}, {@code 90s}, {@code 1h30m}. */
final class Durations {
    private Durations() {}

    static String human(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() != 0 || seconds == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        return sb.toString();
    }
}
