package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.policy.EntityType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's pages for record types are derived from the registry ({@link EntityType}). */
class ConsoleRecordTypesTest extends ApiTest {

    @Test
    void theRoleEditorOffersEveryBuiltInFieldOfEveryType() throws Exception {
        Tenant t = newWorkspace();
        String role =
                created(api().post("/api/v1/roles", t.adminToken(), Map.of("name", "Pickers", "entities", Map.of())));
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        String page = browser.get("/admin/roles/" + role).body();
        // Activities offered only their subject before the pickers were derived from the registry.
        assertThat(page)
                .contains("name=\"f.activity.subject\"", "name=\"f.activity.dueAt\"", "name=\"f.activity.done\"")
                .contains("name=\"f.note.body\"", "name=\"f.deal.amount\"", "name=\"f.contact.companyId\"")
                // A deal's pipeline and stage are governed by the stage rows, not by a field entry.
                .doesNotContain("name=\"f.deal.stageId\"", "name=\"f.deal.pipelineId\"");
    }

    @Test
    void recordsThatStandAloneHavePagesAndTheirChildrenSectionsFollowTheParentLinks() throws Exception {
        Tenant t = newWorkspace();
        String company =
                created(api().post("/api/v1/companies", t.adminToken(), Map.of("name", "Acme", "domain", "acme.test")));
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        String home = browser.get("/").body();
        for (EntityType type : EntityType.standalone()) {
            assertThat(home).contains("href=\"/" + type.path() + "\"");
        }
        assertThat(home).doesNotContain("href=\"/activities\"", "href=\"/notes\"");
        String list = browser.get("/companies").body();
        assertThat(list).contains("id=\"n-name\"", "id=\"n-domain\"", "Acme", "acme.test");
        String page = browser.get("/companies/" + company).body();
        // Notes link to companies, activities do not.
        assertThat(page)
                .contains("id=\"notes\"", "id=\"f-name\"", "value=\"acme.test\"")
                .doesNotContain("id=\"activities\"");
        assertThat(browser.get("/activities").statusCode()).isEqualTo(404);
        assertThat(browser.get("/invoices").statusCode()).isEqualTo(404);
    }
}
