package com.mi.poco.platform.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authentication before anything else: an API request without a valid token is a 401 before its
 * resource is even matched, so a stranger learns nothing of what an endpoint takes (a 415 for the
 * wrong media type, a 405 for the wrong method, a 400 for a bad body). Only the reads a service
 * declares public ({@code security.public-reads}, path prefixes read with GET or HEAD) go on without
 * a token. Roles are still checked where each endpoint declares them.
 */
public class AuthenticationFirst {

    private final CurrentIdentityAssociation identities;
    private final List<String> publicReads;

    public AuthenticationFirst(CurrentIdentityAssociation identities,
            @ConfigProperty(name = "security.public-reads") Optional<List<String>> publicReads) {
        this.identities = identities;
        this.publicReads = publicReads.orElse(List.of());
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") || publicRead(request.getMethod(), path)) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().invoke(identity -> {
            if (identity.isAnonymous()) {
                throw new UnauthorizedException();
            }
        }).replaceWithVoid();
    }

    private boolean publicRead(String method, String path) {
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                && publicReads.stream().anyMatch(path::startsWith);
    }
}
