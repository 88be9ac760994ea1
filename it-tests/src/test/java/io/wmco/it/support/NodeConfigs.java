package io.wmco.it.support;

import java.nio.file.Path;

/**
 * The configuration files of the {@link LinuxNode}, rendered from its directories. Every path names a directory of
 * the run: nothing reads or writes the machine's defaults (/run/containerd, /var/lib/containerd, /var/lib/kubelet,
 * /etc/cni). Stateless and thread-safe.
 */
final class NodeConfigs {

    private NodeConfigs() {}

    /**
     * containerd 1.7 (config version 2). The CRI plugin uses Debian's runc with cgroupfs and its own runc root,
     * the sandbox image built here, pod network namespaces under its state directory, and CNI from the run's
     * config directory. {@code restrict_oom_score_adj}: the test machine may withhold CAP_SYS_RESOURCE, without
     * which the pause container's OOM score of -998 cannot be set and every sandbox fails to start; clamping to
     * containerd's own score keeps pods running and changes nothing else the tests look at.
     */
    static String containerd(Path dir, Path runcRoot, String sandboxImage, String runc, String cniBin) {
        return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", \
                "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", \
                "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                [metrics]
                  address = ""
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%2$s"
                  netns_mounts_under_state_dir = true
                  restrict_oom_score_adj = true
                  enable_selinux = false
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "overlayfs"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        BinaryName = "%3$s"
                        Root = "%5$s"
                        SystemdCgroup = false
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%4$s"
                    conf_dir = "%1$s/cni/net.d"
                    max_conf_num = 1
                """.formatted(dir, sandboxImage, runc, cniBin, runcRoot);
    }

    /**
     * The pod network: a bridge inside the node's namespace with host-local addresses from {@code podCidr}. No
     * masquerading: no traffic leaves the namespace, and pods reach the node's addresses directly.
     */
    static String cni(String podCidr, Path ipamDir) {
        return """
                {
                  "cniVersion": "1.0.0",
                  "name": "wmco-pods",
                  "plugins": [
                    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
                     "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]], "routes": [{"dst": "0.0.0.0/0"}],
                              "dataDir": "%s"}},
                    {"type": "loopback"}
                  ]
                }
                """.formatted(podCidr, ipamDir);
    }

    /**
     * The kubelet: x509 and webhook authentication and webhook authorization (as kubeadm sets up), cgroupfs under
     * its own cgroup root, swap tolerated, its logs and DNS configuration in the run directory. The empty
     * resolv.conf gives pods no name server (none runs in the cluster), so look-ups fail at once instead of timing
     * out against an unreachable one. Eviction and image garbage collection thresholds are set low: the machine's
     * disk is shared and its fill level is none of the tests' business.
     */
    static String kubelet(
            String nodeIp, Path ca, Path servingCert, Path servingKey, String cgroupRoot, Path socket, Path dir) {
        return """
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                authentication:
                  anonymous: {enabled: false}
                  webhook: {enabled: true}
                  x509: {clientCAFile: "%2$s"}
                authorization: {mode: Webhook}
                address: %1$s
                port: 10250
                readOnlyPort: 0
                healthzBindAddress: 127.0.0.1
                healthzPort: 10248
                tlsCertFile: "%3$s"
                tlsPrivateKeyFile: "%4$s"
                cgroupDriver: cgroupfs
                cgroupRoot: /%5$s
                cgroupsPerQOS: true
                enforceNodeAllocatable: [pods]
                failSwapOn: false
                containerRuntimeEndpoint: unix://%6$s
                podLogsDir: "%7$s/pod-logs"
                resolvConf: "%7$s/resolv.conf"
                evictionHard: {memory.available: "50Mi", nodefs.available: "1%%", imagefs.available: "1%%", \
                nodefs.inodesFree: "1%%"}
                imageGCHighThresholdPercent: 100
                imageGCLowThresholdPercent: 99
                maxPods: 30
                serializeImagePulls: false
                registerNode: true
                rotateCertificates: false
                serverTLSBootstrap: false
                """.formatted(nodeIp, ca, servingCert, servingKey, cgroupRoot, socket, dir);
    }

    /**
     * kube-proxy in iptables mode, inside the node's namespace; it leaves the conntrack sysctls and localhost node
     * ports alone.
     */
    static String kubeProxy(Path kubeconfig, String podCidr, String nodeName) {
        return """
                apiVersion: kubeproxy.config.k8s.io/v1alpha1
                kind: KubeProxyConfiguration
                clientConnection: {kubeconfig: "%s"}
                mode: iptables
                clusterCIDR: %s
                hostnameOverride: %s
                bindAddress: 0.0.0.0
                healthzBindAddress: 127.0.0.1:10256
                metricsBindAddress: 127.0.0.1:10249
                nodePortAddresses: [primary]
                conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
                iptables: {localhostNodePorts: false}
                """.formatted(kubeconfig, podCidr, nodeName);
    }
}
