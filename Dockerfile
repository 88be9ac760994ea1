# syntax=docker/dockerfile:1
#
# The operator image. Build from the repository root, naming the directory of Windows binaries (kubelet.exe,
# kube-proxy.exe, hybrid-overlay-node.exe, windows_exporter.exe, containerd, the CNI plugins, hns.psm1, ...;
# the file names of io.wmco.domain.payload.PayloadFiles, all in one flat directory) as the "payload" context:
#
#   docker build --build-context payload=/path/to/windows-binaries \
#     --build-arg OPERATOR_VERSION=0.1.0 -t registry.example.com/wmco/windows-machine-config-operator:0.1.0 .
#
# (podman build accepts the same flags.) scripts/check-image.sh checks, without a container engine, that the
# entrypoint below starts the operator from the layout this file builds.

# --- build: the Maven wrapper on a JDK ---------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -pl wmco-app -am install \
 && ./mvnw -B -q -pl wmco-app dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp wmco-app/target/wmco-app-*.jar /out/wmco-app.jar

# --- run: a JRE, a non-root user, the payload at /payload -------------------------------------------------------
FROM eclipse-temurin:17-jre
ARG OPERATOR_VERSION=0.1.0
LABEL org.opencontainers.image.title="windows-machine-config-operator" \
      org.opencontainers.image.description="Turns Windows Server hosts into Kubernetes worker nodes" \
      org.opencontainers.image.version="${OPERATOR_VERSION}"
COPY --from=build /out/ /opt/wmco/
COPY --from=payload / /payload/
# Group 0 and read-only files: OpenShift runs the container as an arbitrary UID in group 0.
RUN chmod -R a+rX,go-w /opt/wmco /payload
ENV OPERATOR_VERSION=${OPERATOR_VERSION} \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:InitialRAMPercentage=5 -XX:MaxRAMPercentage=40 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=40 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
USER 1001:0
EXPOSE 8080 8443
ENTRYPOINT ["java", "-cp", "/opt/wmco/wmco-app.jar:/opt/wmco/lib/*", "io.wmco.app.Main", "--payload-dir=/payload"]
