package io.wmco.it.deploy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SelfSubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SelfSubjectAccessReviewSpec;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import java.util.List;
import java.util.stream.Stream;

/**
 * Requests the operator makes (allowed) and neighbouring ones it must not be able to make (denied), asked of the
 * API server's authorizer with SubjectAccessReviews. The allowed rows follow the calls in wmco-adapter-k8s and the
 * app (informers list and watch, reads get, metadata patches, approvals, evictions, Lease renewals).
 */
public final class RbacCases {
    private RbacCases() {}

    /** One request: verb, API group ("" for core), resource[/subresource], namespace ("" cluster), name. */
    public record Case(String verb, String group, String resource, String namespace, String name, boolean allowed) {
        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                    + (namespace.isEmpty() ? "" : " in " + namespace) + (name.isEmpty() ? "" : " named " + name)
                    + " -> " + (allowed ? "allowed" : "denied");
        }
    }

    private static final List<String> ROWS = List.of(
            "get, , nodes, , win-1, true",
            "list, , nodes, , , true",
            "update, , nodes, , win-1, true",
            "watch, certificates.k8s.io, certificatesigningrequests, , , true",
            "get, certificates.k8s.io, certificatesigningrequests, , csr-1, true",
            "watch, machine.openshift.io, machines, openshift-machine-api, , true",
            "get, machine.openshift.io, machines, openshift-machine-api, m-1, true",
            "watch, config.openshift.io, imagedigestmirrorsets, , , true",
            "list, config.openshift.io, imagetagmirrorsets, , , true",
            "delete, config.openshift.io, imagedigestmirrorsets, , s-1, false",
            "watch, config.openshift.io, images, , , true",
            "update, config.openshift.io, images, , cluster, false",
            "watch, , configmaps, openshift-config, , true",
            "update, , configmaps, openshift-config, registry-cas, false",
            "watch, , secrets, openshift-config, pull-secret, true",
            "list, , secrets, openshift-config, , false",
            "get, , secrets, openshift-config, other, false",
            "create, , events, openshift-config, , true",
            "get, , configmaps, openshift-windows-machine-config-operator, windows-instances, true",
            "get, , secrets, openshift-windows-machine-config-operator, cloud-private-key, true",
            "patch, , events, openshift-windows-machine-config-operator, e-1, true",
            "get, coordination.k8s.io, leases, openshift-windows-machine-config-operator, wmco-leader, true",
            "create, coordination.k8s.io, leases, openshift-windows-machine-config-operator, , true",
            "create, , services, openshift-windows-machine-config-operator, , true",
            "delete, , services, openshift-windows-machine-config-operator, windows-exporter, true",
            "update, , secrets, kube-system, bootstrap-token-abcdef, true",
            "get, , secrets, kube-system, bootstrap-token-abcdef, true",
            "watch, , secrets, kube-system, , false",
            "watch, , secrets, openshift-machine-api, , true",
            "create, , secrets, openshift-machine-api, , true",
            "create, , events, openshift-machine-api, , true",
            "delete, , secrets, openshift-machine-api, windows-user-data, false",
            "watch, , nodes, , , true",
            "patch, , nodes, , win-1, true",
            "delete, , nodes, , win-1, true",
            "create, , nodes, , , false",
            "list, , pods, , , true",
            "delete, , pods, default, p, false",
            "create, , pods/eviction, default, p, true",
            "update, certificates.k8s.io, certificatesigningrequests/approval, , csr-1, true",
            "update, certificates.k8s.io, certificatesigningrequests/status, , csr-1, false",
            "approve, certificates.k8s.io, signers, , kubernetes.io/kube-apiserver-client-kubelet, true",
            "approve, certificates.k8s.io, signers, , kubernetes.io/kubelet-serving, true",
            "approve, certificates.k8s.io, signers, , kubernetes.io/kube-apiserver-client, false",
            "delete, machine.openshift.io, machines, openshift-machine-api, m-1, true",
            "create, machine.openshift.io, machines, openshift-machine-api, , false",
            "get, config.openshift.io, infrastructures, , cluster, true",
            "get, config.openshift.io, apiservers, , cluster, true",
            "get, operator.openshift.io, networks, , cluster, true",
            "watch, , configmaps, openshift-windows-machine-config-operator, , true",
            "update, , configmaps, openshift-windows-machine-config-operator, windows-instances, false",
            "watch, , secrets, openshift-windows-machine-config-operator, , true",
            "list, , secrets, default, , false",
            "update, coordination.k8s.io, leases, openshift-windows-machine-config-operator, wmco-leader, true",
            "create, , events, openshift-windows-machine-config-operator, , true",
            "create, , events, default, , true",
            "get, , endpoints, openshift-windows-machine-config-operator, windows-exporter, true",
            "delete, , endpoints, openshift-windows-machine-config-operator, windows-exporter, true",
            "update, , endpoints, openshift-windows-machine-config-operator, windows-exporter, false",
            "create, , endpoints, openshift-windows-machine-config-operator, , false",
            "create, discovery.k8s.io, endpointslices, openshift-windows-machine-config-operator, , true",
            "update, discovery.k8s.io, endpointslices, openshift-windows-machine-config-operator, windows-exporter, true",
            "delete, discovery.k8s.io, endpointslices, openshift-windows-machine-config-operator, windows-exporter, true",
            "list, discovery.k8s.io, endpointslices, openshift-windows-machine-config-operator, , false",
            "create, monitoring.coreos.com, servicemonitors, openshift-windows-machine-config-operator, , true",
            "delete, monitoring.coreos.com, servicemonitors, openshift-windows-machine-config-operator, windows-exporter, false",
            "get, , namespaces, openshift-windows-machine-config-operator, openshift-windows-machine-config-operator, true",
            "get, , namespaces, kube-system, kube-system, false",
            "get, , namespaces, openshift-machine-api, openshift-machine-api, true",
            "create, , secrets, kube-system, , true",
            "list, , secrets, kube-system, , false",
            "update, , secrets, openshift-machine-api, windows-user-data, true",
            "get, , secrets, openshift-machine-config-operator, node-bootstrapper-token, true",
            "get, , secrets, openshift-machine-config-operator, other, false");

    public static Stream<Case> all() {
        return ROWS.stream().map(r -> {
            String[] f = r.split(",", -1);
            return new Case(
                    f[0].strip(),
                    f[1].strip(),
                    f[2].strip(),
                    f[3].strip(),
                    f[4].strip(),
                    Boolean.parseBoolean(f[5].strip()));
        });
    }

    public static List<Case> allowedOnes() {
        return all().filter(Case::allowed).toList();
    }

    /** Whether the authorizer allows the request for this user and groups. */
    static boolean allowed(ApiClient client, String user, List<String> groups, Case c) throws ApiException {
        V1ResourceAttributes attributes = attributes(c);
        V1SubjectAccessReview review = new AuthorizationV1Api(client)
                .createSubjectAccessReview(new V1SubjectAccessReview()
                        .spec(new V1SubjectAccessReviewSpec()
                                .user(user)
                                .groups(groups)
                                .resourceAttributes(attributes)))
                .execute();
        return Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    /** Whether the authorizer allows the request for the client's own identity (a SelfSubjectAccessReview). */
    public static boolean allowedForSelf(ApiClient client, Case c) throws ApiException {
        V1SelfSubjectAccessReview review = new AuthorizationV1Api(client)
                .createSelfSubjectAccessReview(new V1SelfSubjectAccessReview()
                        .spec(new V1SelfSubjectAccessReviewSpec().resourceAttributes(attributes(c))))
                .execute();
        return Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    private static V1ResourceAttributes attributes(Case c) {
        String[] parts = c.resource().split("/");
        return new V1ResourceAttributes()
                .verb(c.verb())
                .group(c.group())
                .resource(parts[0])
                .subresource(parts.length > 1 ? parts[1] : null)
                .namespace(c.namespace())
                .name(c.name());
    }
}
