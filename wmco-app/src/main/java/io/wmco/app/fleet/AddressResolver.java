package io.wmco.app.fleet;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.ResolvedAddress;

/**
 * Resolves instance addresses: IPv4 addresses of DNS names and reverse-DNS names of addresses. The only network
 * look-up the decisions need; kept behind an interface so tests and the sandbox decide what resolves.
 */
public interface AddressResolver {

    /** Never throws: what cannot be resolved is simply absent from the result. */
    ResolvedAddress resolve(InstanceAddress address);
}
