package io.wmco.testkit.sim;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.MatchedCommand;
import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.WindowsCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The state of the simulated Windows host (services, HNS networks, host name, files on the virtual drive) and the
 * semantics of every {@link io.wmco.domain.remote.CommandKind} on it. Behaves like Windows where the operator can
 * tell the difference: service names are case-insensitive, a running service's executable cannot be replaced or
 * removed, starting a service whose executable is missing fails, deleting a running service only marks it.
 *
 * <p>Thread-safe: every command runs under this object's lock.
 *
 * <p>Over 300 lines: the file, service, HNS and host commands act on one state under one lock and check one another (a
 * running service's executable cannot be replaced, a shutdown stops the services), so they stay together; environment
 * variables and the root store live in {@link MachineSettings}.
 */
final class WindowsMachine {
    /** Told when services start and stop, to emulate the kubelet and hybrid-overlay. Called under the lock. */
    interface ServiceListener {
        void started(ServiceSnapshot service);

        void stopped(ServiceSnapshot service);
    }

    /** What a command answered; {@code afterExit} runs once the exit status has been sent (e.g. a reboot). */
    record Outcome(int exitStatus, String stdout, String stderr, Runnable afterExit) {
        static Outcome ok(String stdout) {
            return new Outcome(0, stdout, "", null);
        }

        static Outcome ok() {
            return ok("");
        }

        static Outcome error(String message) {
            return new Outcome(1, "", message + "\r\n", null);
        }
    }

    private static final class Service {
        final String name;
        String binaryPath;
        String startType = "Automatic";
        ServiceState state = ServiceState.STOPPED;
        String recoveryActions = "";
        boolean markedForDeletion;

        Service(String name, String binaryPath) {
            this.name = name;
            this.binaryPath = binaryPath;
        }

        ServiceSnapshot snapshot() {
            return new ServiceSnapshot(name, binaryPath, startType, state, recoveryActions, markedForDeletion);
        }
    }

    private record HnsNetwork(String name, String subnet, Map<String, String> endpoints) {}

    private final VirtualDrive drive;
    private final int windowsBuild;
    private final HostFacts facts;
    private final Map<String, Service> services = new LinkedHashMap<>();
    /** HNS networks by name; each holds its subnet and its endpoints (name to IPv4 address). */
    private final Map<String, HnsNetwork> hnsNetworks = new LinkedHashMap<>();
    /** Machine environment variables, the root certificate store, and what each service started with. */
    private final MachineSettings settings = new MachineSettings();

    private ServiceListener listener;
    private Runnable rebootAction = () -> {};
    private String hostname;
    private String pendingHostname;
    private int reboots;
    private java.time.Instant bootedAt = java.time.Instant.now();
    private boolean down;

    WindowsMachine(VirtualDrive drive, String hostname, int windowsBuild) {
        this(drive, hostname, windowsBuild, HostFacts.DEFAULT);
    }

    WindowsMachine(VirtualDrive drive, String hostname, int windowsBuild, HostFacts facts) {
        this.drive = requireNonNull(drive, "drive cannot be null");
        this.hostname = requireNonNull(hostname, "hostname cannot be null");
        this.windowsBuild = windowsBuild;
        this.facts = requireNonNull(facts, "facts cannot be null");
    }

    /**
     * What the preflight commands read and the operator never changes: free bytes on {@code C:\}, processes
     * listening on TCP ports besides the operator's services, and the ports the firewall lets in.
     */
    record HostFacts(long freeDiskBytes, Map<Integer, String> listeners, Set<Integer> firewallOpen, boolean hasTar) {
        /**
         * 100 GiB free, sshd on 22, the firewall open for SSH, kubelet and windows_exporter (as the user data does),
         * {@code tar.exe} in System32 (as on Server 2019 and later).
         */
        static final HostFacts DEFAULT = new HostFacts(100L << 30, Map.of(22, "sshd"), Set.of(22, 10250, 9182), true);

        HostFacts {
            listeners = Map.copyOf(listeners);
            firewallOpen = Set.copyOf(firewallOpen);
        }
    }

    /** Ports the operator's services listen on while running. */
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("kubelet", 10250, "windows_exporter", 9182);

    synchronized void setListener(ServiceListener listener) {
        this.listener = listener;
    }

    synchronized void setRebootAction(Runnable rebootAction) {
        this.rebootAction = requireNonNull(rebootAction, "rebootAction cannot be null");
    }

    synchronized String hostname() {
        return hostname;
    }

    int windowsBuild() {
        return windowsBuild;
    }

    synchronized int reboots() {
        return reboots;
    }

    synchronized List<ServiceSnapshot> services() {
        return services.values().stream().map(Service::snapshot).toList();
    }

    synchronized Optional<ServiceSnapshot> service(String name) {
        return Optional.ofNullable(services.get(key(name))).map(Service::snapshot);
    }

    synchronized Set<String> hnsNetworks() {
        return Set.copyOf(hnsNetworks.keySet());
    }

    /** Endpoint name to IPv4 address, over all networks. */
    synchronized Map<String, String> hnsEndpoints() {
        Map<String, String> all = new LinkedHashMap<>();
        hnsNetworks.values().forEach(n -> all.putAll(n.endpoints()));
        return all;
    }

    /** Adds an HNS network with an IPv4 subnet (CIDR) for its endpoints; keeps an existing one. */
    synchronized void addHnsNetwork(String name, String subnet) {
        hnsNetworks.computeIfAbsent(name, n -> new HnsNetwork(n, subnet, new LinkedHashMap<>()));
    }

    /** Seeds a service (as if installed before the operator came), stopped. */
    synchronized void installService(String name, String binaryPath, String startType) {
        Service s = new Service(name, binaryPath);
        s.startType = startType;
        services.put(key(name), s);
    }

    synchronized Outcome execute(MatchedCommand command) {
        try {
            return switch (command.kind()) {
                case ENSURE_DIRECTORY -> ensureDirectory(command.argument(0));
                case REMOVE_DIRECTORY -> removeDirectory(command.argument(0));
                case FILE_SHA256 -> sha256(command.argument(0));
                case REPLACE_FILE -> replaceFile(command.argument(0), command.argument(1));
                case REMOVE_FILE -> removeFile(command.argument(0));
                case UNPACK_FILE ->
                    PackedFileUnpack.run(
                            drive,
                            facts.hasTar(),
                            command.argument(0),
                            command.argument(1),
                            command.argument(2),
                            command.argument(3));
                case SERVICE_QUERY -> queryService(command.argument(0));
                case SERVICE_CREATE -> createService(command.argument(0), command.argument(1));
                case SERVICE_SET_BINARY_PATH -> setBinaryPath(command.argument(0), command.argument(1));
                case SERVICE_START -> startService(command.argument(0));
                case SERVICE_STOP -> stopService(command.argument(0));
                case SERVICE_DELETE -> deleteService(command.argument(0));
                case HOSTNAME -> Outcome.ok(hostname + "\r\n");
                case WINDOWS_BUILD -> Outcome.ok(windowsBuild + "\r\n");
                case HNS_NETWORK_NAMES -> hnsNames(command.argument(0));
                case HNS_NETWORK_REMOVE -> hnsRemove(command.argument(0), command.argument(1));
                case HNS_ENDPOINT_ENSURE -> hnsEndpoint(command.argument(0), command.argument(1), command.argument(2));
                case DRIVE_FREE_BYTES -> driveFree(command.argument(0));
                case LISTENING_TCP_PORTS -> listeningPorts();
                case FIREWALL_INBOUND_RULES ->
                    Outcome.ok((facts.firewallOpen().contains(Integer.parseInt(command.argument(0))) ? 1 : 0) + "\r\n");
                case RENAME_COMPUTER -> rename(command.argument(0));
                case LAST_BOOT_TIME -> Outcome.ok(bootedAt + "\r\n");
                case RESTART_COMPUTER -> new Outcome(0, "", "", rebootAction);
                case CHILD_NAMES -> childNames(command.argument(0));
                case MACHINE_ENV_SET -> settings.set(command.argument(0), command.argument(1));
                case MACHINE_ENV_REMOVE -> settings.remove(command.argument(0));
                case ROOT_CERT_IMPORT ->
                    settings.importCertificate(command.argument(0), drive.resolve(command.argument(0)));
                case ROOT_CERT_REMOVE -> settings.removeCertificate(command.argument(0));
                case PROBE -> Outcome.ok("5\r\n");
            };
        } catch (IllegalArgumentException e) {
            return Outcome.error(e.getMessage());
        } catch (IOException e) {
            return Outcome.error(command.kind() + ": " + e);
        }
    }

    /** Machine environment variables by name. */
    synchronized Map<String, String> machineEnvironment() {
        return settings.environment();
    }

    /** The machine variables a service saw at its last start. */
    synchronized Optional<Map<String, String>> environmentAtStart(String service) {
        return settings.environmentAtStart(service);
    }

    /** The thumbprints in {@code Cert:\LocalMachine\Root} with their subjects. */
    synchronized Map<String, String> rootCertificates() {
        Map<String, String> out = new TreeMap<>();
        settings.rootCertificates().forEach(c -> out.put(c.thumbprint(), c.subject()));
        return out;
    }

    /** Seeds a certificate the administrator put in the root store. */
    synchronized void addRootCertificate(String thumbprint, String subject) {
        settings.addRootCertificate(thumbprint, subject);
    }

    /** {@code Get-ChildItem -Name}: entry names, sorted as Windows sorts them (case-insensitively). */
    private Outcome childNames(String path) throws IOException {
        Path dir = drive.resolve(path);
        if (!Files.isDirectory(dir)) {
            return Outcome.ok();
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString())
                    .sorted(String.CASE_INSENSITIVE_ORDER)
                    .forEach(n -> sb.append(n).append("\r\n"));
        }
        return Outcome.ok(sb.toString());
    }

    private Outcome ensureDirectory(String path) throws IOException {
        Path dir = drive.resolve(path);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Outcome.error("Exception calling \"CreateDirectory\": Cannot create \"" + path
                    + "\" because a file with that name already exists.");
        }
        Files.createDirectories(dir);
        return Outcome.ok();
    }

    private Outcome removeDirectory(String path) throws IOException {
        Path dir = drive.resolve(path);
        if (!Files.isDirectory(dir)) {
            return Outcome.ok();
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : all) {
            Optional<String> user = runningUserOf(p);
            if (user.isPresent()) {
                return Outcome.error("Remove-Item : Cannot remove item " + drive.windowsPath(p) + ": The process "
                        + "cannot access the file because it is being used by another process (service "
                        + user.get() + ").");
            }
        }
        for (Path p : all) {
            try {
                Files.delete(p);
            } catch (DirectoryNotEmptyException e) {
                return Outcome.error("Remove-Item : directory not empty: " + drive.windowsPath(p));
            }
        }
        return Outcome.ok();
    }

    private Outcome sha256(String path) throws IOException {
        Path file = drive.resolve(path);
        if (!Files.isRegularFile(file)) {
            return Outcome.ok();
        }
        return Outcome.ok(sha256Of(file).toUpperCase(Locale.ROOT) + "\r\n");
    }

    static String sha256Of(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Outcome replaceFile(String source, String target) throws IOException {
        Path from = drive.resolve(source);
        Path to = drive.resolve(target);
        if (!Files.exists(from)) {
            return Outcome.error("Move-Item : Cannot find path '" + source + "' because it does not exist.");
        }
        if (!Files.isDirectory(to.getParent())) {
            return Outcome.error("Move-Item : Could not find a part of the path '" + target + "'.");
        }
        if (Files.isDirectory(to)) {
            return Outcome.error("Move-Item : Cannot create a file when that file already exists: '" + target + "'.");
        }
        for (Path p : List.of(from, to)) {
            Optional<String> user = runningUserOf(p);
            if (user.isPresent()) {
                return Outcome.error("Move-Item : The process cannot access the file '" + drive.windowsPath(p)
                        + "' because it is being used by another process (service " + user.get() + ").");
            }
        }
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Outcome.ok();
    }

    private Outcome removeFile(String path) throws IOException {
        Path file = drive.resolve(path);
        if (!Files.isRegularFile(file)) {
            return Outcome.ok();
        }
        Optional<String> user = runningUserOf(file);
        if (user.isPresent()) {
            return Outcome.error("Remove-Item : Cannot remove item " + path + ": Access to the path is denied "
                    + "(in use by service " + user.get() + ").");
        }
        Files.delete(file);
        return Outcome.ok();
    }

    private Outcome queryService(String name) {
        Service s = services.get(key(name));
        if (s == null) {
            return Outcome.ok("Missing\r\n");
        }
        return Outcome.ok(s.state.printed() + "\r\n" + s.startType + "\r\n" + s.binaryPath + "\r\n");
    }

    private Outcome createService(String name, String binaryPath) {
        if (services.containsKey(key(name))) {
            return Outcome.error("New-Service : Service '" + name + "' cannot be created because a service with the "
                    + "name '" + name + "' already exists.");
        }
        Service s = new Service(name, binaryPath);
        s.recoveryActions = "restart/10000";
        services.put(key(name), s);
        return Outcome.ok();
    }

    private Outcome setBinaryPath(String name, String binaryPath) {
        Service s = services.get(key(name));
        if (s == null) {
            return Outcome.error("Get-ItemProperty : Cannot find path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\"
                    + name + "' because it does not exist.");
        }
        s.binaryPath = binaryPath;
        return Outcome.ok();
    }

    private Outcome startService(String name) {
        Service s = services.get(key(name));
        if (s == null) {
            return Outcome.error("Start-Service : Cannot find any service with service name '" + name + "'.");
        }
        if (s.state == ServiceState.RUNNING) {
            return Outcome.ok();
        }
        if (s.markedForDeletion || "Disabled".equals(s.startType)) {
            return Outcome.error("Start-Service : Service '" + name + "' cannot be started: it is disabled or "
                    + "marked for deletion.");
        }
        List<String> argv = WindowsCommandLine.split(s.binaryPath);
        Path exe = argv.isEmpty() ? null : drive.resolve(argv.get(0));
        if (exe == null || !Files.isRegularFile(exe)) {
            return Outcome.error("Start-Service : Service '" + name + "' cannot be started due to the following "
                    + "error: The system cannot find the file specified (" + (argv.isEmpty() ? "" : argv.get(0))
                    + ").");
        }
        Optional<String> exited = ServicePrograms.start(drive, s.name, argv);
        if (exited.isPresent()) {
            return Outcome.error("Start-Service : Service '" + name + "' cannot be started: the program exited at"
                    + " once (simulated: " + exited.get() + ").");
        }
        s.state = ServiceState.RUNNING;
        settings.started(s.name);
        if (listener != null) {
            listener.started(s.snapshot());
        }
        return Outcome.ok();
    }

    private Outcome stopService(String name) {
        Service s = services.get(key(name));
        if (s == null || s.state == ServiceState.STOPPED) {
            return Outcome.ok();
        }
        stop(s);
        return Outcome.ok();
    }

    private void stop(Service s) {
        s.state = ServiceState.STOPPED;
        if (listener != null) {
            listener.stopped(s.snapshot());
        }
        if (s.markedForDeletion) {
            services.remove(key(s.name));
        }
    }

    private Outcome deleteService(String name) {
        Service s = services.get(key(name));
        if (s == null) {
            return Outcome.ok();
        }
        if (s.state == ServiceState.STOPPED) {
            services.remove(key(name));
        } else {
            s.markedForDeletion = true;
        }
        return Outcome.ok();
    }

    private Outcome hnsNames(String modulePath) {
        Optional<Outcome> missing = requireModule(modulePath);
        if (missing.isPresent()) {
            return missing.get();
        }
        StringBuilder sb = new StringBuilder();
        hnsNetworks.keySet().forEach(n -> sb.append(n).append("\r\n"));
        return Outcome.ok(sb.toString());
    }

    private Outcome hnsRemove(String modulePath, String name) {
        Optional<Outcome> missing = requireModule(modulePath);
        if (missing.isPresent()) {
            return missing.get();
        }
        hnsNetworks.remove(name);
        return Outcome.ok();
    }

    private Outcome hnsEndpoint(String modulePath, String network, String endpoint) {
        Optional<Outcome> missing = requireModule(modulePath);
        if (missing.isPresent()) {
            return missing.get();
        }
        for (HnsNetwork n : hnsNetworks.values()) {
            String address = n.endpoints().get(endpoint);
            if (address != null) {
                return Outcome.ok(address + "\r\n");
            }
        }
        HnsNetwork n = hnsNetworks.get(network);
        if (n == null) {
            return Outcome.error("HNS network not found");
        }
        String address = hostAddress(n.subnet(), n.endpoints().size() + 2);
        n.endpoints().put(endpoint, address);
        return Outcome.ok(address + "\r\n");
    }

    /** The {@code index}-th address of an IPv4 subnet such as {@code 10.132.0.0/23}. */
    static String hostAddress(String subnet, int index) {
        String[] parts = subnet.split("/");
        String[] o = parts[0].split("\\.");
        long v = 0;
        for (String octet : o) {
            v = (v << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        long base = v & ((0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL);
        if (index >= (1L << (32 - prefix)) - 1) {
            throw new IllegalArgumentException("HNS network subnet " + subnet + " has no free address left");
        }
        long a = base + index;
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    private Optional<Outcome> requireModule(String modulePath) {
        if (!Files.isRegularFile(drive.resolve(modulePath))) {
            return Optional.of(Outcome.error("Import-Module : The specified module '" + modulePath + "' was not "
                    + "loaded because no valid module file was found in any module directory."));
        }
        return Optional.empty();
    }

    private Outcome driveFree(String drive) {
        if (!drive.equalsIgnoreCase("C:\\")) {
            return Outcome.error("Exception calling \".ctor\": The drive '" + drive + "' does not exist.");
        }
        return Outcome.ok(facts.freeDiskBytes() + "\r\n");
    }

    /** The fixed listeners plus the running services of the operator that listen (kubelet, windows_exporter). */
    private Outcome listeningPorts() {
        Map<Integer, String> all = new TreeMap<>(facts.listeners());
        for (Map.Entry<String, Integer> e : SERVICE_PORTS.entrySet()) {
            Service s = services.get(key(e.getKey()));
            if (s != null && s.state == ServiceState.RUNNING) {
                all.putIfAbsent(e.getValue(), e.getKey());
            }
        }
        StringBuilder sb = new StringBuilder();
        all.forEach(
                (port, process) -> sb.append(port).append(' ').append(process).append("\r\n"));
        return Outcome.ok(sb.toString());
    }

    private Outcome rename(String newName) {
        if (!newName.matches("[A-Za-z0-9-]{1,15}") || newName.matches("[0-9]+")) {
            return Outcome.error("Rename-Computer : Skip computer '" + hostname + "' with new name '" + newName
                    + "' because the new name is not valid (1 to 15 letters, digits or hyphens, not all digits).");
        }
        pendingHostname = newName.equalsIgnoreCase(hostname) ? null : newName;
        return Outcome.ok();
    }

    /**
     * The first half of a reboot: every running service stops and the HNS networks go (they are rebuilt by
     * hybrid-overlay); the host answers nothing until {@link #boot}.
     */
    synchronized void shutDown() {
        reboots++;
        down = true;
        for (Service s : List.copyOf(services.values())) {
            if (s.state != ServiceState.STOPPED) {
                stop(s);
            }
        }
        hnsNetworks.clear();
    }

    /**
     * The second half of a reboot: the pending name takes effect, the boot time changes, and the services with
     * automatic start start (those whose executable is present); manual ones stay stopped.
     */
    synchronized void boot() {
        if (pendingHostname != null) {
            hostname = pendingHostname;
            pendingHostname = null;
        }
        java.time.Instant now = java.time.Instant.now();
        bootedAt = now.isAfter(bootedAt) ? now : bootedAt.plusMillis(1);
        down = false;
        for (Service s : List.copyOf(services.values())) {
            if ("Automatic".equals(s.startType)) {
                startService(s.name);
            }
        }
    }

    /** Whether the host is between {@link #shutDown} and {@link #boot}. */
    synchronized boolean isDown() {
        return down;
    }

    /** The running service whose executable is this file (or lies under this directory), if any. */
    private Optional<String> runningUserOf(Path path) {
        for (Service s : services.values()) {
            if (s.state != ServiceState.RUNNING) {
                continue;
            }
            List<String> argv = WindowsCommandLine.split(s.binaryPath);
            if (argv.isEmpty()) {
                continue;
            }
            try {
                Path exe = drive.resolve(argv.get(0));
                if (exe.startsWith(path)) {
                    return Optional.of(s.name);
                }
            } catch (IllegalArgumentException e) {
                // an executable off drive C: cannot be on our drive either
            }
        }
        return Optional.empty();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
