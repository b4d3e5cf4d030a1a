package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #28: a caller who asks for Brazilian Portuguese ({@code Accept-Language: pt-BR}) reads
 * every problem's title, detail and field messages in it, whoever raised the problem (a feature,
 * Spring, Jackson, a filter, Tomcat); the status, type and field names stay as they are, and
 * without the header the same problem reads in English.
 */
class ProblemsInPortugueseTest extends ApiTest {
    /** English function words: a text holding one was not translated (as PortugueseThroughoutTest). */
    private static final Pattern ENGLISH = Pattern.compile(
            "\\b(the|you|your|with|which|this|that|is|are|was|has|have|not|may|cannot|from|for|and|of|by"
                    + "|such|does|exist|missing|permission|expected|must|invalid|request|required|unknown"
                    + "|body|field|text|number|too|large|wrong|found|forbidden|conflict|bad|malformed|allowed"
                    + "|method|supported|type|valid|contains|character|at|most|one|line"
                    // the names of things and states inside a detail (issue #28)
                    + "|deal|contact|company|activity|running|done|completed|approved|denied|owner|view|manager)\\b",
            Pattern.CASE_INSENSITIVE);

    private static final String PT = "pt-BR";

    @Test
    void everyKindOfRefusalReadsInPortuguese() {
        Tenant t = newWorkspace();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test", "Bia Souza");
        String biaToken = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        String admin = t.adminToken();
        onePipeline(t);
        String field = "f" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(api().post(
                                "/api/v1/fields",
                                admin,
                                Map.of("entity", "contact", "key", field, "label", "Campo", "type", "text"))
                        .status())
                .isEqualTo(201);

        Map<String, Function<String[], Api.Response>> cases = new LinkedHashMap<>();
        cases.put("400 malformed JSON", h -> api().send("POST", "/api/v1/deals", admin, "application/json", "{", h));
        cases.put(
                "422 wrong shape",
                h -> api().send("POST", "/api/v1/deals", admin, "application/json", "{\"title\":[]}", h));
        cases.put("400 bad cursor", h -> api().send("GET", "/api/v1/deals?cursor=xyz", admin, null, null, h));
        cases.put("400 sort", h -> api().send("GET", "/api/v1/deals?sort=title", admin, null, null, h));
        cases.put("400 bad limit", h -> api().send("GET", "/api/v1/deals?limit=0", admin, null, null, h));
        cases.put("400 parameter type", h -> api().send("GET", "/api/v1/deals?limit=abc", admin, null, null, h));
        cases.put(
                "400 Idempotency-Key",
                h -> api().send(
                                "POST",
                                "/api/v1/deals",
                                admin,
                                "application/json",
                                "{}",
                                with(h, "Idempotency-Key", " ")));
        cases.put("400 Tomcat", h -> api().send("GET", "/api/v1/deals/%00", admin, null, null, h));
        cases.put("401 no token", h -> api().send("GET", "/api/v1/me", null, null, null, h));
        cases.put("401 unknown token", h -> api().send("GET", "/api/v1/me", "nope", null, null, h));
        cases.put(
                "401 wrong password",
                h -> api().send(
                                "POST",
                                "/api/v1/auth/login",
                                null,
                                "application/json",
                                Api.json(Map.of("workspace", t.slug(), "email", "x@y.test", "password", "zzzzzzzz")),
                                h));
        cases.put("403 missing permission", h -> api().send("GET", "/api/v1/audit", biaToken, null, null, h));
        cases.put(
                "403 missing permission to create",
                h -> api().send("POST", "/api/v1/deals", biaToken, "application/json", "{\"title\":\"D\"}", h));
        cases.put("404 record", h -> api().send("GET", "/api/v1/deals/" + UUID.randomUUID(), admin, null, null, h));
        cases.put("404 not an id", h -> api().send("GET", "/api/v1/deals/abc", admin, null, null, h));
        cases.put("404 record type", h -> api().send("GET", "/api/v1/records/zz/x", admin, null, null, h));
        cases.put("404 endpoint", h -> api().send("GET", "/api/v1/nowhere", admin, null, null, h));
        cases.put("405 method", h -> api().send("PUT", "/api/v1/me", admin, "application/json", "{}", h));
        cases.put(
                "409 field exists",
                h -> api().send(
                                "POST",
                                "/api/v1/fields",
                                admin,
                                "application/json",
                                Api.json(Map.of("entity", "contact", "key", field, "label", "Campo", "type", "text")),
                                h));
        cases.put(
                "413 too large",
                h -> api().send(
                                "POST",
                                "/api/v1/deals",
                                admin,
                                "application/json",
                                "{\"title\":\"" + "x".repeat(1_100_000) + "\"}",
                                h));
        cases.put("415 media type", h -> api().send("POST", "/api/v1/deals", admin, "text/plain", "title", h));
        cases.put(
                "422 control character",
                h -> api().send("POST", "/api/v1/deals", admin, "application/json", "{\"title\":\"a\\u0001\"}", h));
        cases.put(
                "422 number out of range",
                h -> api().send(
                                "POST",
                                "/api/v1/deals",
                                admin,
                                "application/json",
                                "{\"title\":\"D\",\"amount\":1e400}",
                                h));
        cases.put("422 required", h -> api().send("POST", "/api/v1/deals", admin, "application/json", "{}", h));
        cases.put(
                "422 role violations",
                h -> api().send(
                                "POST",
                                "/api/v1/roles",
                                admin,
                                "application/json",
                                "{\"name\":\"R\",\"entities\":{\"deal\":{\"read\":{\"level\":\"MOST\"}}},\"x\":1}",
                                h));
        cases.put("422 query value", h -> api().send("GET", "/api/v1/deals?q=a%01", admin, null, null, h));
        cases.put(
                "422 own status",
                h -> api().send(
                                "PATCH",
                                "/api/v1/users/" + t.adminId(),
                                admin,
                                "application/json",
                                "{\"status\":\"INACTIVE\"}",
                                h));

        Map<String, List<String>> english = new LinkedHashMap<>();
        Map<String, String> wrongStatus = new LinkedHashMap<>();
        cases.forEach((name, call) -> {
            Api.Response portuguese = call.apply(new String[] {"Accept-Language", PT});
            Api.Response plain = call.apply(new String[0]);
            String expectedStatus = name.substring(0, 3);
            if (!String.valueOf(portuguese.status()).equals(expectedStatus)) {
                wrongStatus.put(name, portuguese.status() + " " + portuguese.body());
                return;
            }
            assertThat(portuguese.contentType()).as(name).startsWith("application/problem+json");
            JsonNode pt = portuguese.json();
            JsonNode en = plain.json();
            // What clients read by machine stays as it is; only the words change.
            assertThat(plain.status()).as(name).isEqualTo(portuguese.status());
            assertThat(pt.get("type")).as(name).isEqualTo(en.get("type"));
            assertThat(fields(pt)).as(name).isEqualTo(fields(en));
            assertThat(pt.get("detail").asString())
                    .as(name)
                    .isNotEqualTo(en.get("detail").asString());
            List<String> found = englishIn(pt);
            if (!found.isEmpty()) {
                english.put(name, found);
            }
        });
        assertThat(wrongStatus).as("cases that did not answer their status").isEmpty();
        assertThat(english).as("English in problems asked for in pt-BR").isEmpty();

        // 429: sign-ins that keep failing are throttled, in Portuguese too.
        Api.Response throttled = null;
        for (int i = 0; i < 30 && (throttled == null || throttled.status() != 429); i++) {
            throttled = api().send(
                            "POST",
                            "/api/v1/auth/login",
                            null,
                            "application/json",
                            Api.json(Map.of(
                                    "workspace", t.slug(), "email", "bia@" + t.slug() + ".test", "password", "x" + i)),
                            "Accept-Language",
                            PT);
        }
        assertThat(throttled.status()).as(throttled.body()).isEqualTo(429);
        assertThat(englishIn(throttled.json())).as(throttled.body()).isEmpty();
        assertThat(bia).isNotNull();
    }

