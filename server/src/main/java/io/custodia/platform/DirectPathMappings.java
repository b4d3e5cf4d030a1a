package io.custodia.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Request mappings whose variables each name a few literal values ({@code /api/v1/{type:contacts|deals}})
 * are found by their paths as literal mappings are, not by trying every mapping of the application.
 *
 * <p>Spring MVC looks a literal path up in a map, but a path with a variable is matched against each
 * of the ~300 mappings in turn (its method, its media types, its pattern): a tenth of a list page's
 * time (issue #26), while {@code /api/v1/me} paid nothing. The expansion only indexes such a mapping
 * under each path it can match; the mapping itself, with its pattern and variables, still decides
 * the match. As for any literal path, a mapping found this way is not weighed against pattern
 * mappings that would match the same path; those that do are less specific, so the full search
 * would choose the same one ({@code DirectPathMappingsTest} checks every expanded path).
 */
@Component
class DirectPathMappings implements WebMvcRegistrations {
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::([^}]*))?}");
    private static final Pattern LITERALS = Pattern.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*");

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new RequestMappingHandlerMapping() {
            @Override
            protected Set<String> getDirectPaths(RequestMappingInfo info) {
                Set<String> paths = new LinkedHashSet<>(super.getDirectPaths(info));
                for (String pattern : info.getPatternValues()) {
                    paths.addAll(expanded(pattern));
                }
                return paths;
            }

            @Override
            protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
                return mayMatch(info, request) ? super.getMatchingMapping(info, request) : null;
            }
        };
    }

    /** Each mapping's literal beginnings, one per pattern ({@link #beginning}). */
    private static final Map<RequestMappingInfo, List<String>> BEGINNINGS = new ConcurrentHashMap<>();

    private static final String MATCHED_PATH = DirectPathMappings.class.getName() + ".path";

    /**
     * Whether the request's path begins as one of the mapping's patterns does: a path that does not
     * cannot match it, and this costs a string comparison where Spring's own test checks the method,
     * the media types and then the pattern. Where the path is not known, it may.
     */
    static boolean mayMatch(RequestMappingInfo info, HttpServletRequest request) {
        String path = matchedPath(request);
        if (path == null) {
            return true;
        }
        List<String> beginnings = BEGINNINGS.computeIfAbsent(
                info,
                i -> i.getPatternValues().stream()
                        .map(DirectPathMappings::beginning)
                        .toList());
        if (beginnings.isEmpty()) {
            return true;
        }
        for (String beginning : beginnings) {
            if (path.startsWith(beginning)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The part of a pattern that every path it matches begins with: the whole segments before its
     * first variable or wildcard, without the separator after them ({@code /files/**} matches
     * {@code /files} too).
     */
    static String beginning(String pattern) {
        int open = pattern.length();
        for (char c : new char[] {'{', '*', '?'}) {
            int at = pattern.indexOf(c);
            if (at >= 0 && at < open) {
                open = at;
            }
        }
        if (open == pattern.length()) {
            return pattern;
        }
        int separator = pattern.lastIndexOf('/', open);
        return separator <= 0 ? "" : pattern.substring(0, separator);
    }

    /**
     * The path as patterns are matched against it: within the application, each segment decoded
     * and without its matrix parameters ({@link PathContainer.PathSegment#valueToMatch}); kept on
     * the request for the other mappings.
     */
    private static String matchedPath(HttpServletRequest request) {
        if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
            return null;
        }
        RequestPath parsed = ServletRequestPathUtils.getParsedRequestPath(request);
        // Kept with the parsed path it was made from: a call the console makes in process shares
        // the page's attributes but has a path of its own.
        if (request.getAttribute(MATCHED_PATH) instanceof Matched known && known.parsed() == parsed) {
            return known.path();
        }
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element element : parsed.pathWithinApplication().elements()) {
            path.append(
                    element instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : element.value());
        }
        Matched matched = new Matched(parsed, path.toString());
        request.setAttribute(MATCHED_PATH, matched);
        return matched.path();
    }

    private record Matched(RequestPath parsed, String path) {}

    /**
     * Every literal path a pattern can match when each of its variables is a choice of literal
     * segments ({@code {type:contacts|deals}}); none when any part is open (a plain variable, a
     * wildcard, any other expression).
     */
    static List<String> expanded(String pattern) {
        if (pattern.contains("*")) {
            return List.of();
        }
        List<String> paths = new ArrayList<>(List.of(""));
        Matcher variable = VARIABLE.matcher(pattern);
        int at = 0;
        while (variable.find()) {
            String choices = variable.group(2);
            if (choices == null || !LITERALS.matcher(choices).matches()) {
                return List.of();
            }
            String before = pattern.substring(at, variable.start());
            List<String> longer = new ArrayList<>();
            for (String path : paths) {
                for (String choice : choices.split("\\|")) {
                    longer.add(path + before + choice);
                }
            }
            paths = longer;
            at = variable.end();
        }
        if (at == 0) {
            return List.of();
        }
        String rest = pattern.substring(at);
        if (rest.contains("{")) {
            return List.of();
        }
        return paths.stream().map(path -> path + rest).toList();
    }
}
