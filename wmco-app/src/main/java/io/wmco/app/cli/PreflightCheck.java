package io.wmco.app.cli;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one preflight check, as one report line (and a fix line for failures).
 *
 * @param name short name of what is checked, e.g. {@code windows build}
 * @param status the verdict
 * @param detail what was found
 * @param fix what the administrator should do; empty unless the check failed
 */
record PreflightCheck(String name, Status status, String detail, String fix) {
    /** The verdict of a check. */
    enum Status {
        PASS,
        FAIL,
        /** Not run because a check it depends on failed. */
        SKIP
    }

    PreflightCheck {
        requireNonNull(name, "name cannot be null");
        requireNonNull(status, "status cannot be null");
        requireNonNull(detail, "detail cannot be null");
        requireNonNull(fix, "fix cannot be null");
        if (status == Status.FAIL && fix.isBlank()) {
            throw new IllegalArgumentException("a failed check must say how to fix it: " + name);
        }
    }

    static PreflightCheck pass(String name, String detail) {
        return new PreflightCheck(name, Status.PASS, detail, "");
    }

    static PreflightCheck fail(String name, String detail, String fix) {
        return new PreflightCheck(name, Status.FAIL, detail, fix);
    }

    static PreflightCheck skip(String name, String because) {
        return new PreflightCheck(name, Status.SKIP, because, "");
    }

    /** The report lines: {@code STATUS  name  detail}, then {@code fix: ...} for a failure. */
    String render() {
        String line = String.format("%-4s  %-17s  %s", status, name, detail);
        return status == Status.FAIL ? line + System.lineSeparator() + "      fix: " + fix : line;
    }
}
