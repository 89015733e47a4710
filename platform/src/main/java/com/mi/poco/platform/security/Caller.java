package com.mi.poco.platform.security;

import com.mi.poco.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, for the checks a role alone cannot make: whether a customer is the holder of the
 * Mi account a request is about. The role checks themselves are {@code @RolesAllowed} on the
 * endpoints; this bean is only consulted behind them.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isOps() {
        return identity.hasRole(Roles.OPS);
    }

    /** Whether the caller is ops or the customer holding {@code miAccountId}. */
    public boolean mayRead(String miAccountId) {
        return isOps() || holds(miAccountId);
    }

    /** Whether the caller is the customer holding {@code miAccountId} (the token's subject). */
    public boolean holds(String miAccountId) {
        return miAccountId != null && identity.hasRole(Roles.CUSTOMER)
                && identity.getPrincipal() instanceof JsonWebToken token && miAccountId.equals(token.getSubject());
    }

    /**
     * For a request naming a Mi account in its path: a customer asking about another account gets a
     * 403 before anything is looked up, so the answer says nothing about whether that account exists.
     */
    public void requireHolderOrOps(String miAccountId) {
        if (!mayRead(miAccountId)) {
            throw forbidden();
        }
    }

    /** As {@link #requireHolderOrOps}, for the data only the holder reads (the personal-data export). */
    public void requireHolder(String miAccountId) {
        if (!holds(miAccountId)) {
            throw forbidden();
        }
    }

    private static ProblemException forbidden() {
        return new ProblemException("forbidden", "Forbidden", 403, "This token may not read this Mi account's data");
    }
}
