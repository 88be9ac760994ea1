package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.hostsettings.ProxySettings;
import io.wmco.domain.hostsettings.TrustedCertificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Steps on host-wide settings that are not plain files: machine environment variables and the trusted root
 * certificate store. Each step converges (sets what differs, removes what the operator added and no longer wants),
 * so it can run again at any time.
 */
public sealed interface HostStep extends ConfigStep {

    /**
     * Make machine-level environment variables hold these values (empty: removed). When any variable changed, the
     * services in {@code restartWhenChanged} that are running are restarted (stopped in that order, started in the
     * reverse order) so that they read the new environment; stopped ones are left stopped (during a configuration
     * they start later and read it then).
     */
    record SetMachineVariables(Map<String, Optional<String>> variables, List<String> restartWhenChanged)
            implements HostStep {
        public SetMachineVariables {
            variables = java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(requireNonNull(variables, "variables cannot be null")));
            restartWhenChanged = List.copyOf(requireNonNull(restartWhenChanged, "restartWhenChanged cannot be null"));
        }

        @Override
        public String phase() {
            return "set-machine-environment";
        }

        @Override
        public String describe() {
            List<String> set = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            variables.forEach((k, v) -> {
                if (v.isPresent()) {
                    set.add(k + "=" + ProxySettings.redacted(v.get()));
                } else {
                    removed.add(k);
                }
            });
            StringBuilder sb = new StringBuilder("machine environment:");
            if (!set.isEmpty()) {
                sb.append(" set ").append(String.join(" ", set));
            }
            if (!removed.isEmpty()) {
                sb.append(set.isEmpty() ? "" : ";").append(" remove ").append(String.join(" ", removed));
            }
            if (!restartWhenChanged.isEmpty()) {
                sb.append("; when changed, restart running ").append(String.join(", ", restartWhenChanged));
            }
            return sb.toString();
        }
    }

    /**
     * Make {@code Cert:\LocalMachine\Root} hold exactly these certificates among those the operator added: each is
     * kept as {@code <directory><thumbprint>.crt} and imported; a {@code .crt} file in {@code directory} whose
     * certificate is no longer wanted names a certificate the operator added earlier, which is removed from the store
     * with its file. Certificates the administrator put in the store themselves are never touched (unless they are
     * also in a bundle the operator was given and later dropped).
     */
    record SyncRootCertificates(String directory, List<TrustedCertificate> certificates) implements HostStep {
        public SyncRootCertificates {
            requireNonNull(directory, "directory cannot be null");
            if (!directory.endsWith("\\")) {
                throw new IllegalArgumentException("directory must end with a backslash: " + directory);
            }
            certificates = List.copyOf(requireNonNull(certificates, "certificates cannot be null"));
        }

        @Override
        public String phase() {
            return "sync-root-certificates";
        }

        @Override
        public String describe() {
            return "trusted root certificates: keep "
                    + (certificates.isEmpty()
                            ? "none"
                            : String.join(
                                    " ",
                                    certificates.stream()
                                            .map(TrustedCertificate::thumbprint)
                                            .toList()))
                    + " from " + directory + " in Cert:\\LocalMachine\\Root; remove the ones added before and dropped";
        }
    }

    /**
     * Remove every entry (file or directory tree) of {@code directory} not named in {@code keep}: what the operator
     * wrote there earlier and no longer wants (a mirror set deleted, a mirror CA gone). A missing directory is fine.
     */
    record PruneEntries(String directory, Set<String> keep) implements HostStep {
        public PruneEntries {
            requireNonNull(directory, "directory cannot be null");
            if (!directory.endsWith("\\")) {
                throw new IllegalArgumentException("directory must end with a backslash: " + directory);
            }
            keep = java.util.Collections.unmodifiableSet(new TreeSet<>(requireNonNull(keep, "keep cannot be null")));
        }

        @Override
        public String phase() {
            return "prune-entries";
        }

        @Override
        public String describe() {
            return "remove what else is in " + directory + (keep.isEmpty() ? "" : " besides " + String.join(" ", keep));
        }
    }
}
