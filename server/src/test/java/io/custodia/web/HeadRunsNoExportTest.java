package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HEAD on a GET that is audited (the exports, the access review's CSV) is 405 with {@code Allow:
 * GET}, in the API and in the console: Spring MVC would otherwise run the whole export for an
 * answer it never sends, and audit it (outside probe N3).
 */
class HeadRunsNoExportTest extends ApiTest {
    private Tenant tenant;

    @BeforeEach
    void aWorkspaceWithADeal() {
        tenant = newWorkspace();
        onePipeline(tenant);
        created(api().post("/api/v1/deals", tenant.adminToken(), Map.of("title", "Fazenda Aurora")));
    }

    private int audited(String action) {
        return api().get("/api/v1/audit?action=" + action, tenant.adminToken())
                .json()
                .get("items")
                .size();
    }

    private int reviewExports() {
        return api().get("/api/v1/access/review/exports", tenant.adminToken())
                .json()
                .get("items")
                .size();
    }

    @Test
    void headOnAnApiExportIs405AndNeitherExportsNorAudits() {
        Api.Response deals = api().send("HEAD", "/api/v1/deals/export", tenant.adminToken(), null, null);
        Api.Response review =
                api().send("HEAD", "/api/v1/access/review", tenant.adminToken(), null, null, "Accept", "text/csv");

        assertThat(deals.status()).isEqualTo(405);
        assertThat(deals.header("Allow")).isEqualTo("GET");
        assertThat(deals.contentType()).startsWith("application/problem+json");
        assertThat(review.status()).isEqualTo(405);
        assertThat(review.header("Allow")).isEqualTo("GET");
        assertThat(audited("deal.exported")).isZero();
        assertThat(audited("access_review.exported")).isZero();
        assertThat(reviewExports()).isZero();
        // GET still exports and audits; HEAD on a read that records nothing still answers.
        assertThat(api().get("/api/v1/deals/export", tenant.adminToken()).status())
                .isEqualTo(200);
        assertThat(audited("deal.exported")).isEqualTo(1);
        assertThat(api().send("HEAD", "/api/v1/deals", tenant.adminToken(), null, null)
                        .status())
                .isEqualTo(200);
        assertThat(api().send(
                                "HEAD",
                                "/api/v1/access/review",
                                tenant.adminToken(),
                                null,
                                null,
                                "Accept",
                                "application/json")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void headOnTheConsolesExportsIs405AndNeitherExportsNorAudits() throws Exception {
        ConsoleVisitor visitor = new ConsoleVisitor(port());
        visitor.signIn(tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);

        HttpResponse<String> deals = visitor.head("/deals/export.csv");
        HttpResponse<String> review = visitor.head("/access/review.csv");

        assertThat(deals.statusCode()).isEqualTo(405);
        assertThat(deals.headers().firstValue("Allow")).hasValue("GET");
        assertThat(review.statusCode()).isEqualTo(405);
        assertThat(audited("deal.exported")).isZero();
        assertThat(audited("access_review.exported")).isZero();
        assertThat(reviewExports()).isZero();
        assertThat(visitor.get("/deals/export.csv").statusCode()).isEqualTo(200);
        assertThat(audited("deal.exported")).isEqualTo(1);
    }
}
