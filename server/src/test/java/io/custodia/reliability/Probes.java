package io.custodia.reliability;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The viewer's requests, made in both twins and compared: every GET endpoint of the API read from
 * the handler mappings, its path variables filled with every id of the worlds, its query parameters
 * with every value that could tell a secret (searches for every stored text, filters by every id,
 * every sort), pages of one followed to the end, forged cursors; then simulations and writes that
 * repeat each world's values.
 */
final class Probes {
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]+))?}");
    private static final Pattern TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
    private static final int MOST_PAGES = 40;

    /** One twin as the viewer reaches it, and the names of its own that answers may carry. */
    record Side(ApiTest.Tenant tenant, String token) {}

    private final Api api;
    private final RequestMappingHandlerMapping mappings;
    private final TwinWorld a;
    private final TwinWorld b;
    private final Side first;
    private final Side second;
    private final Map<String, String> firstNames;
    private final Map<String, String> secondNames;
    private final Set<String> secrets = new LinkedHashSet<>();
    private final List<String> differences = new ArrayList<>();
    private long pairs;

    Probes(Api api, RequestMappingHandlerMapping mappings, TwinWorld a, TwinWorld b, Side first, Side second) {
        this.api = api;
        this.mappings = mappings;
        this.a = a;
        this.b = b;
        this.first = first;
        this.second = second;
        this.firstNames = ownNames(first);
        this.secondNames = ownNames(second);
        for (TwinWorld w : List.of(a, b)) {
            for (TwinWorld.Row row : w.rows) {
                row.columns().forEach((column, value) -> {
                    if (TwinWorld.textColumns().contains(column) && value != null) {
                        secrets.add(value.toString());
                    }
                });
            }
        }
    }

    List<String> differences() {
        return differences;
    }

    /** What a workspace calls by its own names (its id, slug, administrator, template roles): set aside. */
    private Map<String, String> ownNames(Side side) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(side.tenant().id().toString(), "<workspace>");
        names.put(side.tenant().adminId().toString(), "<admin>");
        names.put(side.tenant().slug(), "<slug>");
        api.get("/api/v1/roles", side.tenant().adminToken())
                .json()
                .get("items")
                .valueStream()
                .forEach(role -> names.putIfAbsent(
                        role.get("id").asString(), "<role " + role.get("name").asString() + ">"));
        // Assignments made with the workspace (the administrator's): the world's own have fixed ids.
        Set<String> worlds = new LinkedHashSet<>();
        a.assignments.forEach(x -> worlds.add(x.id().toString()));
        api.get("/api/v1/role-assignments", side.tenant().adminToken())
                .json()
                .get("items")
                .valueStream()
                .map(assignment -> assignment.get("id").asString())
                .filter(id -> !worlds.contains(id))
                .forEach(id -> names.putIfAbsent(id, "<workspace's assignment>"));
        return names;
    }

    /** Every probe; answers how many answer pairs were compared. */
    long run() {
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (isGet(info) && !streams(info)) {
                for (String pattern : info.getPatternValues()) {
                    if (pattern.startsWith("/api/v1/")) {
                        for (String path : paths(pattern)) {
                            queries(pattern, method).forEach(query -> read(path, query));
                        }
                    }
                }
            }
        });
        // A simulation's counts are told to whoever manages roles: what a role would reach is theirs to know.
        if (!a.manager) {
            simulations();
        }
        writes();
        return pairs;
    }

    private static boolean isGet(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        return methods.contains(RequestMethod.GET);
    }

    private static boolean streams(RequestMappingInfo info) {
        return info.getProducesCondition().getProducibleMediaTypes().contains(MediaType.TEXT_EVENT_STREAM);
    }

    /** The pattern with its variables filled: record types by their alternatives, ids by every id of the worlds. */
    private List<String> paths(String pattern) {
        List<String> paths = List.of(pattern);
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            String variable = m.group();
            List<String> values = m.group(2) != null ? List.of(m.group(2).split("\\|")) : idsFor(pattern, m.group(1));
            List<String> filled = new ArrayList<>();
            for (String path : paths) {
                for (String value : values) {
                    filled.add(path.replace(variable, value));
                }
            }
            paths = filled;
        }
        return paths;
    }

    /** The ids a path variable takes: records of the path's type where it names one, else every other id. */
    private List<String> idsFor(String pattern, String variable) {
        Set<String> ids = new LinkedHashSet<>();
        boolean records = pattern.startsWith("/api/v1/{type") && (variable.equals("id") || variable.equals("recordId"));
        for (TwinWorld w : List.of(a, b)) {
            if (records || variable.equals("recordId") || variable.equals("contactId")) {
                w.rows.forEach(r -> ids.add(r.id().toString()));
            } else {
                w.users.forEach(u -> ids.add(u.toString()));
                w.lists.forEach(l -> ids.add(l.id().toString()));
                w.roles.forEach(r -> ids.add(r.id().toString()));
                w.departments.forEach(d -> ids.add(d.id().toString()));
                w.stages.forEach(s -> ids.add(s.toString()));
                ids.add(w.pipeline.toString());
                w.rows.stream().limit(3).forEach(r -> ids.add(r.id().toString()));
            }
        }
        ids.add(new UUID(1, 1).toString());
        return List.copyOf(ids);
    }

    /** The query strings to try: the bare list, one parameter at a time with each telling value, pages of one. */
    private List<Map<String, String>> queries(String pattern, HandlerMethod method) {
        Map<String, List<String>> optional = new LinkedHashMap<>();
        Map<String, String> required = new LinkedHashMap<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            String name = param.name().isEmpty() ? param.value() : param.name();
            if (name.isEmpty()) {
                name = parameter.getParameterName();
            }
            List<String> values = valuesFor(pattern, name, parameter.getParameterType());
            boolean mandatory = param.required() && param.defaultValue().equals(ValueConstants.DEFAULT_NONE);
            if (mandatory) {
                if (values.isEmpty()) {
                    return List.of();
                }
                required.put(name, values.get(0));
            }
            if (!values.isEmpty()) {
                optional.put(name, values);
            }
        }
        List<Map<String, String>> queries = new ArrayList<>();
        queries.add(required);
        if (optional.containsKey("entity") && optional.containsKey("action")) {
            return explanations(required, optional);
        }
        optional.forEach((name, values) -> {
            for (String value : values) {
                Map<String, String> query = new LinkedHashMap<>(required);
                query.put(name, value);
                queries.add(query);
            }
        });
        if (optional.containsKey("limit")) {
            Map<String, String> paged = new LinkedHashMap<>(required);
            paged.put("limit", "1");
            queries.add(paged);
            if (optional.containsKey("sort")) {
                Map<String, String> byName = new LinkedHashMap<>(paged);
                byName.put("sort", "name");
                queries.add(byName);
            }
        }
        return queries;
    }

    /** Explanations of every entity, action and record (the viewer may ask about themself). */
    private List<Map<String, String>> explanations(Map<String, String> required, Map<String, List<String>> optional) {
        List<Map<String, String>> queries = new ArrayList<>();
        for (String entity : TwinWorld.ENTITIES) {
            for (String action : List.of("read", "update", "delete")) {
                Map<String, String> query = new LinkedHashMap<>(required);
                query.put("userId", a.viewer.toString());
                query.put("entity", entity);
                query.put("action", action);
                queries.add(query);
                for (TwinWorld w : List.of(a, b)) {
                    w.rows.stream().filter(r -> r.table().equals(entity)).forEach(r -> {
                        Map<String, String> about = new LinkedHashMap<>(query);
                        about.put("recordId", r.id().toString());
                        queries.add(about);
                    });
                }
            }
        }
        // Whoever manages roles may ask about anyone: why each other user reads each contact, which
        // names a shared list only if the viewer is on it too.
        for (UUID user : a.manager ? a.users : List.<UUID>of()) {
            for (TwinWorld w : user.equals(a.viewer) ? List.<TwinWorld>of() : List.of(a, b)) {
                w.rows.stream().filter(r -> r.table().equals("contact")).forEach(r -> {
                    Map<String, String> about = new LinkedHashMap<>(required);
                    about.put("userId", user.toString());
                    about.put("entity", "contact");
                    about.put("action", "read");
                    about.put("recordId", r.id().toString());
                    queries.add(about);
                });
            }
        }
        return queries;
    }

    private List<String> valuesFor(String pattern, String name, Class<?> type) {
        Set<String> values = new LinkedHashSet<>();
        switch (name) {
            case "q" -> {
                String table = tableOf(pattern);
                for (TwinWorld w : List.of(a, b)) {
                    for (TwinWorld.Row row : w.rows) {
                        if (table == null || row.table().equals(table)) {
                            row.columns().forEach((column, value) -> {
                                if (TwinWorld.textColumns().contains(column) && value != null) {
                                    String text = value.toString();
                                    values.add(text);
                                    values.add(text.substring(0, Math.min(7, text.length())));
                                }
                            });
                        }
                    }
                }
                values.add("U1");
            }
            case "ownerId", "userId" -> a.users.forEach(u -> values.add(u.toString()));
            case "stageId" -> a.stages.forEach(s -> values.add(s.toString()));
            case "dealId", "contactId", "companyId" -> {
                String table = name.substring(0, name.length() - 2);
                for (TwinWorld w : List.of(a, b)) {
                    w.rows.stream().filter(r -> r.table().equals(table)).forEach(r -> values.add(r.id().toString()));
                }
            }
            case "sort" -> values.addAll(List.of("name", "updatedAt", "-updatedAt"));
            case "pipelineId" -> values.add(a.pipeline.toString());
            // Reports: activities are due around 2025-01-10; deals closed the day the worlds were written.
            case "by" -> values.addAll(List.of("month", "quarter", "year"));
            case "from", "to" -> values.addAll(List.of("0001-01-01", "2025-01-01", "2025-01-31", "9999-12-31"));
            case "on" -> values.addAll(List.of("2025-01-10", "2025-01-03", "2025-01-17"));
            case "entity" -> values.addAll(TwinWorld.ENTITIES);
            case "action" -> values.add("read");
            case "limit" -> values.add("1");
            default -> {
                if (type == boolean.class || type == Boolean.class) {
                    values.addAll(List.of("true", "false"));
                } else if (type == UUID.class) {
                    values.add(a.viewer.toString());
                }
            }
        }
        return List.copyOf(values);
    }

    private static String tableOf(String pattern) {
        for (String entity : TwinWorld.ENTITIES) {
            String plural =
                    entity.equals("company") ? "companies" : entity.equals("activity") ? "activities" : entity + "s";
            if (pattern.startsWith("/api/v1/" + plural)) {
                return entity;
            }
        }
        return null;
    }

    /** Reads the path in both twins and compares; follows a next page's cursor while the pages are alike. */
    private void read(String path, Map<String, String> query) {
        String url = path + queryString(query);
        Api.Response one = api.get(url, first.token());
        Api.Response two = api.get(url, second.token());
        compare("GET " + url, one, two);
        for (int page = 0; page < MOST_PAGES && query.containsKey("limit"); page++) {
            String nextOne = cursorOf(one);
            String nextTwo = cursorOf(two);
            if (nextOne == null || nextTwo == null) {
                return;
            }
            if (page == 0) {
                forged(path, query, nextOne, nextTwo);
            }
            Map<String, String> after = new LinkedHashMap<>(query);
            after.put("cursor", nextOne);
            one = api.get(path + queryString(after), first.token());
            after.put("cursor", nextTwo);
            two = api.get(path + queryString(after), second.token());
            compare("GET " + url + " page " + (page + 2), one, two);
        }
    }

    /** A cursor with one character changed is refused alike: never a page. */
    private void forged(String path, Map<String, String> query, String one, String two) {
        Map<String, String> after = new LinkedHashMap<>(query);
        after.put("cursor", edited(one));
        Api.Response forgedOne = api.get(path + queryString(after), first.token());
        after.put("cursor", edited(two));
        Api.Response forgedTwo = api.get(path + queryString(after), second.token());
        compare("GET " + path + " with a forged cursor", forgedOne, forgedTwo);
        if (forgedOne.status() != 400) {
            differences.add("GET " + path + " accepted a forged cursor: " + forgedOne.status());
        }
    }

    private static String edited(String cursor) {
        int at = cursor.length() / 2;
        char c = cursor.charAt(at);
        return cursor.substring(0, at) + (c == 'A' ? 'B' : 'A') + cursor.substring(at + 1);
    }

    private String cursorOf(Api.Response response) {
        Matcher m = NEXT_CURSOR.matcher(response.body());
        if (!m.find()) {
            return null;
        }
        String cursor = m.group(1);
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64) {
            return cursor;
        }
        String clear = new String(bytes, StandardCharsets.ISO_8859_1);
        for (String secret : secrets) {
            if (clear.contains(secret)) {
                differences.add("a cursor carries a stored value in clear: " + secret);
            }
        }
        return cursor;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder q = new StringBuilder();
        query.forEach((name, value) -> q.append(q.isEmpty() ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** What each change to the viewer's own access would gain and lose: counts of records only they may read. */
    private void simulations() {
        List<Map<String, Object>> changes = new ArrayList<>();
        a.roles.forEach(r -> changes.add(Map.of("op", "assignRole", "roleId", r.id().toString())));
        a.departments.forEach(d -> changes.add(Map.of("op", "joinDepartment", "departmentId", d.id().toString())));
        a.departments.forEach(d -> changes.add(Map.of("op", "leaveDepartment", "departmentId", d.id().toString())));
        for (Map<String, Object> change : changes) {
            Map<String, Object> body = Map.of("userId", a.viewer.toString(), "changes", List.of(change));
            compare(
                    "POST /api/v1/access/simulate " + change,
                    api.post("/api/v1/access/simulate", first.token(), body),
                    api.post("/api/v1/access/simulate", second.token(), body));
        }
        Map<String, Object> one = Map.of(
                "userId", a.viewer.toString(),
                "changes", List.of(Map.of("op", "assignRole", "roleId", administratorOf(first))));
        Map<String, Object> two = Map.of(
                "userId", a.viewer.toString(),
                "changes", List.of(Map.of("op", "assignRole", "roleId", administratorOf(second))));
        compare(
                "POST /api/v1/access/simulate of the Administrator role",
                api.post("/api/v1/access/simulate", first.token(), one),
                api.post("/api/v1/access/simulate", second.token(), two));
    }

    private String administratorOf(Side side) {
        return api.get("/api/v1/roles", side.tenant().adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("name").asString().equals("Administrator"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
    }

    /**
     * Writes that repeat either twin's value of every text field of every record: whoever may not
     * update gets one answer whatever the body, and a hidden field one answer whatever its value.
     */
    private void writes() {
        for (TwinWorld.Row row : a.rows) {
            if (row.trashed()) {
                continue;
            }
            String path = "/api/v1/" + plural(row.table()) + "/" + row.id();
            TwinWorld.Row twin = b.find(row.id());
            for (String column : row.columns().keySet()) {
                String key = TwinWorld.keyOf(column);
                if (key == null) {
                    continue;
                }
                for (Object value : new LinkedHashSet<>(
                        Arrays.asList(row.columns().get(column), twin.columns().get(column)))) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put(key, value instanceof BigDecimal n ? n : value == null ? null : value.toString());
                    compare(
                            "PATCH " + path + " " + body,
                            api.patch(path, first.token(), body),
                            api.patch(path, second.token(), body));
                }
            }
            // The owner as either twin stores or reads it (an overlay's successor): where visible, one.
            for (UUID o : new LinkedHashSet<>(List.of(row.owner(), twin.owner(), a.ownerOf(row), b.ownerOf(twin)))) {
                Map<String, Object> body = Map.of("ownerId", o.toString());
                compare(
                        "PATCH " + path + " " + body,
                        api.patch(path, first.token(), body),
                        api.patch(path, second.token(), body));
            }
        }
    }

    static String plural(String entity) {
        return entity.equals("company") ? "companies" : entity.equals("activity") ? "activities" : entity + "s";
    }

    private void compare(String what, Api.Response one, Api.Response two) {
        pairs++;
        String left = normal(one, firstNames);
        String right = normal(two, secondNames);
        if (!left.equals(right)) {
            int at = 0;
            while (at < Math.min(left.length(), right.length()) && left.charAt(at) == right.charAt(at)) {
                at++;
            }
            int from = Math.max(0, at - 80);
            differences.add(what + "\n    first:  " + left.substring(from, Math.min(left.length(), at + 120))
                    + "\n    second: " + right.substring(from, Math.min(right.length(), at + 120)));
        }
    }

    /** The answer with what is the workspace's own (names, times, cursors' bytes) set aside. */
    private static String normal(Api.Response response, Map<String, String> names) {
        String body = response.body() == null ? "" : response.body();
        for (Map.Entry<String, String> name : names.entrySet()) {
            body = body.replace(name.getKey(), name.getValue());
        }
        body = TIME.matcher(body).replaceAll("<time>");
        body = NEXT_CURSOR.matcher(body).replaceAll("\"nextCursor\":\"<cursor>\"");
        String etag = response.header("ETag");
        return response.status() + " " + (etag == null ? "" : etag) + " " + body;
    }
}
