package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One person's proof that a console page offers exactly what they may do: the actions the page
 * offers ({@link ConsoleBrowser#offeredActions()}) are compared with what the API says the person
 * may do (a {@code can} where the API has one, else the API's own answer to the same action), then
 * each offered action is performed in the browser and must not be refused.
 */
final class OfferedActions {
    private static final String SCHEDULE = "/api/v1/access/review-schedule";
    private static final Pattern RECORD_PAGE = Pattern.compile("^/(deals|contacts|companies)/([0-9a-f-]{36})$");

    private final Api api;
    private final ConsoleBrowser browser;
    private final int port;
    private final String who;
    private final UUID user;
    private final String token;
    private final UUID extra;
    private final Path files;

    OfferedActions(
            Api api, ConsoleBrowser browser, int port, String who, UUID user, String token, UUID extra, Path files) {
        this.api = api;
        this.browser = browser;
        this.port = port;
        this.who = who;
        this.user = user;
        this.token = token;
        this.extra = extra;
        this.files = files;
    }

    /** The body of a new record of this kind with this name. */
    static Map<String, Object> named(String kind, String name) {
        return switch (kind) {
            case "deals" -> Map.of("title", name);
            case "contacts" -> Map.of("firstName", name);
            default -> Map.of("name", name);
        };
    }

    /** The id of the input, on a record's page ({@code f-}) or in the new-record form ({@code n-}), of its name. */
    private static String nameInput(String prefix, String kind) {
        return prefix
                + switch (kind) {
                    case "deals" -> "title";
                    case "contacts" -> "first";
                    default -> "name";
                };
    }

    /** A CSV of one record of this kind with this name. */
    private static String csvOf(String kind, String name) {
        return named(kind, name).keySet().iterator().next() + "\n" + name + "\n";
    }

    private static String entity(String kind) {
        return RecordKind.of(kind).orElseThrow().entity;
    }

    /**
     * A list page (deals, contacts, companies): create, import and export are offered exactly when
     * the API lets the person do them; each is done. Answers the record the person created, if any.
     */
    String onTheListPage(String kind) throws Exception {
        List<String> permitted = new ArrayList<>();
        if (api.post("/api/v1/" + kind, token, named(kind, "Oráculo de " + who)).status() == 201) {
            permitted.add("/" + kind);
        }
        // An import is refused up front (403) to whoever may import none of the type, line by line
        // (each line is a create that needs import too) to whoever may import some.
        Api.Response imported =
                api.send("POST", "/api/v1/" + kind + "/import", token, "text/csv", csvOf(kind, "Oráculo importado"));
        assertThat(imported.status()).as(imported.body()).isIn(200, 403);
        if (imported.status() == 200 && imported.json().get("failed").isEmpty()) {
            permitted.add("/" + kind + "/import");
        }
        if (api.get("/api/v1/" + kind + "/export", token).status() == 200) {
            permitted.add("GET /" + kind + "/export.csv");
        }
        browser.open("/" + kind);
        assertOffered(kind + " list", permitted);

        String own = null;
        if (permitted.contains("/" + kind)) {
            browser.open("/" + kind);
            browser.expand(nameInput("n-", kind));
            browser.fill(nameInput("n-", kind), "Novo de " + who);
            browser.submit("/" + kind);
            notRefused("create " + kind);
            Matcher page = RECORD_PAGE.matcher(browser.path());
            own = page.matches() ? page.group(2) : null;
        }
        if (permitted.contains("/" + kind + "/import")) {
            Path csv = files.resolve(kind + "-" + user + ".csv");
            Files.writeString(csv, csvOf(kind, "Importado por " + who));
            browser.open("/" + kind);
            browser.attach("import-file", csv);
            browser.submit("/" + kind + "/import");
            notRefused("import " + kind);
            browser.await("#import-progress .done, #import-progress .error");
            assertThat(browser.text()).as(who + " imports " + kind).doesNotContain("Linhas que falharam");
            notRefused("import " + kind);
        }
        if (permitted.contains("GET /" + kind + "/export.csv")) {
            HttpResponse<String> csv = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/" + kind + "/export.csv"))
                                    .header("Cookie", "JSESSIONID=" + browser.cookie("JSESSIONID"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).as(who + " exports " + kind).isEqualTo(200);
        }
        return own;
    }

    /**
     * A record's page: save, delete and share as the record's {@code can} says; comment, log an
     * activity and add a note as the API answers them. Each is done; a delete on a throwaway record
     * that the person sees as this one (same owner, same path to it).
     */
    void onTheRecordPage(String kind, String id, Supplier<String> throwaway) {
        String base = "/" + kind + "/" + id;
        JsonNode can = api.get("/api/v1" + base, token).json().get("can");
        List<String> permitted = new ArrayList<>();
        offered(can, "update", permitted, base);
        offered(can, "delete", permitted, base + "/delete");
        offered(can, "share", permitted, base + "/shares");
        RecordKind k = RecordKind.of(kind).orElseThrow();
        if (accepted(api.post("/api/v1" + base + "/comments", token, Map.of("body", "oráculo", "private", true)))) {
            permitted.add(base + "/comments");
        }
        if (k.hasActivities()
                && accepted(api.post(
                        "/api/v1/activities",
                        token,
                        Map.of("type", "call", "subject", "oráculo", entity(kind) + "Id", id)))) {
            permitted.add(base + "/activities");
        }
        if (k.hasNotes()
                && accepted(api.post("/api/v1/notes", token, Map.of("body", "oráculo", entity(kind) + "Id", id)))) {
            permitted.add(base + "/notes");
        }
        browser.open(base);
        assertOffered(kind + " " + id, permitted);

        for (String action : permitted) {
            String what = action.substring(base.length());
            browser.open(base);
            switch (what) {
                case "" -> browser.fill(nameInput("f-", kind), "Revisto por " + who);
                case "/comments" -> browser.fill("c-body", "Comentário de " + who);
                case "/activities" -> browser.fill("a-subject", "Ligação de " + who);
                case "/notes" -> browser.fill("n-body", "Nota de " + who);
                case "/shares" -> browser.pick("s-user", "Extra", extra.toString());
                case "/delete" -> {
                    String spare = throwaway.get();
                    browser.open("/" + kind + "/" + spare);
                    assertOffered(
                            kind + " " + spare + " (throwaway)",
                            permitted.stream().map(a -> a.replace(id, spare)).toList());
                    action = "/" + kind + "/" + spare + "/delete";
                }
                default -> throw new AssertionError("an action the proof cannot perform: " + action);
            }
            browser.submit(action);
            notRefused(action);
        }
    }

    /** The board: a card can be moved exactly when its deal's {@code can.update} says so; each is moved. */
    void onTheBoard() {
        browser.open("/board");
        List<String> movable = new ArrayList<>();
        for (JsonNode deal : api.get("/api/v1/deals?limit=100", token).json().get("items")) {
            if (deal.get("can").get("update").asBoolean()
                    && !deal.get("stageId").isNull()) {
                movable.add(deal.get("id").asString());
            }
        }
        assertOffered("board", movable.stream().map(d -> "/board/move").toList());
        for (String deal : movable) {
            browser.open("/board");
            browser.submitInPlace("move-" + deal);
            notRefused("move " + deal);
        }
    }

    /**
     * A shared list's page: each form as the list's {@code can} says (remove: one per contact);
     * each is done, removing a throwaway contact and deleting and handing on throwaway lists.
     */
    void onTheListsPage(String list, Supplier<String> throwawayContact, Supplier<String> throwawayList) {
        String spareContact = throwawayContact.get();
        String base = "/lists/" + list;
        List<String> permitted = listOffers(list);
        browser.open(base);
        assertOffered("list " + list, permitted);
        for (String action : permitted) {
            browser.open(base);
            if (action.equals(base + "/contacts/new")) {
                browser.fill("ln-first", "Novo na lista por " + who);
            } else if (action.equals(base + "/members")) {
                browser.pick("lm-user", "Extra", extra.toString());
            } else if (action.equals(base + "/rename")) {
                browser.fill("lr-name", "Clientes do Sul");
            } else if (action.endsWith("/remove") && !action.contains(spareContact)) {
                continue;
            } else if (action.equals(base + "/delete") || action.equals(base + "/transfer")) {
                String spare = throwawayList.get();
                browser.open("/lists/" + spare);
                assertOffered("list " + spare + " (throwaway)", listOffers(spare));
                action = action.replace(list, spare);
                if (action.endsWith("/transfer")) {
                    browser.pick("lt-user", "Extra", extra.toString());
                }
            }
            browser.submit(action);
            notRefused(action);
        }
    }

    private List<String> listOffers(String list) {
        String base = "/lists/" + list;
        JsonNode can = api.get("/api/v1" + base, token).json().get("can");
        List<String> permitted = new ArrayList<>();
        offered(can, "rename", permitted, base + "/rename");
        List<String> onIt = new ArrayList<>();
        for (JsonNode contact :
                api.get("/api/v1" + base + "/contacts", token).json().get("items")) {
            onIt.add(contact.get("id").asString());
        }
        if (can.get("addContacts").asBoolean()) {
            // An existing contact goes on the list when the person's roles read it (can.list).
            for (JsonNode contact :
                    api.get("/api/v1/contacts?limit=100", token).json().get("items")) {
                if (contact.get("can").get("list").asBoolean()
                        && !onIt.contains(contact.get("id").asString())) {
                    permitted.add(base + "/contacts");
                    break;
                }
            }
            permitted.add(base + "/contacts/new");
        }
        if (can.get("removeContacts").asBoolean()) {
            onIt.forEach(contact -> permitted.add(base + "/contacts/" + contact + "/remove"));
        }
        offered(can, "share", permitted, base + "/members");
        offered(can, "hideFields", permitted, base + "/hidden-fields");
        offered(can, "transfer", permitted, base + "/transfer");
        offered(can, "delete", permitted, base + "/delete");
        return permitted;
    }

    /** The "access required" screen of a record the person cannot read offers to ask, and asking works. */
    void asksForAccess(String entity, String record) {
        String kind = RecordKind.ofEntity(entity).orElseThrow().path;
        assertThat(api.get("/api/v1/" + kind + "/" + record, token).status()).isEqualTo(404);
        browser.open("/access-requests?recordType=" + entity + "&recordId=" + record);
        assertOffered("access required", List.of("/access-requests"));
        browser.submit("/access-requests");
        notRefused("ask for " + record);
    }

    /**
     * The access requests' page offers approve and deny exactly on the requests whose
     * {@code can.decide} is true; the first of them is approved, the second denied.
     */
    void onTheRequestsPage(List<String> decisions) {
        List<String> permitted = new ArrayList<>();
        List<String> decidable = new ArrayList<>();
        for (JsonNode request : api.get("/api/v1/access-requests", token).json().get("items")) {
            if (request.get("can").get("decide").asBoolean()) {
                String id = request.get("id").asString();
                decidable.add(id);
                permitted.add("/access-requests/" + id + "/approve");
                permitted.add("/access-requests/" + id + "/deny");
            }
        }
        browser.open("/access-requests");
        assertOffered("access requests", permitted);
        assertThat(decidable).as(who + " decides").hasSizeGreaterThanOrEqualTo(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            browser.open("/access-requests");
            browser.submit("/access-requests/" + decidable.get(i) + "/" + decisions.get(i));
            notRefused(decisions.get(i) + " " + decidable.get(i));
        }
    }

    /**
     * A conversation's page, over its life: each time, the forms offered are those its {@code can}
     * says (write, take or assign, complete, reopen); the first not yet done is done, and the page
     * is asked again, until everything offered has been done once. A supervisor assigns to
     * {@code assignTo}.
     */
    void onTheConversationPage(String id, UUID assignTo) {
        String base = "/conversations/" + id;
        List<String> done = new ArrayList<>();
        while (true) {
            JsonNode can = api.get("/api/v1" + base, token).json().get("can");
            List<String> permitted = new ArrayList<>();
            if (can.get("assign").asBoolean() || can.get("take").asBoolean()) {
                permitted.add(base + "/assign");
            }
            offered(can, "write", permitted, base + "/messages");
            offered(can, "complete", permitted, base + "/complete");
            offered(can, "reopen", permitted, base + "/reopen");
            browser.open(base);
            assertOffered("conversation " + id + " after " + done, permitted);
            String next = permitted.stream()
                    .filter(a -> !done.contains(a))
                    .findFirst()
                    .orElse(null);
            if (next == null) {
                return;
            }
            done.add(next);
            if (next.endsWith("/messages")) {
                browser.fill("m-body", "Mensagem de " + who);
            } else if (next.endsWith("/assign") && can.get("assign").asBoolean()) {
                browser.pick("a-user", who, assignTo.toString());
            }
            browser.submit(next);
            notRefused(next);
        }
    }

    /**
     * The access review schedule's page: the form that sets it exactly when the API accepts a
     * schedule from the person, offering exactly the scopes the API accepts (the apps scope needs
     * integrations.manage too); the form is used. Then the page that confirms stopping it offers
     * the stop exactly when the API shows the person the schedule; the schedule is stopped.
     */
    void onTheSchedulePage(String department) {
        String page = "/access/reviews/schedule";
        List<String> scopes = new ArrayList<>();
        for (String kind : List.of("everyone", "department", "administrators", "apps")) {
            String scope = kind.equals("department")
                    ? "{\"kind\": \"department\", \"departmentId\": \"" + department + "\"}"
                    : "{\"kind\": \"" + kind + "\"}";
            Api.Response set = api.send(
                    "PUT",
                    SCHEDULE,
                    token,
                    "application/json",
                    "{\"everyMonths\": 6, \"scope\": " + scope + ", \"onTimeout\": \"keep\", \"daysToDecide\": 30}");
            assertThat(set.status()).as(set.body()).isIn(200, 403);
            if (set.status() == 200) {
                scopes.add(kind);
            }
        }
        browser.open(page);
        assertOffered("schedule", scopes.isEmpty() ? List.of() : List.of(page));
        assertThat(browser.options("sch-kind"))
                .as("the scopes offered %s on the schedule, against those the API accepts", who)
                .isEqualTo(scopes);
        if (!scopes.isEmpty()) {
            browser.fill("sch-every", "2");
            browser.fill("sch-days", "10");
            browser.chooseValue("sch-kind", scopes.get(0));
            browser.submit(page);
            notRefused("set the schedule");
        }
        boolean shown = api.get(SCHEDULE, token).status() == 200;
        browser.open(page + "/stop");
        assertOffered("stopping the schedule", shown ? List.of(page + "/stop") : List.of());
        if (shown) {
            browser.submit(page + "/stop");
            notRefused("stop the schedule");
            assertThat(api.get(SCHEDULE, token).status()).isEqualTo(404);
        }
    }

    /** Adds the action to those permitted when the API's {@code can} says yes to this key. */
    private static void offered(JsonNode can, String key, List<String> permitted, String action) {
        if (can.get(key).asBoolean()) {
            permitted.add(action);
        }
    }

    private static boolean accepted(Api.Response attempt) {
        assertThat(attempt.status()).as(attempt.body()).isIn(201, 403);
        return attempt.status() == 201;
    }

    private void assertOffered(String page, List<String> permitted) {
        assertThat(ConsoleOffersOnlyWhatIsAllowedTest.sorted(browser.offeredActions()))
                .as("what the console offers %s on %s, against what the API lets them do", who, page)
                .isEqualTo(ConsoleOffersOnlyWhatIsAllowedTest.sorted(permitted));
    }

    private void notRefused(String action) {
        assertThat(browser.refusal()).as("%s: %s", who, action).isNull();
    }
}
