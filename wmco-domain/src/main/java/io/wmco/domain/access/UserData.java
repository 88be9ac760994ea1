package io.wmco.domain.access;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.platform.Platform;
import io.wmco.domain.remote.Quoting;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The user data handed to new Windows Machines (Secret {@code openshift-machine-api/windows-user-data}, key
 * {@code userData}): a PowerShell script that makes the instance reachable by the operator over SSH.
 *
 * <p>The script, safe to run more than once:
 * <ol>
 *   <li>installs the OpenSSH Server capability when it is missing, sets {@code sshd} to start automatically and
 *       starts it (the first start writes the default {@code sshd_config});</li>
 *   <li>opens inbound TCP 22 (SSH), 10250 (kubelet) and 9182 (windows_exporter) in the Windows firewall;</li>
 *   <li>puts {@code PubkeyAuthentication yes} and {@code PasswordAuthentication no} at the top of
 *       {@code sshd_config} (first value wins in sshd), replacing any earlier setting of either;</li>
 *   <li>writes the public key to {@code %ProgramData%\ssh\administrators_authorized_keys} and gives that file an
 *       ACL of exactly Administrators and SYSTEM with full control, inheritance off (sshd ignores the file
 *       otherwise); the groups are named by SID so that localized Windows works too;</li>
 *   <li>restarts {@code sshd}.</li>
 * </ol>
 * On AWS and Azure the script is wrapped in {@code <powershell>...</powershell><persist>true</persist>} (their
 * agents run only tagged scripts; persist keeps it on every boot); elsewhere it is plain. The key is embedded
 * as a PowerShell single-quoted literal built by {@link Quoting#powershell}. Thread-safe; no state.
 */
public final class UserData {
    private UserData() {}

    /** TCP ports the script opens: SSH, kubelet, windows_exporter. Unmodifiable. */
    public static final List<Integer> OPENED_PORTS = List.of(22, 10250, 9182);

    /** The user data for {@code platform} authorizing {@code key}. */
    public static String render(Platform platform, AuthorizedKey key) {
        requireNonNull(platform, "platform cannot be null");
        requireNonNull(key, "key cannot be null");
        String script = script(key);
        return wrapsInTags(platform) ? "<powershell>\n" + script + "</powershell>\n<persist>true</persist>\n" : script;
    }

    /** Whether the platform's agent needs {@code <powershell>} tags (AWS, Azure). */
    public static boolean wrapsInTags(Platform platform) {
        requireNonNull(platform, "platform cannot be null");
        return switch (platform) {
            case AWS, AZURE -> true;
            case GCP, VSPHERE, NUTANIX, NONE -> false;
        };
    }

    private static String script(AuthorizedKey key) {
        String ports = OPENED_PORTS.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return String.join(
                "\n",
                "# Prepares this Windows instance for the Windows Machine Config Operator: OpenSSH with key-only login.",
                "$ErrorActionPreference = 'Stop'",
                "$authorizedKey = " + Quoting.powershell(key.line()),
                "",
                "$capability = Get-WindowsCapability -Online | Where-Object { $_.Name -like 'OpenSSH.Server*' } | Select-Object -First 1",
                "if ($capability -and $capability.State -ne 'Installed') {",
                "    Add-WindowsCapability -Online -Name $capability.Name | Out-Null",
                "}",
                "Set-Service -Name sshd -StartupType Automatic",
                "Start-Service -Name sshd",
                "",
                "foreach ($port in " + ports + ") {",
                "    $ruleName = \"wmco-inbound-tcp-$port\"",
                "    if (-not (Get-NetFirewallRule -Name $ruleName -ErrorAction SilentlyContinue)) {",
                "        New-NetFirewallRule -Name $ruleName -DisplayName \"WMCO inbound TCP $port\" -Direction Inbound -Protocol TCP -LocalPort $port -Action Allow | Out-Null",
                "    }",
                "}",
                "",
                "$sshDir = Join-Path $env:ProgramData 'ssh'",
                "$configPath = Join-Path $sshDir 'sshd_config'",
                "$kept = @(Get-Content -Path $configPath | Where-Object { $_ -notmatch '^\\s*#?\\s*(PubkeyAuthentication|PasswordAuthentication)\\s' })",
                "Set-Content -Path $configPath -Encoding ascii -Value (@('PubkeyAuthentication yes', 'PasswordAuthentication no') + $kept)",
                "",
                "$keyPath = Join-Path $sshDir 'administrators_authorized_keys'",
                "Set-Content -Path $keyPath -Encoding ascii -Value $authorizedKey",
                "$acl = New-Object System.Security.AccessControl.FileSecurity",
                "$acl.SetAccessRuleProtection($true, $false)",
                "foreach ($sid in 'S-1-5-32-544', 'S-1-5-18') {",
                "    $identity = New-Object System.Security.Principal.SecurityIdentifier($sid)",
                "    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($identity, 'FullControl', 'Allow')))",
                "}",
                "Set-Acl -Path $keyPath -AclObject $acl",
                "",
                "Restart-Service -Name sshd",
                "");
    }
}
