package io.wmco.domain.csr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may ask for a kubelet client certificate that the operator approves: the kubelet bootstrap identities, as
 * the API server writes them into a CSR's {@code spec.username} and {@code spec.groups} (the requester cannot set
 * these itself).
 *
 * <ul>
 *   <li>bootstrap-token users ({@code system:bootstrap:<token-id>}, e.g. the operator's own token): the exact user
 *       and membership of {@value #BOOTSTRAPPERS_GROUP};</li>
 *   <li>other users (OpenShift's {@value #OPENSHIFT_NODE_BOOTSTRAPPER} ServiceAccount, and any the administrator
 *       configures): the exact user.</li>
 * </ul>
 * Anyone else, an administrator or a ServiceAccount allowed to create CSRs included, is not a kubelet
 * bootstrapping and gets no client certificate from the operator. Immutable and thread-safe.
 *
 * @param bootstrapTokenUsers exact {@code system:bootstrap:<token-id>} users
 * @param otherUsers other exact users
 */
public record BootstrapRequesters(Set<String> bootstrapTokenUsers, Set<String> otherUsers) {
    /** Group of every bootstrap-token user. */
    public static final String BOOTSTRAPPERS_GROUP = "system:bootstrappers";
    /** User name prefix of bootstrap-token users. */
    public static final String TOKEN_USER_PREFIX = "system:bootstrap:";
    /** OpenShift's kubelet bootstrap identity (the machine-config operator's node-bootstrapper ServiceAccount). */
    public static final String OPENSHIFT_NODE_BOOTSTRAPPER =
            "system:serviceaccount:openshift-machine-config-operator:node-bootstrapper";

    public BootstrapRequesters {
        bootstrapTokenUsers = Set.copyOf(requireNonNull(bootstrapTokenUsers, "bootstrapTokenUsers cannot be null"));
        otherUsers = Set.copyOf(requireNonNull(otherUsers, "otherUsers cannot be null"));
        for (String u : bootstrapTokenUsers) {
            if (!u.startsWith(TOKEN_USER_PREFIX) || u.length() == TOKEN_USER_PREFIX.length()) {
                throw new IllegalArgumentException(
                        "bootstrap-token user '" + u + "' must look like " + TOKEN_USER_PREFIX + "<token-id>");
            }
        }
        for (String u : otherUsers) {
            if (u.isBlank()) {
                throw new IllegalArgumentException("a bootstrap requester cannot be blank");
            }
        }
    }

    /**
     * The operator's own bootstrap token, OpenShift's node-bootstrapper, and the administrator's additions.
     *
     * @param tokenId the id of the operator's bootstrap token
     * @param extraUsers further exact users to accept (the {@code --csr-bootstrap-users} setting)
     */
    public static BootstrapRequesters of(String tokenId, List<String> extraUsers) {
        requireNonNull(tokenId, "tokenId cannot be null");
        requireNonNull(extraUsers, "extraUsers cannot be null");
        Set<String> others = new TreeSet<>(extraUsers);
        others.add(OPENSHIFT_NODE_BOOTSTRAPPER);
        return new BootstrapRequesters(Set.of(TOKEN_USER_PREFIX + tokenId), others);
    }

    /** Why this requester is not a kubelet bootstrap identity, or empty when it is one. */
    public Optional<String> problem(String username, List<String> groups) {
        requireNonNull(username, "username cannot be null");
        requireNonNull(groups, "groups cannot be null");
        if (bootstrapTokenUsers.contains(username)) {
            return groups.contains(BOOTSTRAPPERS_GROUP)
                    ? Optional.empty()
                    : Optional.of("requester '" + username + "' is not in group " + BOOTSTRAPPERS_GROUP);
        }
        if (otherUsers.contains(username)) {
            return Optional.empty();
        }
        return Optional.of("requester '" + username + "' is not a kubelet bootstrap identity (accepted: "
                + String.join(", ", new TreeSet<>(bootstrapTokenUsers)) + " in " + BOOTSTRAPPERS_GROUP + "; "
                + String.join(", ", new TreeSet<>(otherUsers)) + ")");
    }
}
