package io.wmco.domain.remote;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every command the operator sends to a Windows host, as a PowerShell template. This enum is the single list of
 * the operator's remote vocabulary: the command families ({@link FileCommands}, {@link ServiceCommands},
 * {@link HnsCommands}, {@link HostCommands}) build commands from it and the simulated Windows host
 * recognises them with {@link #match}, so the two can never drift apart silently.
 *
 * <p>A template holds placeholders {@code %0}, {@code %1}; each becomes a single-quoted PowerShell literal made by
 * {@link Quoting#powershell}. A placeholder may occur several times; all occurrences hold the same value.
 * Scripts that change state start with {@code $ErrorActionPreference = 'Stop'} so that any error terminates the
 * script with exit status 1.
 *
 * <p>Thread-safe; immutable.
 *
 * <p>Over 300 lines: most of it is the documented templates, which are meant to be one list; the rendering and matching
 * below them work on those templates and belong beside them.
 */
public enum CommandKind {
    /** Creates a directory and its parents; succeeds when it exists. Argument: Windows path. */
    ENSURE_DIRECTORY(Constants.STOP + "[System.IO.Directory]::CreateDirectory(%0) | Out-Null", "path"),
    /** Removes a directory tree if present; succeeds when it is absent. Argument: Windows path. */
    REMOVE_DIRECTORY(
            Constants.STOP
                    + "if (Test-Path -LiteralPath %0 -PathType Container) { Remove-Item -LiteralPath %0 -Recurse -Force }",
            "path"),
    /**
     * Prints the upper-case hex SHA-256 of a file; prints nothing and exits 0 when the file is missing.
     * Argument: Windows path.
     */
    FILE_SHA256(
            Constants.STOP
                    + "if (Test-Path -LiteralPath %0 -PathType Leaf) { (Get-FileHash -LiteralPath %0 -Algorithm SHA256).Hash }",
            "path"),
    /** Renames a file over a target, replacing it. Arguments: source path, target path. */
    REPLACE_FILE(Constants.STOP + "Move-Item -LiteralPath %0 -Destination %1 -Force", "source", "target"),
    /**
     * Unpacks a gzip-compressed tar holding one file with the {@code tar.exe} Windows ships (bsdtar, Server 2019 and
     * later) into a fresh staging directory, moves the file to a temporary name, prints its upper-case hex SHA-256,
     * and removes the archive and the staging directory whether it worked or not. Without
     * {@code %SystemRoot%\System32\tar.exe} (Server 2016) it prints {@value FileCommands#TAR_MISSING} and exits
     * {@value FileCommands#TAR_MISSING_EXIT}, leaving the archive for the caller to remove. Arguments: archive path,
     * staging directory, the entry's name, temporary file path.
     */
    UNPACK_FILE(
            Constants.STOP
                    + "$t = Join-Path $env:SystemRoot 'System32\\tar.exe'; if (-not (Test-Path -LiteralPath $t -PathType Leaf)) { '"
                    + FileCommands.TAR_MISSING + "'; exit " + FileCommands.TAR_MISSING_EXIT + " }; "
                    + "try { if (Test-Path -LiteralPath %1) { Remove-Item -LiteralPath %1 -Recurse -Force }; "
                    + "[System.IO.Directory]::CreateDirectory(%1) | Out-Null; & $t -xzf %0 -C %1 %2; "
                    + "if ($LASTEXITCODE -ne 0) { throw ('tar.exe exited with status ' + $LASTEXITCODE) }; "
                    + "Move-Item -LiteralPath (Join-Path %1 %2) -Destination %3 -Force; "
                    + "(Get-FileHash -LiteralPath %3 -Algorithm SHA256).Hash } finally { "
                    + "Remove-Item -LiteralPath %0 -Force -ErrorAction SilentlyContinue; "
                    + "if (Test-Path -LiteralPath %1) { Remove-Item -LiteralPath %1 -Recurse -Force -ErrorAction SilentlyContinue } }",
            "archive",
            "stagingDirectory",
            "entry",
            "temporary"),
    /** Removes a file if present; succeeds when it is absent. Argument: Windows path. */
    REMOVE_FILE(
            Constants.STOP + "if (Test-Path -LiteralPath %0 -PathType Leaf) { Remove-Item -LiteralPath %0 -Force }",
            "path"),
    /**
     * Prints {@code Missing}, or three lines: the status ({@code Running}, {@code Stopped}, ...), the start type
     * ({@code Automatic}, {@code Manual}, {@code Disabled}) and the binary path (command line). Argument: service name.
     */
    SERVICE_QUERY(
            Constants.STOP
                    + "$s = Get-Service -Name %0 -ErrorAction SilentlyContinue; if ($null -eq $s) { 'Missing' } else { "
                    + "$s.Status.ToString(); $s.StartType.ToString(); "
                    + "(Get-ItemProperty -LiteralPath (Join-Path '" + Constants.SERVICES_KEY + "' %0)).ImagePath }",
            "name"),
    /**
     * Creates a service with automatic start that Windows restarts 10 s after a failure; fails when it exists.
     * Arguments: service name, binary path (the full command line).
     */
    SERVICE_CREATE(
            Constants.STOP
                    + "New-Service -Name %0 -BinaryPathName %1 -StartupType Automatic | Out-Null; "
                    + "sc.exe failure %0 reset= 0 actions= restart/10000 | Out-Null; "
                    + "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }",
            "name",
            "binaryPath"),
    /**
     * Sets a service's binary path (command line) when it differs; takes effect at the next start; fails when the
     * service is missing. Arguments: service name, binary path.
     */
    SERVICE_SET_BINARY_PATH(
            Constants.STOP
                    + "$k = Join-Path '" + Constants.SERVICES_KEY + "' %0; "
                    + "if ((Get-ItemProperty -LiteralPath $k).ImagePath -cne %1) { Set-ItemProperty -LiteralPath $k "
                    + "-Name ImagePath -Value %1 }",
            "name",
            "binaryPath"),
    /** Starts a service; succeeds when it runs already; fails when it is missing. Argument: service name. */
    SERVICE_START(Constants.STOP + "Start-Service -Name %0", "name"),
    /**
     * Stops a service and waits (up to 60 s) until it is stopped; succeeds when it is stopped or missing.
     * Argument: service name.
     */
    SERVICE_STOP(
            Constants.STOP
                    + "$s = Get-Service -Name %0 -ErrorAction SilentlyContinue; "
                    + "if ($null -ne $s -and $s.Status -ne 'Stopped') { Stop-Service -Name %0 -Force; "
                    + "$s.WaitForStatus('Stopped', [TimeSpan]::FromSeconds(60)) }",
            "name"),
    /** Deletes a service if present; succeeds when it is missing. Argument: service name. */
    SERVICE_DELETE(
            Constants.STOP
                    + "if ($null -ne (Get-Service -Name %0 -ErrorAction SilentlyContinue)) { sc.exe delete %0 | Out-Null; "
                    + "if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }",
            "name"),
    /** Prints the host name (DNS host name, case preserved). No arguments. */
    HOSTNAME("[System.Net.Dns]::GetHostName()"),
    /** Prints the Windows build number, e.g. {@code 20348}. No arguments. */
    WINDOWS_BUILD("[System.Environment]::OSVersion.Version.Build"),
    /** Prints the names of the HNS networks, one a line. Argument: path of the {@code hns.psm1} module. */
    HNS_NETWORK_NAMES(
            Constants.STOP + "Import-Module -Name %0; Get-HnsNetwork | ForEach-Object { $_.Name }", "modulePath"),
    /**
     * Removes the HNS networks with a name; succeeds when there is none. Arguments: module path, network name.
     */
    HNS_NETWORK_REMOVE(
            Constants.STOP
                    + "Import-Module -Name %0; Get-HnsNetwork | Where-Object { $_.Name -eq %1 } | Remove-HnsNetwork",
            "modulePath",
            "name"),
    /**
     * Makes sure an HNS endpoint with a name exists on a network, creating it when missing, and prints its IPv4
     * address (the source VIP kube-proxy needs). Fails when the network does not exist. Arguments: module path,
     * network name, endpoint name.
     */
    HNS_ENDPOINT_ENSURE(
            Constants.STOP
                    + "Import-Module -Name %0; $e = Get-HnsEndpoint | Where-Object { $_.Name -eq %2 } | Select-Object -First 1; "
                    + "if ($null -eq $e) { $n = Get-HnsNetwork | Where-Object { $_.Name -eq %1 } | Select-Object -First 1; "
                    + "if ($null -eq $n) { throw 'HNS network not found' }; $e = New-HnsEndpoint -NetworkId $n.ID -Name %2 }; "
                    + "$e.IPAddress",
            "modulePath",
            "network",
            "endpoint"),
    /**
     * Prints the bytes free for the user on a drive (what {@code wmco preflight} checks against the payload and
     * image needs). Argument: the drive root, e.g. {@code C:\}.
     */
    DRIVE_FREE_BYTES(Constants.STOP + "[System.IO.DriveInfo]::new(%0).AvailableFreeSpace", "drive"),
    /**
     * Prints one line per listening TCP port: the port number, a space, the owning process name (empty when the
     * process cannot be read). No arguments.
     */
    LISTENING_TCP_PORTS("Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue | ForEach-Object { "
            + "'' + $_.LocalPort + ' ' + (Get-Process -Id $_.OwningProcess -ErrorAction SilentlyContinue).ProcessName }"
            + " | Sort-Object -Unique"),
    /**
     * Prints how many enabled inbound allow rules of the Windows firewall cover a local TCP port (rules for a
     * port list or for any port included). Argument: the port number.
     */
    FIREWALL_INBOUND_RULES(
            Constants.STOP + "$p = %0; @(Get-NetFirewallPortFilter -Protocol TCP | Where-Object { "
                    + "$_.LocalPort -contains $p -or $_.LocalPort -contains 'Any' } | Get-NetFirewallRule | Where-Object { "
                    + "$_.Enabled -eq 'True' -and $_.Direction -eq 'Inbound' -and $_.Action -eq 'Allow' }).Count",
            "port"),
    /**
     * Renames the computer; the new name takes effect at the next reboot ({@link #RESTART_COMPUTER}). Argument: new
     * computer name.
     */
    RENAME_COMPUTER(Constants.STOP + "Rename-Computer -NewName %0 -Force", "newName"),
    /**
     * Prints when the host last booted, in UTC (ISO 8601): a reboot is over once this changes and SSH answers
     * again. No arguments.
     */
    LAST_BOOT_TIME(
            "(Get-CimInstance -ClassName Win32_OperatingSystem).LastBootUpTime.ToUniversalTime()" + ".ToString('o')"),
    /**
     * Reboots the host at once, whatever users or services are running; the SSH connection drops soon after the
     * exit status. No arguments.
     */
    RESTART_COMPUTER("Restart-Computer -Force"),
    /**
     * Lists the names of the entries of a directory, one a line; prints nothing when the directory is missing.
     * Argument: Windows path.
     */
    CHILD_NAMES(
            Constants.STOP
                    + "if (Test-Path -LiteralPath %0 -PathType Container) { Get-ChildItem -LiteralPath %0 -Name }",
            "path"),
    /**
     * Sets a machine-level environment variable when its value differs and prints {@code Changed} then; services
     * see it from their next start. Arguments: variable name, value.
     */
    MACHINE_ENV_SET(
            Constants.STOP
                    + "if ([Environment]::GetEnvironmentVariable(%0, 'Machine') -cne %1) { "
                    + "[Environment]::SetEnvironmentVariable(%0, %1, 'Machine'); 'Changed' }",
            "name",
            "value"),
    /**
     * Removes a machine-level environment variable when it is set and prints {@code Changed} then. Argument:
     * variable name.
     */
    MACHINE_ENV_REMOVE(
            Constants.STOP
                    + "if ($null -ne [Environment]::GetEnvironmentVariable(%0, 'Machine')) { "
                    + "[Environment]::SetEnvironmentVariable(%0, $null, 'Machine'); 'Changed' }",
            "name"),
    /**
     * Imports the certificate in a file into the machine's trusted root store; importing one that is there
     * already changes nothing. Argument: Windows path of a PEM or DER certificate file.
     */
    ROOT_CERT_IMPORT(
            Constants.STOP + "Import-Certificate -FilePath %0 -CertStoreLocation '" + Constants.ROOT_STORE
                    + "' | Out-Null",
            "path"),
    /**
     * Removes a certificate from the machine's trusted root store by thumbprint; succeeds when it is absent.
     * Argument: the SHA-1 thumbprint in upper-case hex.
     */
    ROOT_CERT_REMOVE(
            Constants.STOP + "$p = Join-Path '" + Constants.ROOT_STORE + "' %0; "
                    + "if (Test-Path -LiteralPath $p) { Remove-Item -LiteralPath $p }",
            "thumbprint"),
    /**
     * The shell probe ({@link ShellWrapper#PROBE}): prints the PowerShell major version in PowerShell, fails in
     * cmd.exe. Sent unwrapped.
     */
    PROBE(ShellWrapper.PROBE);

    private final String template;
    private final List<String> parameterNames;
    private final Pattern pattern;
    private final List<Integer> groupOrder;

    CommandKind(String template, String... parameterNames) {
        this.template = template;
        this.parameterNames = List.of(parameterNames);
        List<Integer> order = new ArrayList<>();
        this.pattern = compile(template, parameterNames.length, order);
        this.groupOrder = List.copyOf(order);
    }

    /** The template text with {@code %N} placeholders. */
    public String template() {
        return template;
    }

    /** Names of the arguments, in placeholder order (for logs and error messages). */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * The script for these arguments, each quoted with {@link Quoting#powershell}.
     *
     * @throws IllegalArgumentException when the number of arguments is wrong or a value cannot be quoted
     */
    public String render(List<String> arguments) {
        requireNonNull(arguments, "arguments cannot be null");
        if (arguments.size() != parameterNames.size()) {
            throw new IllegalArgumentException(name() + " takes " + parameterNames.size() + " arguments "
                    + parameterNames + " but got " + arguments.size());
        }
        StringBuilder sb = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int index = template.charAt(++i) - '0';
                sb.append(Quoting.powershell(
                        requireNonNull(arguments.get(index), parameterNames.get(index) + " cannot be null")));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Recognises a PowerShell script built from one of the templates (after any {@link ShellWrapper} wrapping has
     * been removed) and decodes its arguments back to the exact values.
     *
     * @return the kind and its arguments, or empty when the script is not part of the vocabulary
     */
    public static Optional<MatchedCommand> match(String script) {
        requireNonNull(script, "script cannot be null");
        for (CommandKind kind : values()) {
            Matcher m = kind.pattern.matcher(script);
            if (m.matches()) {
                List<String> args = new ArrayList<>(kind.parameterNames.size());
                for (int i = 0; i < kind.parameterNames.size(); i++) {
                    args.add(unquote(m.group("a" + i)));
                }
                return Optional.of(new MatchedCommand(kind, args));
            }
        }
        return Optional.empty();
    }

    /** Regular expression of a single-quoted literal as {@link Quoting#powershell} writes it. */
    private static final String LITERAL =
            "'(?:[^'\u2018\u2019\u201A\u201B]|''|\u2018\u2018|\u2019\u2019|\u201A\u201A|\u201B\u201B)*'";

    private static Pattern compile(String template, int parameterCount, List<Integer> order) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean[] seen = new boolean[parameterCount];
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int index = template.charAt(++i) - '0';
                if (index >= parameterCount) {
                    throw new IllegalStateException("template placeholder %" + index + " has no parameter name");
                }
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                if (seen[index]) {
                    regex.append("\\k<a").append(index).append('>');
                } else {
                    seen[index] = true;
                    order.add(index);
                    regex.append("(?<a")
                            .append(index)
                            .append('>')
                            .append(LITERAL)
                            .append(')');
                }
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        for (int i = 0; i < parameterCount; i++) {
            if (!seen[i]) {
                throw new IllegalStateException("parameter " + i + " does not occur in the template");
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** The value of a single-quoted literal: strips the quotes and halves every doubled quote. */
    static String unquote(String literal) {
        StringBuilder sb = new StringBuilder(literal.length());
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            sb.append(c);
            if (Quoting.isPowershellSingleQuote(c)) {
                i++;
            }
        }
        return sb.toString();
    }

    private static final class Constants {
        static final String STOP = "$ErrorActionPreference = 'Stop'; ";
        static final String SERVICES_KEY = "HKLM:\\SYSTEM\\CurrentControlSet\\Services";
        static final String ROOT_STORE = "Cert:\\LocalMachine\\Root";
    }
}
