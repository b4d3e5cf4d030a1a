package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Paths name record types of the registry only: an unknown type is 404, never read as another type. */
class RecordTypePathsTest extends ApiTest {

    @Test
    void anUnknownTypeIsNotFoundAndAChildTypeHasNoComments() {
        Tenant t = newWorkspace();
        String note = created(api().post(
                        "/api/v1/notes",
                        t.adminToken(),
                        Map.of(
                                "body",
                                "On the company",
                                "companyId",
                                created(api().post("/api/v1/companies", t.adminToken(), Map.of("name", "Acme"))))));
        String id = UUID.randomUUID().toString();
        for (String path : new String[] {
            "/api/v1/invoices",
            "/api/v1/invoices/" + id,
            "/api/v1/invoices/" + id + "/comments",
            "/api/v1/notes/" + note + "/comments",
            "/api/v1/deal/" + id
        }) {
            Api.Response answer = api().get(path, t.adminToken());
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.contentType()).as(path).contains("application/problem+json");
        }
        Api.Response request =
                api().post("/api/v1/access-requests", t.adminToken(), Map.of("recordType", "note", "recordId", note));
        assertThat(request.status()).as(request.body()).isEqualTo(422);
        assertThat(request.body()).contains("one of contact, company, deal");
    }
}
