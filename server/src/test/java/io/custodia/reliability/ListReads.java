package io.custodia.reliability;

import io.custodia.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The list pages of the API as one viewer reads them in a written {@link TwinWorld} (and its {@link
 * TwinInbox}): every GET path without path variables that answers a page ({@code items}), found
 * from the handler mappings as {@link Probes} finds them, bare, at every sort with pages of {@value
 * #PAGE} followed to the end, by every tab, team, owner, stage and parent record; a list's contacts,
 * a conversation's messages, and every record, list and conversation by id. Each answer becomes one
 * line: who asked, the request, and the answer as {@link AnswerLabels} normalises it.
 */
final class ListReads {
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]+))?}");
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");
    private static final Pattern ITEMS = Pattern.compile("^\\{.*\"items\":\\[", Pattern.DOTALL);
    private static final int PAGE = 3;
    private static final int MOST_PAGES = 100;
    private static final List<String> SORTS = List.of("-updatedAt", "updatedAt", "name");
    private static final List<String> TABS = List.of("mine", "queue", "others", "completed");
    /** The parent filters, in a fixed order (a {@code Map.of}'s changes from run to run). */
    private static final List<String> PARENTS = List.of("dealId", "contactId", "companyId");

    /** A list path and the query parameters its handler takes. */
    record Endpoint(String path, Set<String> parameters) {}

    private final Api api;
    private final TwinWorld world;
    private final TwinInbox inbox;
    private final List<Endpoint> endpoints;
    private final AnswerLabels labels;
    private final List<String> lines = new ArrayList<>();
    /** Each record as the bare page of its type showed it, by viewer and the record's path. */
    private final Map<String, JsonNode> listed = new HashMap<>();

    private final List<String> disagreements = new ArrayList<>();

    ListReads(Api api, TwinWorld world, TwinInbox inbox, List<Endpoint> endpoints, AnswerLabels labels) {
        this.api = api;
        this.world = world;
        this.inbox = inbox;
        this.endpoints = endpoints;
        this.labels = labels;
    }

    /**
     * Every GET path of the API without path variables (record types filled in) whose answer to the
     * workspace's administrator is a page of {@code items}, by path.
     */
    static List<Endpoint> endpoints(Api api, RequestMappingHandlerMapping mappings, String adminToken) {
        Map<String, Set<String>> found = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (!isGet(info) || !answersJson(info)) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/v1/")) {
                    for (String path : alternatives(pattern)) {
                        if (!VARIABLE.matcher(path).find()) {
                            found.computeIfAbsent(path, p -> new TreeSet<>()).addAll(parameters(method));
                        }
                    }
                }
            }
        });
        List<Endpoint> lists = new ArrayList<>();
        found.forEach((path, parameters) -> {
            Api.Response answer = api.get(path, adminToken);
            if (answer.status() == 200 && ITEMS.matcher(answer.body()).find()) {
                lists.add(new Endpoint(path, parameters));
            }
        });
        return lists;
    }

    private static boolean isGet(RequestMappingInfo info) {
        return info.getMethodsCondition().getMethods().contains(RequestMethod.GET);
    }

    /** Whether the handler answers JSON: not a stream, nor a CSV export (which would be audited as one). */
    private static boolean answersJson(RequestMappingInfo info) {
        Set<MediaType> produces = info.getProducesCondition().getProducibleMediaTypes();
        return produces.isEmpty() || produces.stream().anyMatch(MediaType.APPLICATION_JSON::isCompatibleWith);
    }

    /** The pattern with each variable that lists its values ({@code {type:deals|notes}}) filled by each. */
    private static List<String> alternatives(String pattern) {
        List<String> paths = new ArrayList<>(List.of(pattern));
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            if (m.group(2) == null) {
                continue;
            }
            List<String> filled = new ArrayList<>();
            for (String path : paths) {
                for (String value : m.group(2).split("\\|")) {
                    filled.add(path.replace(m.group(), value));
                }
            }
            paths = filled;
        }
        return paths;
    }

    private static Set<String> parameters(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = param.name().isEmpty() ? param.value() : param.name();
                names.add(name.isEmpty() ? parameter.getParameterName() : name);
            }
        }
        return names;
    }

    /**
     * The records a page showed otherwise than their own read did, as the same viewer (a record's
     * page and its single read decide with the same facts, so they say the same, {@code can} included).
     */
    List<String> disagreements() {
        return disagreements;
    }

    /** The lines of every read so far, in the order read. */
    List<String> lines() {
        return lines;
    }

    /** Every read, as this viewer. */
    void readAs(String viewer, String token) {
        for (Endpoint e : endpoints) {
            String table = tableOf(e.path());
            Api.Response bare = read(viewer, token, e.path(), Map.of());
            if (table != null && bare.status() == 200) {
                bare.json()
                        .get("items")
                        .forEach(item -> listed.put(
                                viewer + " " + e.path() + "/" + item.get("id").asString(), item));
            }
            Set<String> p = e.parameters();
            if (p.contains("limit") && p.contains("cursor")) {
                for (String sort : p.contains("sort") ? SORTS : List.of("")) {
                    read(viewer, token, e.path(), sort.isEmpty() ? Map.of("limit", "" + PAGE) : sorted(sort));
                }
            }
            if (p.contains("tab")) {
                for (String tab : TABS) {
                    read(viewer, token, e.path(), Map.of("tab", tab));
                    read(viewer, token, e.path(), query("tab", tab, "limit", "" + PAGE));
                }
            }
            if (p.contains("teamId")) {
                inbox.teams.forEach(t -> read(viewer, token, e.path(), Map.of("teamId", t.id().toString())));
            }
            if (table == null) {
                continue;
            }
            if (p.contains("ownerId")) {
                world.users.forEach(u -> read(viewer, token, e.path(), Map.of("ownerId", u.toString())));
            }
            if (p.contains("stageId") && table.equals("deal")) {
                world.stages.forEach(s -> read(viewer, token, e.path(), Map.of("stageId", s.toString())));
            }
            for (String key : PARENTS) {
                String parent = key.substring(0, key.length() - 2);
                if (p.contains(key) && hasColumn(table, parent + "_id")) {
                    rowsOf(parent).forEach(id -> read(viewer, token, e.path(), Map.of(key, id.toString())));
                }
            }
        }
        for (TwinWorld.SharedList list : world.lists) {
            String path = "/api/v1/lists/" + list.id();
            read(viewer, token, path, Map.of());
            read(viewer, token, path + "/contacts", Map.of());
            read(viewer, token, path + "/contacts", Map.of("limit", "" + PAGE));
        }
        for (TwinInbox.Conversation c : inbox.conversations) {
            String path = "/api/v1/conversations/" + c.id();
            read(viewer, token, path, Map.of());
            read(viewer, token, path + "/messages", Map.of());
            read(viewer, token, path + "/messages", Map.of("limit", "1"));
        }
        for (TwinWorld.Row row : world.rows) {
            String path = "/api/v1/" + Probes.plural(row.table()) + "/" + row.id();
            Api.Response one = read(viewer, token, path, Map.of());
            JsonNode inPage = listed.get(viewer + " " + path);
            if (inPage != null && (one.status() != 200 || !one.json().equals(inPage))) {
                disagreements.add(viewer + " " + path + ": in a page " + inPage + ", alone " + one.body());
            }
        }
    }

    private static Map<String, String> sorted(String sort) {
        return query("sort", sort, "limit", "" + PAGE);
    }

    private static Map<String, String> query(String... namesAndValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return query;
    }

    private boolean hasColumn(String table, String column) {
        return world.rows.stream()
                .anyMatch(r -> r.table().equals(table) && r.columns().containsKey(column));
    }

    private List<UUID> rowsOf(String table) {
        return world.rows.stream()
                .filter(r -> r.table().equals(table))
                .map(TwinWorld.Row::id)
                .toList();
    }

    private static String tableOf(String path) {
        for (String entity : TwinWorld.ENTITIES) {
            if (path.equals("/api/v1/" + Probes.plural(entity))) {
                return entity;
            }
        }
        return null;
    }

    /** Reads the page and, while it names a next one, the pages after it (each cursor followed as given). */
    private Api.Response read(String viewer, String token, String path, Map<String, String> query) {
        String url = path + queryString(query);
        Api.Response first = api.get(url, token);
        Api.Response answer = first;
        lines.add(viewer + " GET " + url + " => " + labels.normal(answer));
        for (int page = 2; query.containsKey("limit"); page++) {
            Matcher next = NEXT_CURSOR.matcher(answer.body() == null ? "" : answer.body());
            if (!next.find()) {
                return first;
            }
            if (page > MOST_PAGES) {
                throw new AssertionError(url + " still names a next page after " + MOST_PAGES + " pages");
            }
            Map<String, String> after = new LinkedHashMap<>(query);
            after.put("cursor", next.group(1));
            answer = api.get(path + queryString(after), token);
            lines.add(viewer + " GET " + url + " page " + page + " => " + labels.normal(answer));
        }
        return first;
    }

    private static String queryString(Map<String, String> query) {
        StringBuilder q = new StringBuilder();
        query.forEach((name, value) -> q.append(q.isEmpty() ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return q.toString();
    }
}
