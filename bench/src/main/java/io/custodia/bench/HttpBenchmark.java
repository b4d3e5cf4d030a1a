package io.custodia.bench;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.CustodiaApplication;
import io.custodia.directory.Passwords;
import io.custodia.platform.Tenancy;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP path end to end: the real server on the demo workspace, driven by {@code wrk} on
 * loopback, each request at 8 and 32 connections, with {@code /api/v1/me} measured in the same run
 * as the floor a page is compared with (issue #26). It prints, per request and connection count,
 * requests per second, p50 and p99, the share of {@code /me}'s throughput, and the share of the
 * mean of {@code /me} measured (half as long) just before and just after the request ("beside"),
 * and the processor time the server's JVM and PostgreSQL spent per request ({@link ServerCpu}).
 *
 * <p>System properties: {@code dir} (default bench/data/http, the embedded database, made once
 * with the demo workspace), {@code seconds} per measurement (default 20), {@code connections}
 * (default 8,32), {@code requests} (names to measure, by prefix; default all), {@code warmup-rounds}
 * (the most rounds of every request before any is timed, default 8: fewer if the compiler goes quiet).
 */
public final class HttpBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WORKSPACE_SLUG = "demo";
    private static final String PASSWORD = "quiet lantern orchard twelve";
    private static final String SALESPERSON = "vendedor1@demo.test";
    private static final String MANAGER = "gerente@demo.test";
    /** The compilers' share of a warm-up round under which they count as quiet ({@link #warmUp}). */
    private static final double QUIET = 0.15;

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final ServerCpu cpu;

    private HttpBenchmark(String base, ServerCpu cpu) {
        this.base = base;
        this.cpu = cpu;
    }

    /** One request as wrk sends it: its name in the table, its path, the header that signs it in and what it accepts. */
    private record Case(String name, String path, String header, String accepts) {
        Case(String name, String path, String header) {
            this(name, path, header, "application/json");
        }
    }

    /**
     * What wrk measured for one case at one connection count, and the processor time the server's
     * JVM and PostgreSQL spent per request meanwhile (ms).
     */
    private record Measured(double perSecond, double p50, double p99, double jvmMs, double postgresMs) {}

    public static void main(String[] args) throws Exception {
        requireWrk();
        Path dir = Path.of(System.getProperty("dir", "bench/data/http"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CustodiaApplication.class)
                .properties(
                        "custodia.data-dir=" + dir.toAbsolutePath(),
                        "custodia.demo=true",
                        "server.port=0",
                        "logging.level.root=WARN")
                .run()) {
            knownPasswords(app);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            new HttpBenchmark("http://localhost:" + port, new ServerCpu(dir)).run();
        }
    }

    /** wrk from Debian's package, installed when missing (the benchmark's only tool outside Maven). */
    private static void requireWrk() throws Exception {
        try {
            new ProcessBuilder("wrk", "--version")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
        } catch (IOException missing) {
            System.out.println("wrk is missing: installing Debian's package (apt-get install -y wrk)");
            int exit = new ProcessBuilder("apt-get", "install", "-y", "wrk")
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("apt-get install wrk failed (" + exit + "): install wrk and run again");
            }
        }
    }

    /**
     * The demo prints its random passwords once, when it is made; the benchmark gives its two
     * people a known one instead, as the server stores any password (a hash).
     */
    private static void knownPasswords(ConfigurableApplicationContext app) {
        DSLContext db = app.getBean(DSLContext.class);
        Passwords passwords = app.getBean(Passwords.class);
        Tenancy.enterEveryWorkspace();
        try {
            UUID ws = db.select(WORKSPACE.ID)
                    .from(WORKSPACE)
                    .where(WORKSPACE.SLUG.eq(WORKSPACE_SLUG))
                    .fetchSingle(WORKSPACE.ID);
            db.update(APP_USER)
                    .set(APP_USER.PASSWORD_HASH, passwords.hash(PASSWORD))
                    .where(APP_USER.WORKSPACE_ID.eq(ws))
                    .and(APP_USER.EMAIL.in(SALESPERSON, MANAGER))
                    .execute();
        } finally {
            Tenancy.leave();
        }
    }

    private void run() throws Exception {
        String salesperson = "Authorization: Bearer " + signIn(SALESPERSON);
        String manager = "Authorization: Bearer " + signIn(MANAGER);
        String deal = get("/api/v1/deals?limit=1", salesperson)
                .get("items")
                .get(0)
                .get("id")
                .asString();
        List<Case> cases = List.of(
                new Case("/api/v1/me", "/api/v1/me", salesperson),
                new Case("deals (salesperson)", "/api/v1/deals", salesperson),
                new Case("deals (salesperson), limit=10", "/api/v1/deals?limit=10", salesperson),
                // The API page the console's deals page shows (its query: 25 rows, newest first).
                new Case(
                        "deals (salesperson), the console's query",
                        "/api/v1/deals?sort=-updatedAt&limit=25",
                        salesperson),
                new Case("deals (manager)", "/api/v1/deals", manager),
                new Case("contacts (manager)", "/api/v1/contacts", manager),
                new Case("companies (manager)", "/api/v1/companies", manager),
                new Case("activities (manager)", "/api/v1/activities", manager),
                new Case("inbox, others (manager)", "/api/v1/conversations?tab=others", manager),
                new Case("inbox, mine (manager)", "/api/v1/conversations?tab=mine", manager),
                new Case("one deal (salesperson)", "/api/v1/deals/" + deal, salesperson),
                new Case("console deals page (salesperson)", "/deals", consoleSession(SALESPERSON), "text/html"),
                new Case("/actuator/health", "/actuator/health", "User-Agent: wrk"));
        int seconds = Integer.getInteger("seconds", 20);
        List<Integer> connections = Arrays.stream(
                        System.getProperty("connections", "8,32").split(","))
                .map(Integer::valueOf)
                .toList();
        warmUp(cases, connections.get(connections.size() - 1), seconds);
        System.out.printf(
                "%nwrk on loopback, 2 threads, %d s per measurement; the server and wrk share the machine;"
                        + " JVM and PG: the server's and PostgreSQL's processor ms per request%n%n",
                seconds);
        System.out.printf(
                "%-44s %5s %9s %9s %9s %8s %8s %10s %7s %7s%n",
                "request", "conns", "req/s", "p50 ms", "p99 ms", "of /me", "beside", "/me beside", "JVM", "PG");
        Case me = cases.get(0);
        for (int n : connections) {
            Measured floor = null;
            // The machine's speed drifts by a third within minutes here: each request is also
            // compared with /me measured just before and just after it (half as long each).
            Measured before = null;
            for (Case c : cases) {
                if (!selected(c.name())) {
                    continue;
                }
                Measured m = wrk(c, n, seconds, true);
                String beside = "";
                String meBeside = "";
                if (c == me) {
                    floor = m;
                    before = m;
                } else if (before != null) {
                    Measured after = wrk(me, n, Math.max(2, seconds / 2), false);
                    double mean = (before.perSecond() + after.perSecond()) / 2;
                    beside = percent(m, mean);
                    meBeside = String.format("%.0f", mean);
                    before = after;
                }
                System.out.printf(
                        "%-44s %5d %9.0f %9.2f %9.2f %8s %8s %10s %7.3f %7.3f%n",
                        c.name(),
                        n,
                        m.perSecond(),
                        m.p50(),
                        m.p99(),
                        floor == null ? "" : percent(m, floor.perSecond()),
                        beside,
                        meBeside,
                        m.jvmMs(),
                        m.postgresMs());
            }
        }
    }

    /**
     * Every request for the full time, round after round, until the compiler has gone quiet: on two
     * cores shared with wrk and PostgreSQL, HotSpot's one optimising (C2) compiler thread needs
     * minutes of load to compile the server's paths (measured 2026-12-07: {@code /me} alone rose
     * from 1,780 to 5,000 req/s over its first three minutes, as long as C2 was busy), and a request
     * timed before then is timed half compiled. The compilers' time is summed over their threads
     * (C1's too), so a round can count more than 100 %; in a full run it was about all of each of
     * the first three rounds, then 23, 11, 11 and 10 %, and it stays near a tenth for as long as
     * the load goes on. Quiet is a round under {@link #QUIET}; at least two rounds, at most
     * {@code -Dwarmup-rounds} (default 8). With -Drequests only the requests measured are warmed
     * (a profile then samples only them).
     */
    private void warmUp(List<Case> cases, int connections, int seconds) throws Exception {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        int most = Integer.getInteger("warmup-rounds", 8);
        double share = 0;
        for (int round = 1; round <= most; round++) {
            long compiledBefore = compiler.getTotalCompilationTime();
            long started = System.nanoTime();
            for (Case c : cases) {
                if (selected(c.name())) {
                    output(command(c, connections, seconds));
                }
            }
            share = (compiler.getTotalCompilationTime() - compiledBefore) / ((System.nanoTime() - started) / 1e6);
            System.out.printf(
                    "warm-up round %d of at most %d: the compilers worked %.1f %% of it%n", round, most, 100 * share);
            if (round >= 2 && share < QUIET) {
                return;
            }
        }
        if (share >= QUIET) {
            System.out.println(
                    "the compilers were still at work in the last warm-up round: the figures below may rise in a longer run");
        }
    }

    private static String percent(Measured m, double of) {
        return String.format("%.0f %%", 100 * m.perSecond() / of);
    }

    /** {@code -Drequests=deals,/api/v1/me} measures only the requests whose names start so. */
    private static boolean selected(String name) {
        String requests = System.getProperty("requests");
        return requests == null || Arrays.stream(requests.split(",")).anyMatch(name::startsWith);
    }

    /** wrk's command line for one request at a number of connections for some seconds. */
    private List<String> command(Case c, int connections, int seconds) {
        return List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-H",
                c.header(),
                "-H",
                "Accept: " + c.accepts(),
                base + c.path());
    }

    /** One measurement: a short warm-up run when asked, then the timed one, parsed from wrk's latency report. */
    private Measured wrk(Case c, int connections, int seconds, boolean warmUp) throws Exception {
        if (warmUp) {
            output(command(c, connections, Math.max(2, seconds / 4)));
        }
        ServerCpu.Start before = cpu.start();
        String out = output(command(c, connections, seconds));
        ServerCpu.Spent spent = cpu.since(before);
        if (out.contains("Non-2xx or 3xx responses")) {
            throw new IllegalStateException(c.name() + " answered errors under load:\n" + out);
        }
        Matcher rate = REQUESTS_PER_SECOND.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output:\n" + out);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher p = PERCENTILE.matcher(out);
        while (p.find()) {
            double ms = Double.parseDouble(p.group(2))
                    * switch (p.group(3)) {
                        case "us" -> 0.001;
                        case "s" -> 1000;
                        default -> 1;
                    };
            if (p.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        Matcher count = REQUESTS.matcher(out);
        if (!count.find()) {
            throw new IllegalStateException("no request count in wrk's output:\n" + out);
        }
        ServerCpu.PerRequest perRequest = spent.per(Long.parseLong(count.group(1)));
        return new Measured(Double.parseDouble(rate.group(1)), p50, p99, perRequest.jvmMs(), perRequest.postgresMs());
    }

    private static String output(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private String signIn(String email) throws Exception {
        String body =
                JSON.writeValueAsString(Map.of("workspace", WORKSPACE_SLUG, "email", email, "password", PASSWORD));
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(
                    "signing in " + email + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).get("accessToken").asString();
    }

    private JsonNode get(String path, String header) throws Exception {
        String[] nameAndValue = header.split(": ", 2);
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header(nameAndValue[0], nameAndValue[1])
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    /** Signs in to the console as a browser does (its form, with the CSRF token it shows): the session cookie. */
    private String consoleSession(String email) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        String form = browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String fields = "workspace=" + WORKSPACE_SLUG + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(fields))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String session = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID"))
                .map(c -> c.getName() + "=" + c.getValue())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "the console's sign-in answered " + signedIn.statusCode() + " without a session"));
        return "Cookie: " + session;
    }
}
