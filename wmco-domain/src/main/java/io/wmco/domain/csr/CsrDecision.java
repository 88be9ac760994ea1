package io.wmco.domain.csr;

import static java.util.Objects.requireNonNull;

/**
 * What the operator does with one CertificateSigningRequest. The operator never denies a CSR: anything it does
 * not approve is left for other approvers or an administrator. Immutable and thread-safe.
 */
public sealed interface CsrDecision {

    /** Why, as a sentence for logs. */
    String explanation();

    /**
     * Approve the CSR.
     *
     * @param kind which kubelet certificate it is
     * @param nodeName the node the certificate is for
     * @param reason the CamelCase reason of the Approved condition
     * @param message the message of the Approved condition, naming the operator
     */
    record Approve(Kind kind, String nodeName, String reason, String message) implements CsrDecision {
        public Approve {
            requireNonNull(kind, "kind cannot be null");
            requireNonNull(nodeName, "nodeName cannot be null");
            requireNonNull(reason, "reason cannot be null");
            requireNonNull(message, "message cannot be null");
        }

        @Override
        public String explanation() {
            return message;
        }
    }

    /**
     * Leave the CSR alone.
     *
     * @param explanation the first rule it failed
     */
    record LeaveAlone(String explanation) implements CsrDecision {
        public LeaveAlone {
            requireNonNull(explanation, "explanation cannot be null");
        }
    }

    /** The two kinds of kubelet certificate the operator approves. */
    enum Kind {
        /** The kubelet's client certificate, requested while bootstrapping before the Node exists. */
        CLIENT,
        /** The kubelet's serving certificate, requested by the registered Node. */
        SERVING
    }
}
