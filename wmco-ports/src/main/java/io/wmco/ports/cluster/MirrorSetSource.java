package io.wmco.ports.cluster;

import io.wmco.domain.hostsettings.MirrorRule;
import java.util.List;

/**
 * Reads the cluster's image mirror sets ({@code ImageDigestMirrorSet} and {@code ImageTagMirrorSet} of
 * {@code config.openshift.io/v1}): on OpenShift they are built in; on plain Kubernetes an administrator may install
 * their CRDs and create them the same way. Thread-safe; served from informer caches.
 */
public interface MirrorSetSource {

    /** Every entry of every mirror set in the cache: digest sets first, sets by name, entries in order. */
    List<MirrorRule> rules();
}
