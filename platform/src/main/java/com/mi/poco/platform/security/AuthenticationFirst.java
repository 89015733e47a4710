package com.mi.poco.platform.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authentication and roles before anything else: an API request without a valid token is a 401, and
 * one whose token has none of the roles its endpoint allows is a 403, before the request is even
 * matched to a method, so a stranger or the wrong role learns nothing of what an endpoint takes (a 415
 * for the wrong media type, a 405 for the wrong method, a 400 for a bad body). The rules are the
 * resources' own annotations ({@link EndpointRoles}); {@code @PermitAll} endpoints go on without a
 * token, and each matched method still checks its own annotations.
 */
public class AuthenticationFirst {

    private final CurrentIdentityAssociation identities;
    private volatile EndpointRoles endpoints;

    public AuthenticationFirst(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    private EndpointRoles endpoints() {
        EndpointRoles read = endpoints;
        if (read == null) {
            read = EndpointRoles.ofResources(); // idempotent, so a race only reads twice
            endpoints = read;
        }
        return read;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().invoke(identity -> {
            switch (endpoints().judge(request.getMethod(), path, identity)) {
                case UNAUTHENTICATED -> throw new UnauthorizedException();
                case FORBIDDEN -> throw new ForbiddenException();
                case PASS -> { }
            }
        }).replaceWithVoid();
    }
}
