package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A seeded fuzzer over every endpoint the application maps (read from its own handler mappings, so
 * a new endpoint is fuzzed without anyone listing it): malformed and odd bodies, wrong content
 * types, invalid UTF-8, oversized bodies, odd path ids and query values, with and without a token.
 * No answer may be a 5xx, and no refusal may name a Java class (an exception's name or message).
 */
class FuzzEveryEndpointTest extends ApiTest {
    static final int REQUESTS = Integer.getInteger("custodia.fuzz.requests", 10_000);
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]+))?}");
    private static final List<String> ODD_IDS = List.of(
            "00000000-0000-0000-0000-000000000000", "not-an-id", "%00", "..%2F..", "x".repeat(300), "-1", "%E2%98%83");
    private static final List<String> ODD_VALUES = List.of(
            "null",
            "true",
            "-1",
            "1e309",
            "\"\"",
            "\"" + "a".repeat(20_000) + "\"",
            "[]",
            "{}",
            "[1,\"a\",null]",
            "{\"a\":{\"b\":[{}]}}",
            "\"2026-13-45T99:99:99Z\"",
            "\"' or 1=1 --\"",
            "\"\\u0000\"",
            "0.0000001",
            "99999999999999999999999",
            "\"<script>alert(1)</script>\"");
    private static final List<String> KEYS = List.of(
            "name",
            "title",
            "email",
            "password",
            "status",
            "visibility",
            "entities",
            "stages",
            "fields",
            "system",
            "roleId",
            "userId",
            "departmentId",
            "teamId",
            "contactId",
            "contactIds",
            "dealId",
            "companyId",
            "attendantId",
            "ownerId",
            "stageId",
            "pipelineId",
            "amount",
            "currency",
            "level",
            "body",
            "private",
            "type",
            "key",
            "options",
            "scopes",
            "redirectUris",
            "webhookUrl",
            "externalId",
            "hostEmail",
            "participantEmails",
            "startedAt",
            "fieldUpdates",
            "changes",
            "op",
            "conflictRule",
            "workspace",
            "slug",
            "admin",
            "kind",
            "channel",
            "subject",
            "supervisor",
            "head",
            "parentId",
            "recordType",
            "recordId");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** A Java class as an exception's text names it: {@code java.io.IOException}, {@code SomeException}. */
    static final Pattern JAVA_CLASS = Pattern.compile(
            "\\b(?:java|javax|jakarta|org|io|com|tools)\\.[a-z]\\w*(?:\\.\\w+)*\\.[A-Z]\\w*|\\w+Exception\\b");

    record Endpoint(String method, String pattern) {}

    @Test
    void noRequestToAnyEndpointGetsAServerError() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "D")));
        List<Endpoint> endpoints = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            boolean stream = info.getProducesCondition().getProducibleMediaTypes().stream()
                    .anyMatch(m -> m.toString().equals("text/event-stream"));
            if (stream) {
                return; // a live stream answers 200 and stays open by design
            }
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint("GET", pattern));
                }
                for (RequestMethod m : methods) {
                    endpoints.add(new Endpoint(m.name(), pattern));
                }
            }
        });
        // In a fixed order, so that the seed alone decides the requests and a failure can be replayed.
        endpoints.sort(java.util.Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        assertThat(endpoints).as("the application's endpoints").hasSizeGreaterThan(80);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(2026);
        List<String> serverErrors = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint e = endpoints.get(random.nextInt(endpoints.size()));
            String path = fill(e.pattern(), random, deal) + query(random);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
                    .timeout(Duration.ofSeconds(30));
            if (random.nextInt(10) != 0) {
                request.header("Authorization", "Bearer " + t.adminToken());
            }
            String[] types = {
                "application/json",
                "application/json",
                "text/plain",
                "application/xml",
                "text/csv",
                "application/x-www-form-urlencoded",
                "application/json; charset=ISO-8859-1"
            };
            request.header("Content-Type", types[random.nextInt(types.length)]);
            byte[] body = body(random);
            request.method(
                    e.method(),
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IllegalArgumentException bad) {
                continue; // the client itself refuses some odd paths; nothing reached the server
            }
            if (response.statusCode() >= 400
                    && JAVA_CLASS.matcher(response.body()).find()) {
                classNames.add(e.method() + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            if (response.statusCode() >= 500) {
                serverErrors.add(e.method() + " " + path + " -> " + response.statusCode() + " "
                        + response.body()
                                .substring(0, Math.min(300, response.body().length())));
            }
        }
        assertThat(serverErrors).as("5xx answers out of %d requests", REQUESTS).isEmpty();
        assertThat(classNames)
                .as("problems naming Java classes out of %d requests", REQUESTS)
                .isEmpty();
    }

    private static String fill(String pattern, Random random, String deal) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(2) != null && m.group(2).matches("[a-z|]+")) {
                String[] choices = m.group(2).split("\\|");
                value = choices[random.nextInt(choices.length)];
            } else {
                int pick = random.nextInt(4);
                value = pick == 0
                        ? deal
                        : pick == 1 ? UUID.randomUUID().toString() : ODD_IDS.get(random.nextInt(ODD_IDS.size()));
            }
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    private static String query(Random random) {
        if (random.nextInt(3) != 0) {
            return "";
        }
        String[] params = {
            "limit",
            "cursor",
            "tab",
            "q",
            "sort",
            "ownerId",
            "stageId",
            "userId",
            "entity",
            "action",
            "recordId",
            "appId",
            "from",
            "atomic",
            "dealId"
        };
        String[] values = {
            "-5",
            "0",
            "201",
            "abc",
            "%E2%98%83",
            "YWJj",
            "mine",
            UUID.randomUUID().toString(),
            "",
            "x".repeat(500),
            "2026-99-99",
            "deal",
            "read",
            "true"
        };
        return "?" + params[random.nextInt(params.length)] + "=" + values[random.nextInt(values.length)];
    }

    private static byte[] body(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return null;
            case 1:
                return new byte[] {(byte) 0xC3, (byte) 0x28, '{', (byte) 0xFF, '}'}; // invalid UTF-8
            case 2:
                return ("{\"" + KEYS.get(random.nextInt(KEYS.size())) + "\": " + (random.nextBoolean() ? "{" : "[1,"))
                        .getBytes(StandardCharsets.UTF_8);
            case 3:
                return ("{\"name\": \"" + "n".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 4:
                return "a,b,c\n1,2\n\"unterminated".getBytes(StandardCharsets.UTF_8);
            default:
                StringBuilder json = new StringBuilder("{");
                int fields = 1 + random.nextInt(5);
                for (int f = 0; f < fields; f++) {
                    if (f > 0) {
                        json.append(',');
                    }
                    json.append('"')
                            .append(KEYS.get(random.nextInt(KEYS.size())))
                            .append("\":");
                    json.append(ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
                }
                return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
