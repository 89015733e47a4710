package com.mi.poco.account;

import static com.mi.poco.account.AccountApi.account;
import static com.mi.poco.account.AccountApi.awaitState;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.migrate;
import static com.mi.poco.account.AccountApi.migration;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.testing.IndexProbeProfile;
import com.mi.poco.testing.IndexProbes;
import com.mi.poco.testing.RecordedStatements;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every per-account and per-Mi-account read of account-service, and what an import and a migration
 * batch read per line or per account, is an index probe, whatever the tables' size.
 */
@QuarkusTest
@TestProfile(IndexProbeProfile.class)
class IndexProbesTest {

    @Test
    void everyPerAccountReadIsAnIndexProbe() throws Exception {
        String poco = unique("P");
        RecordedStatements.clear();
        importFile("accounts", ndjson(account(poco, unique("probe") + "@example.com", true, "uk"))).body("accepted", equalTo(1));
        importFile("orders", ndjson("""
                {"orderId":"%s","pocoAccountId":"%s","placedAt":"2024-05-01T09:30:00Z","currency":"GBP","total":"19.99",\
                "status":"DELIVERED","items":[{"sku":"POCO-F6","name":"POCO F6","quantity":1,"unitPrice":"19.99"}],"shipments":[]}"""
                .formatted(unique("O"), poco))).body("accepted", equalTo(1));
        importFile("feedback", ndjson("""
                {"feedbackId":"%s","pocoAccountId":"%s","rating":4,"comment":"Fine","createdAt":"2024-05-04T08:00:00Z"}"""
                .formatted(unique("F"), poco))).body("accepted", equalTo(1));
        migrate(List.of(poco));
        awaitState(poco, "MIGRATED");
        String mi = migration(poco).extract().path("miAccountId");

        given().get("/api/accounts/" + poco + "/migration").then().statusCode(200);
        given().header("Authorization", Tokens.bearer(Tokens.customer(mi))).get("/api/accounts/mi/" + mi + "/poco-data")
                .then().statusCode(200);

        IndexProbes.assertEveryRecordedReadIsAProbe();
    }
}