    @Test
    void withoutTheHeaderOrWithAnotherLanguageProblemsStayInEnglish() {
        Tenant t = newWorkspace();
        String path = "/api/v1/deals/" + UUID.randomUUID();
        String english = api().get(path, t.adminToken()).json().get("detail").asString();
        assertThat(english).isEqualTo("deal " + path.substring(path.lastIndexOf('/') + 1) + " does not exist");
        assertThat(api().send("GET", path, t.adminToken(), null, null, "Accept-Language", "fr-FR, de")
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo(english);
        assertThat(api().send("GET", path, t.adminToken(), null, null, "Accept-Language", "en-US, pt-BR;q=0.5")
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo(english);
        JsonNode portuguese = api().send("GET", path, t.adminToken(), null, null, "Accept-Language", "fr, pt;q=0.8")
                .json();
        assertThat(portuguese.get("title").asString()).isEqualTo("Não encontrado");
        assertThat(portuguese.get("detail").asString()).endsWith(" não existe");
    }

    /**
     * The names of record types, states and levels inside a detail are words too: "negócio 3f… não
     * existe", never "deal 3f… não existe".
     */
    @Test
    void theThingsAndStatesADetailNamesReadInPortuguese() throws InterruptedException {
        Tenant t = newWorkspace();
        String admin = t.adminToken();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test", "Bia Souza");
        String biaToken = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        UUID missing = UUID.randomUUID();

        assertThat(detail("GET", "/api/v1/deals/" + missing, admin, null))
                .isEqualTo("negócio " + missing + " não existe");
        assertThat(detail("GET", "/api/v1/companies/" + missing + "/comments", admin, null))
                .isEqualTo("empresa " + missing + " não existe");
        assertThat(detail("POST", "/api/v1/trash/contacts/" + missing + "/restore", admin, null))
                .isEqualTo("contato " + missing + " na lixeira não existe");

        String list = created(api().post("/api/v1/lists", admin, Map.of("name", "L")));
        assertThat(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/members/" + bia,
                                admin,
                                "application/json",
                                "{\"level\":\"VIEW\"}")
                        .status())
                .isEqualTo(200);
        assertThat(detail("PATCH", "/api/v1/lists/" + list, biaToken, "{\"name\":\"M\"}"))
                .isEqualTo("falta a permissão: nível proprietário na lista (seu nível: visualizar)");

        String team = created(api().post("/api/v1/teams", admin, Map.of("name", "Suporte")));
        String contact = created(api().post("/api/v1/contacts", admin, Map.of("firstName", "C")));
        String conversation = created(api().post(
                        "/api/v1/conversations",
                        admin,
                        Map.of("teamId", team, "contactId", contact, "channel", "chat", "subject", "S")));
        assertThat(detail("POST", "/api/v1/conversations/" + conversation + "/reopen", admin, null))
                .isEqualTo("a conversa já está aberta");

        Api.Response accepted = api().send("POST", "/api/v1/deals/import?async=true", admin, "text/csv", "title\nD\n");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String job = "/api/v1/jobs/" + accepted.json().get("id").asString();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (api().get(job, admin).json().get("state").asString().equals("RUNNING")) {
            assertThat(System.nanoTime()).as("the import ends").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(detail("POST", job + "/cancel", admin, null))
                .isEqualTo("o trabalho está concluído; nada a cancelar");
    }

    private String detail(String method, String path, String token, String body) {
        Api.Response answer =
                api().send(method, path, token, body == null ? null : "application/json", body, "Accept-Language", PT);
        assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
        return answer.json().get("detail").asString();
    }

    private static String[] with(String[] headers, String name, String value) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> names = new ArrayList<>();
        if (problem.has("errors")) {
            problem.get("errors").forEach(e -> names.add(e.get("field").asString()));
        }
        return names;
    }

    /** The title, detail and field messages that hold an English word, ids and quoted values aside. */
    private static List<String> englishIn(JsonNode problem) {
        List<String> texts = new ArrayList<>();
        texts.add(problem.get("title").asString());
        texts.add(problem.get("detail").asString());
        if (problem.has("errors")) {
            problem.get("errors").forEach(e -> texts.add(e.get("message").asString()));
        }
        List<String> found = new ArrayList<>();
        for (String text : texts) {
            // Quoted values, ids, paths and keys such as deal.update are the caller's or the API's own.
            String words = text.replaceAll("'[^']*'|\"[^\"]*\"|\\S*[/.:_\\-\\d]\\S*|[A-Z][A-Z_]+", " ");
            Matcher m = ENGLISH.matcher(words);
            if (m.find()) {
                found.add(text);
            }
        }
        return found;
    }
}
