package com.mi.poco.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * The complete personal-data export of a Mi account (privacy law: access and portability):
 * account-service's document (profile, orders with logistics, feedback) joined with the account's
 * points (loyalty-service), its Mi coupons and what became of each POCO coupon (coupon-service),
 * fetched in parallel with the caller's own headers, so each service still decides who may read what.
 */
@ApplicationScoped
public class PersonalDataJoin {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Upstreams upstreams;

    public PersonalDataJoin(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    void register(@Observes Router router) {
        // After the legacy hosts and the limiter, before the generic /api/* forwarding (ApiForwarding).
        router.get("/api/accounts/mi/:miAccountId/poco-data").order(Integer.MIN_VALUE + 2).handler(this::export);
    }

    private void export(RoutingContext context) {
        String id = context.pathParam("miAccountId");
        String path = context.request().path();
        if (!ACCOUNT_ID.matcher(id).matches()) {
            Problems.send(context.response(), 404, "mi-account-not-found", "Not found", "No Mi account with id " + id, path);
            return;
        }
        MultiMap headers = context.request().headers();
        Future<Upstreams.Answer> account = upstreams.get("accounts", "/api/accounts/mi/" + id + "/poco-data", headers);
        Future<Upstreams.Answer> points = upstreams.get("loyalty", "/api/loyalty/accounts/mi/" + id, headers);
        Future<Upstreams.Answer> coupons = upstreams.get("coupons", "/api/coupons/mi/" + id, headers);
        Future<Upstreams.Answer> legacyCoupons = upstreams.get("coupons", "/api/coupons/mi/" + id + "/legacy", headers);
        Future.join(account, points, coupons, legacyCoupons).onComplete(done -> {
            String down = account.failed() ? "accounts" : points.failed() ? "loyalty"
                    : coupons.failed() || legacyCoupons.failed() ? "coupons" : null;
            if (down != null) {
                Problems.unavailable(context.response(), down, path);
                return;
            }
            Upstreams.Answer profile = account.result();
            for (Upstreams.Answer part : new Upstreams.Answer[] {profile, points.result(), coupons.result(),
                    legacyCoupons.result()}) {
                if (part.status() != 200 && part.status() != 404 || part == profile && part.status() != 200) {
                    // a refusal or failure of a service is the answer, as that service gave it
                    context.response().setStatusCode(part.status())
                            .putHeader("Content-Type", "application/problem+json").end(part.body());
                    return;
                }
            }
            JsonObject document = profile.body().toJsonObject();
            document.put("points", points.result().status() == 200 ? points.result().body().toJsonObject()
                    : new JsonObject().put("miAccountId", id).put("balance", 0).put("entries", new JsonArray()));
            document.put("coupons", coupons.result().status() == 200 ? coupons.result().body().toJsonArray() : new JsonArray());
            document.put("pocoCoupons", legacyCoupons.result().status() == 200 ? legacyCoupons.result().body().toJsonArray()
                    : new JsonArray());
            context.response().putHeader("Content-Type", "application/json").end(document.encode());
        });
    }
}
