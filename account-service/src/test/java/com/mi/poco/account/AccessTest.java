package com.mi.poco.account;

import static com.mi.poco.account.AccountApi.account;
import static com.mi.poco.account.AccountApi.awaitState;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.migrate;
import static com.mi.poco.account.AccountApi.migration;
import static com.mi.poco.testing.AccessMatrix.Endpoint.holder;
import static com.mi.poco.testing.AccessMatrix.Endpoint.holderOrOps;
import static com.mi.poco.testing.AccessMatrix.Endpoint.ops;

import com.mi.poco.testing.AccessMatrix;
import com.mi.poco.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every account-service endpoint against every kind of token (see {@link AccessMatrix}). */
@QuarkusTest
class AccessTest {

    private static final String NDJSON = "application/x-ndjson";

    @Test
    void everyEndpointAnswersOnlyTheRightToken() {
        String poco = Api.unique("P-access");
        String erased = Api.unique("P-access-erased");
        importFile("accounts", Api.ndjson(account(poco, null, false, "uk"), account(erased, null, false, "fr")))
                .statusCode(200);
        String location = migrate(List.of(poco, erased));
        awaitState(poco, "MIGRATED");
        String mi = migration(poco).extract().path("miAccountId");
        String erasedMi = migration(erased).extract().path("miAccountId");
        String migrationPath = URI.create(location).getPath();

        AccessMatrix.check(List.of(
                ops("POST", "/api/accounts/imports/accounts", NDJSON, Api.ndjson(account(poco, null, false, "uk"))),
                ops("POST", "/api/accounts/imports/mi-accounts", NDJSON, ""),
                ops("POST", "/api/accounts/imports/orders", NDJSON, ""),
                ops("POST", "/api/accounts/imports/feedback", NDJSON, ""),
                ops("POST", "/api/migrations", "application/json", "{\"pocoAccountIds\":[\"" + poco + "\"]}"),
                ops("GET", migrationPath),
                ops("GET", "/api/migrations"),
                holderOrOps("GET", "/api/accounts/" + poco + "/migration", mi, 404),
                holder("GET", "/api/accounts/mi/" + mi + "/poco-data", mi),
                ops("DELETE", "/api/accounts/mi/" + erasedMi + "/poco-data")));
    }
}
