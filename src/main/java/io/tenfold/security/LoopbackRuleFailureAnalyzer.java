package io.tenfold.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns the loopback rule's refusal into Spring Boot's "APPLICATION FAILED TO START" with what to do. */
class LoopbackRuleFailureAnalyzer extends AbstractFailureAnalyzer<LoopbackRule.UnauthenticatedNetworkException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LoopbackRule.UnauthenticatedNetworkException cause) {
        return new FailureAnalysis(cause.getMessage(), """
                Do one of these (docs/security.md):
                - give an admin key: set TENFOLD_SECURITY_ADMIN_KEY (tenfold.security.admin-key), for example from \
                a secret, then create the other keys with POST /api/v1/admin/api-keys;
                - or listen on loopback only: server.address=127.0.0.1;
                - or, only on a network you fully trust, set tenfold.security.allow-unauthenticated-network=true. \
                This is dangerous: anyone who can reach the port can upload, train and classify.""", cause);
    }
}
