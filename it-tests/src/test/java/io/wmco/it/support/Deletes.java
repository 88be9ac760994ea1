package io.wmco.it.support;

import io.kubernetes.client.openapi.ApiException;

/** Clean-up deletes for tests: an object that is already gone is fine, any other API error is not. */
public final class Deletes {
    private Deletes() {}

    /** A delete call of the generated API, whatever it returns. */
    @FunctionalInterface
    public interface Call {
        Object run() throws ApiException;
    }

    /** Runs {@code call}, ignoring 404 Not Found. */
    public static void ignoringMissing(Call call) throws ApiException {
        try {
            call.run();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
