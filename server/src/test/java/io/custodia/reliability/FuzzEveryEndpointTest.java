package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A fuzzer over every endpoint the application maps (read from its own handler mappings, so a new
 * endpoint is fuzzed without anyone listing it), in one workspace holding an object of every kind:
 *
 * <ol>
 *   <li>every value class of issue #22 (NUL and control characters, lone surrogates, invalid
 *       UTF-8, 100k characters, ±1e400, NaN and Infinity, -0, years -1, 0, 10000 and +999999999,
 *       offsets ±18:00, empty and blank) in every field of every JSON body, every CSV column of
 *       every import, every form field and every query parameter, one at a time in an otherwise
 *       valid request ({@link FuzzTargets});
 *   <li>seeded random requests: malformed and odd bodies, wrong content types, invalid UTF-8,
 *       oversized bodies, odd path ids and query values, with and without a token;
 *   <li>every list endpoint, every page, and a simulation, as a reader of each role template and
 *       readers whose roles have conditions on every custom field: what answered 2xx before the
 *       fuzz must still ({@link StoredValueReads}).
 * </ol>
 *
 * No answer may be a 5xx, no refusal of a seeded random request may name a Java class (an
 * exception's name or message), and no stored value may break a later read.
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
    void noRequestToAnyEndpointGetsAServerErrorAndNoStoredValueBreaksARead() throws Exception {
        Tenant t = newWorkspace();
        FuzzedWorkspace w = new FuzzedWorkspace(t, api(), this::onePipeline, name -> roleId(t, name));
        var handlers = mappings.getHandlerMethods();
        StoredValueReads reads = new StoredValueReads(w, api(), handlers);
        Map<String, Integer> before = reads.take();

        List<String> serverErrors = new ArrayList<>(valueClasses(w, handlers));
        // The random phase signs in on its own: it may sign its token out.
        serverErrors.addAll(random(login(t.slug(), w.adminEmail, PASSWORD), w.ids.get("deals")));

        Map<String, Integer> after = reads.take();
        List<String> broken = StoredValueReads.broken(before, after);
        System.out.printf(
                "fuzz reads after: %d reads (%d list endpoints, every page, and a simulation, for %d readers);"
                        + " broken %d%n",
                after.size(), reads.endpoints(), w.readers.size(), broken.size());
        assertThat(serverErrors).as("5xx answers").isEmpty();
        assertThat(broken).as("reads that a stored value broke").isEmpty();
    }

    /**
     * Every value class in every slot (JSON field, CSV column, form field, query parameter) of
     * every endpoint, one at a time in an otherwise valid request. Answers the 5xx answers.
     */
    private List<String> valueClasses(FuzzedWorkspace w, Map<RequestMappingInfo, HandlerMethod> handlers) {
        List<FuzzTargets.Slot> slots = new FuzzTargets(w, api()).slots(handlers);
        Map<String, Integer> perClass = new LinkedHashMap<>();
        Map<FuzzTargets.Kind, Integer> perKind = new EnumMap<>(FuzzTargets.Kind.class);
        List<String> serverErrors = new ArrayList<>();
        for (FuzzTargets.Slot slot : slots) {
            for (ValueClasses.ValueClass value : ValueClasses.ALL) {
                Api.Response response;
                try {
                    response = slot.send(api(), w.tenant.adminToken(), value);
                } catch (IllegalArgumentException refusedByTheClient) {
                    continue; // the client itself refuses some odd requests; nothing reached the server
                } catch (IllegalStateException noAnswer) {
                    serverErrors.add(slot.method() + " " + slot.path() + " " + slot.kind() + " " + slot.field() + " = "
                            + value.name() + " -> no answer: " + noAnswer.getCause());
                    continue;
                }
                perClass.merge(value.name(), 1, Integer::sum);
                perKind.merge(slot.kind(), 1, Integer::sum);
                if (response.status() >= 500) {
                    serverErrors.add(slot.method() + " " + slot.path() + " " + slot.kind() + " " + slot.field() + " = "
                            + value.name() + " -> " + response.status() + " "
                            + response.body()
                                    .substring(0, Math.min(300, response.body().length())));
                }
            }
        }
        System.out.printf(
                "fuzz value classes: %,d requests over %d slots (%s), per class %s; 5xx %d%n",
                perClass.values().stream().mapToInt(Integer::intValue).sum(),
                slots.size(),
                perKind,
                perClass,
                serverErrors.size());
        return serverErrors;
    }

    /** The seeded random phase: malformed and odd requests to random endpoints. Answers the 5xx answers. */
    private List<String> random(String token, String deal) throws Exception {
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
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
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
                request.header("Authorization", "Bearer " + token);
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
        assertThat(classNames)
                .as("problems naming Java classes out of %d requests", REQUESTS)
                .isEmpty();
        return serverErrors;
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
