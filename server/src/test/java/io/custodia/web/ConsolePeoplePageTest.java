package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's people page in a workspace too large to show on one page. */
class ConsolePeoplePageTest extends ApiTest {

    @Test
    void thePeoplePageShowsFiftyAtATimeAndFindsByNameOrEmail() throws Exception {
        Tenant acme = newWorkspace();
        for (int i = 0; i < 50; i++) {
            newUser(acme, String.format("p%02d@%s.test", i, acme.slug()), String.format("Person %02d", i));
        }
        newUser(acme, "zq@" + acme.slug() + ".test", "Zélia Quintana");
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(acme.slug(), "admin@" + acme.slug() + ".test", PASSWORD);

        // Ordered by e-mail: admin@, p00@ ... p48@ on the first page; p49@ and zq@ on the second.
        String first = page(browser, "/admin/users");
        assertThat(count(first, "<tr><td>")).isEqualTo(50);
        assertThat(first).contains("p48@").doesNotContain("p49@");
        String second = page(browser, "/admin/users?cursor=" + between(first, "href=\"/admin/users?cursor=", "\""));
        assertThat(count(second, "<tr><td>")).isEqualTo(2);
        assertThat(second)
                .contains("p49@", "zq@" + acme.slug() + ".test", "href=\"/admin/users?\"")
                .doesNotContain("rel=\"next\"");

        String found = page(browser, "/admin/users?q=QUINTANA");
        assertThat(count(found, "<tr><td>")).isEqualTo(1);
        assertThat(found).contains("Zélia Quintana", "value=\"QUINTANA\"");
        assertThat(page(browser, "/admin/users?q=nobody-at-all"))
                .contains("No one matches.")
                .doesNotContain("<tr><td>");
    }

    private static String page(ConsoleVisitor browser, String path) throws Exception {
        var response = browser.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("a link starting " + start).isNotNegative();
        from += start.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
