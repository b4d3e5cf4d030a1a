package io.custodia.reliability;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every place an endpoint takes a value, read from the application's own handler mappings: each
 * field of each JSON body (the leaves of a valid body: built from the body's type, or, for bodies
 * read as maps, from the resource as the API answers it), each CSV column of an import, each form
 * field and each query parameter. Path variables name real objects of the fuzzed workspace, so an
 * odd value reaches the checks behind the first 404.
 */
final class FuzzTargets {
    static final String MARKER = "@@value-class@@";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]+))?}");
    private static final List<String> ENVELOPE = List.of("id", "version", "createdAt", "updatedAt", "template");

    enum Kind {
        JSON,
        CSV,
        FORM,
        QUERY
    }

    /** One field of one endpoint, and how to send a value class in it. */
    record Slot(String method, String path, Kind kind, String field, Supplier<Object> base) {
        /** The request body (or query) with this value class in this slot. */
        Api.Response send(Api api, String token, ValueClasses.ValueClass value) {
            return switch (kind) {
                case QUERY -> api.send(method, path + "?" + field + "=" + value.query(), token, null, null);
                case FORM ->
                    api.sendBytes(
                            method,
                            path,
                            token,
                            "application/x-www-form-urlencoded",
                            (field + "=" + value.query()).getBytes(StandardCharsets.US_ASCII));
                case CSV -> api.sendBytes(method, path, token, "text/csv", csv(value));
                case JSON -> api.sendBytes(method, path, token, "application/json", json(value));
            };
        }

        private byte[] json(ValueClasses.ValueClass value) {
            Object body = base.get();
            Object replaced =
                    FuzzTargets.replace(body, field.isEmpty() ? List.of() : List.of(field.split("\\.")), MARKER);
            return value.into(JSON.writeValueAsString(replaced), "\"" + MARKER + "\"");
        }

        @SuppressWarnings("unchecked")
        private byte[] csv(ValueClasses.ValueClass value) {
            Map<String, Object> columns = (Map<String, Object>) base.get();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((String.join(",", columns.keySet()) + "\n").getBytes(StandardCharsets.UTF_8));
            boolean first = true;
            for (Map.Entry<String, Object> column : columns.entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.write('"');
                if (column.getKey().equals(field)) {
                    out.writeBytes(value.csv());
                } else if (column.getValue() != null) {
                    out.writeBytes(String.valueOf(column.getValue())
                            .replace("\"", "\"\"")
                            .getBytes(StandardCharsets.UTF_8));
                }
                out.write('"');
            }
            out.write('\n');
            return out.toByteArray();
        }
    }

    private final FuzzedWorkspace w;
    private final Api api;
    private final AtomicInteger unique = new AtomicInteger();

    FuzzTargets(FuzzedWorkspace w, Api api) {
        this.w = w;
        this.api = api;
    }

    /** Every slot of every endpoint the mappings name. */
    List<Slot> slots(Map<RequestMappingInfo, HandlerMethod> mappings) {
        List<Slot> slots = new ArrayList<>();
        mappings.forEach((info, handler) -> {
            if (info.getProducesCondition().getProducibleMediaTypes().stream()
                    .anyMatch(m -> m.toString().equals("text/event-stream"))) {
                return;
            }
            List<String> methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? List.of("GET")
                    : info.getMethodsCondition().getMethods().stream()
                            .map(Enum::name)
                            .toList();
            for (String pattern : info.getPatternValues()) {
                for (String method : methods) {
                    for (String recordType : recordTypes(pattern)) {
                        slots.addAll(slots(method, fill(pattern, recordType), recordType, handler));
                    }
                }
            }
        });
        slots.sort(Comparator.comparing(Slot::path).thenComparing(Slot::method).thenComparing(Slot::field));
        return slots;
    }

    private List<Slot> slots(String method, String path, String recordType, HandlerMethod handler) {
        List<Slot> slots = new ArrayList<>();
        boolean writes = !method.equals("GET") && !method.equals("DELETE");
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty()
                        ? param.name()
                        : !param.value().isEmpty() ? param.value() : parameter.getParameterName();
                boolean form = writes && !path.startsWith("/api/");
                slots.add(new Slot(method, path, form ? Kind.FORM : Kind.QUERY, name, null));
            }
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                if (path.endsWith("/import")) {
                    Supplier<Object> columns = () -> columns(recordType);
                    for (String column : ((Map<?, ?>) columns.get())
                            .keySet().stream().map(String::valueOf).toList()) {
                        slots.add(new Slot(method, path, Kind.CSV, column, columns));
                    }
                    continue;
                }
                Supplier<Object> base = base(path, recordType, parameter.getGenericParameterType());
                for (String leaf : leaves(base.get(), "")) {
                    slots.add(new Slot(method, path, Kind.JSON, leaf, base));
                }
            }
        }
        return slots;
    }

    /** A valid body for the endpoint, afresh for each request (names that must be unique differ). */
    private Supplier<Object> base(String path, String recordType, Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            // Roles and sharing rules are read as maps: their bodies are one of the workspace's own.
            for (String configured : List.of("roles", "sharing-rules")) {
                if (path.startsWith("/api/v1/" + configured)) {
                    Map<String, Object> stored = read("/api/v1/" + configured + "/" + w.ids.get(configured));
                    return () -> {
                        Map<String, Object> copy = JSON.convertValue(stored, Map.class);
                        copy.put("name", "Configured " + unique.incrementAndGet());
                        return copy;
                    };
                }
            }
            if (recordType != null) {
                Map<String, Object> record = read("/api/v1/" + recordType + "/" + w.ids.get(recordType));
                return () -> JSON.convertValue(record, Map.class);
            }
            return LinkedHashMap::new;
        }
        return () -> sample(type, "");
    }

    /** A record as its import takes it: its scalar fields as columns, custom fields as {@code fields.key}. */
    private Map<String, Object> columns(String recordType) {
        Map<String, Object> record = read("/api/v1/" + recordType + "/" + w.ids.get(recordType));
        Map<String, Object> columns = new LinkedHashMap<>();
        record.forEach((key, value) -> {
            if (key.equals("fields")) {
                ((Map<?, ?>) value).forEach((k, v) -> columns.put("fields." + k, v));
            } else if (!(value instanceof List<?>)) {
                columns.put(key, value);
            }
        });
        return columns;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String path) {
        Api.Response response = api.get(path, w.tenant.adminToken());
        Map<String, Object> body = JSON.readValue(response.body(), Map.class);
        ENVELOPE.forEach(body::remove);
        return body;
    }

    /** A plausible value of a body's type, by the field's name where the type alone does not say. */
    private Object sample(Type type, String name) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == Optional.class || List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            Object one = sample(element, name);
            return raw == Optional.class ? one : List.of(one);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new LinkedHashMap<>(Map.of("amount", 1));
        }
        if (raw.isRecord()) {
            Map<String, Object> body = new LinkedHashMap<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                body.put(jsonName(raw, c), sample(c.getGenericType(), c.getName()));
            }
            return body;
        }
        if (raw.isEnum()) {
            return JSON.convertValue(raw.getEnumConstants()[0], Object.class);
        }
        if (raw == UUID.class) {
            String kind = switch (name) {
                case "userId", "attendantId", "ownerId" -> "users";
                case "contactId" -> "contacts";
                case "teamId" -> "teams";
                case "roleId" -> "roles";
                case "departmentId" -> "departments";
                case "parentId" -> "parent";
                case "companyId" -> "companies";
                default -> "deals";
            };
            return w.ids.get(kind);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return false;
        }
        if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            return 1;
        }
        if (raw == OffsetDateTime.class) {
            return "2026-06-15T10:00:00Z";
        }
        int n = unique.incrementAndGet();
        return switch (name) {
            case "email", "hostEmail" -> "fuzz" + n + "@" + w.tenant.slug() + ".test";
            case "password" -> ApiTest.PASSWORD;
            case "slug" -> "fuzz-" + n + "-" + UUID.randomUUID().toString().substring(0, 8);
            case "workspace" -> w.tenant.slug();
            case "recordType" -> "deal";
            case "entity" -> "deal";
            case "channel" -> "chat";
            case "key" -> "k" + n;
            case "type" -> "text";
            case "status" -> "active";
            case "redirectUris" -> "https://example.test/callback";
            case "webhookUrl" -> "https://example.test/hook";
            case "scopes" -> "contacts:read";
            case "participantEmails" -> "ana@acme.test";
            default -> "Value " + n;
        };
    }

    private static String jsonName(Class<?> record, RecordComponent c) {
        try {
            Field field = record.getDeclaredField(c.getName());
            JsonProperty property = field.getAnnotation(JsonProperty.class);
            if (property == null && c.getAccessor().getAnnotation(JsonProperty.class) != null) {
                property = c.getAccessor().getAnnotation(JsonProperty.class);
            }
            return property == null || property.value().isEmpty() ? c.getName() : property.value();
        } catch (NoSuchFieldException e) {
            return c.getName();
        }
    }

    /** The paths of a body's leaves: {@code fields.region}, {@code stages.0.name}; the body itself is {@code ""}. */
    static List<String> leaves(Object body, String prefix) {
        List<String> out = new ArrayList<>();
        if (body instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> out.addAll(leaves(v, prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k)));
        } else if (body instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                out.addAll(leaves(list.get(i), prefix.isEmpty() ? String.valueOf(i) : prefix + "." + i));
            }
        } else {
            out.add(prefix);
        }
        return out;
    }

    /** A copy of the body with the value at the path replaced. */
    @SuppressWarnings("unchecked")
    static Object replace(Object body, List<String> path, Object value) {
        if (path.isEmpty()) {
            return value;
        }
        String head = path.get(0);
        List<String> rest = path.subList(1, path.size());
        if (body instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list);
            int i = Integer.parseInt(head);
            copy.set(i, replace(copy.get(i), rest, value));
            return copy;
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) body);
        copy.put(head, replace(copy.get(head), rest, value));
        return copy;
    }

    /** The record types a pattern's {@code {type:a|b}} allows, or one null when it has none. */
    private static List<String> recordTypes(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            if (m.group(1).equals("type") && m.group(2) != null) {
                return List.of(m.group(2).split("\\|"));
            }
        }
        return Collections.singletonList(null);
    }

    /** The path with real ids of the fuzzed workspace for its variables. */
    private String fill(String pattern, String recordType) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1).equals("type")) {
                value = recordType == null ? "deal" : recordType;
            } else {
                String[] segments = pattern.substring(0, m.start()).split("/");
                String previous = segments.length == 0 ? "" : segments[segments.length - 1];
                value = Objects.requireNonNullElse(
                        w.idFor(
                                m.group(1),
                                previous.startsWith("{type") ? String.valueOf(recordType) : previous,
                                recordType),
                        UUID.randomUUID().toString());
            }
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }
}
