package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fields are chosen by their names in the reader's words (issue #28): a role's condition offers
 * "Amount", not {@code amount}; a sharing rule's condition suggests every field, custom ones by
 * their labels, as the administrator types.
 */
class ConsoleFieldChoicesTest extends ApiTest {

    @Test
    void conditionsOfferFieldsByTheirNames() throws Exception {
        Tenant acme = newWorkspace();
        assertThat(api().post(
                                "/api/v1/fields",
                                acme.adminToken(),
                                Map.of("entity", "deal", "key", "tier", "label", "Customer tier", "type", "text"))
                        .status())
                .isEqualTo(201);
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(acme.slug(), "admin@" + acme.slug() + ".test", PASSWORD);

        String rules = browser.get("/admin/sharing-rules").body();
        assertThat(rules)
                .contains("list=\"sr-fields\"", "<datalist id=\"sr-fields\">")
                .contains("<option value=\"amount\">Deal: Amount</option>")
                .contains("<option value=\"tier\">Deal: Customer tier</option>");

        String role = roleId(acme, "Salesperson");
        String editor = browser.get("/admin/roles/" + role).body();
        assertThat(editor)
                .contains(">Amount</option>", ">Customer tier</option>")
                .doesNotContain(">amount</option>", ">tier</option>");
    }
}
