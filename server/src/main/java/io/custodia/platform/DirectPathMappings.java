package io.custodia.platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
        };
    }

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
