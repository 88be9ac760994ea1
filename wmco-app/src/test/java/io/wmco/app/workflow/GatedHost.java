package io.wmco.app.workflow;

import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.TransferFailedException;
import io.wmco.ports.remote.UploadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A host whose uploads each wait until the test lets that one finish ({@link #finish}), so that a test controls
 * which transfers are in flight and sees how many are at once, without timing. An upload whose thread is interrupted
 * while it waits fails as the adapter's would (retryable). Logs {@code start <target>}, {@code end <target>} and
 * {@code write <target>} in order. Thread-safe.
 */
final class GatedHost implements RemoteHost {
    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final List<String> log = new ArrayList<>();
    private volatile boolean open;
    private int inFlight;
    private int maxInFlight;

    /** Lets the upload to {@code target} end: successfully, or failing when {@link #failing} names it. */
    void finish(String target) {
        gate(target).release();
    }

    /** Lets every upload end, those waiting and those to come (a test's clean-up, so no thread is left waiting). */
    void openAll() {
        open = true;
        gates.values().forEach(g -> g.release(Integer.MAX_VALUE / 2));
    }

    /** The upload to {@code target} fails when it is let go. */
    void failing(String target) {
        failing.put(target, true);
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int maxInFlight() {
        return maxInFlight;
    }

    synchronized boolean started(String target) {
        return log.contains("start " + target);
    }

    private Semaphore gate(String target) {
        return gates.computeIfAbsent(target, t -> new Semaphore(0));
    }

    @Override
    public UploadResult uploadIfChanged(LocalFile localFile, String expectedSha256, String remotePath) {
        synchronized (this) {
            log.add("start " + remotePath);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
        try {
            if (!open) {
                gate(remotePath).acquire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferFailedException("gated", "uploading " + remotePath + " was interrupted", e);
        } finally {
            synchronized (this) {
                inFlight--;
                log.add("end " + remotePath);
            }
        }
        if (failing.containsKey(remotePath)) {
            throw new TransferFailedException("gated", "verification of " + remotePath + " failed", null);
        }
        return new UploadResult(true, 1);
    }

    @Override
    public synchronized UploadResult writeIfChanged(byte[] content, String remotePath) {
        log.add("write " + remotePath);
        return new UploadResult(true, content.length);
    }

    @Override
    public HostEndpoint endpoint() {
        return new HostEndpoint("10.0.0.9", 22, "Administrator");
    }

    @Override
    public Shell defaultShell() {
        return Shell.CMD;
    }

    @Override
    public CommandResult run(RemoteCommand command) {
        throw new UnsupportedOperationException("no commands in these tests");
    }

    @Override
    public Optional<String> sha256(String remotePath) {
        throw new UnsupportedOperationException("no hashes in these tests");
    }

    @Override
    public void close() {}
}
